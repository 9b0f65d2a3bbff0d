/**
 * Helpers for unit tests of rules: subjects built by the engine's own lookup, a
 * fixed evaluation time, and the commands of a finding's fix.
 */
import { contextSubjects } from '../../shared/diagnose';
import type { Snapshot } from '../../shared/facts';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import {
  type ConfigRule,
  type ContextRule,
  type ContextSubject,
  type FindingDraft,
  type RuleEnv,
} from '../../shared/rules/types';
import { snapshotFrom, type SnapshotInput } from './snapshot';

export const NOW = Date.parse('2026-06-01T12:00:00Z');
export const ENV: RuleEnv = { now: NOW, expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS, platform: 'linux' };

/** One subject per context, as the engine builds them. */
export function subjectsOf(snapshot: Snapshot): ContextSubject[] {
  return contextSubjects(snapshot);
}

/** The subject for one context (the first one when no name is given). */
export function subjectOf(input: SnapshotInput, name?: string): ContextSubject {
  const subjects = subjectsOf(snapshotFrom(input));
  const subject = name === undefined ? subjects[0] : subjects.find((s) => s.name === name);
  if (!subject) throw new Error(`no context ${name ?? ''} in the test kubeconfig`);
  return subject;
}

export function commandsOf(drafts: readonly FindingDraft[]): string[] {
  return drafts.flatMap((d) => d.fix.steps.flatMap((s) => (s.command === undefined ? [] : [s.command])));
}

/** Runs a rule through its declared interface, as the engine does (a rule may ignore `env`). */
export function runContextRule(rule: ContextRule, subject: ContextSubject, env: RuleEnv = ENV): FindingDraft[] {
  return rule.check(subject, env);
}

export function runConfigRule(rule: ConfigRule, snapshot: Snapshot, env: RuleEnv = ENV): FindingDraft[] {
  return rule.check(snapshot, env);
}
