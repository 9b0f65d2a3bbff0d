/**
 * The rule catalogue (RULES.md), one file per rule id. Order here is the order
 * findings are reported in within a context.
 */
import type { Rule } from './types';

export const RULES: readonly Rule[] = [];
