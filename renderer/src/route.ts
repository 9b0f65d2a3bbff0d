import type { FindingRef } from '../../shared/findings';
import type { RuleId } from '../../shared/rules/ids';

export type Route =
  { page: 'overview' } | { page: 'timeline' } | { page: 'settings' } | { page: 'finding'; ref: FindingRef };

export type Navigate = (route: Route) => void;

/** A ref with no `context` key at all when config-wide: the IPC validators allow only known, set fields. */
export function findingRef(rule: RuleId, context?: string): FindingRef {
  return context === undefined ? { rule } : { context, rule };
}

export function refKey(ref: FindingRef): string {
  return `${ref.context ?? ''}\u0000${ref.rule}`;
}
