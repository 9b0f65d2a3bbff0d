/**
 * Helpers for unit tests of rules: subjects built by the engine's own lookup, a
 * fixed evaluation time, one way to run a rule of any scope, and the commands of a finding's fix.
 */
import { contextSubjects } from '../../shared/diagnose';
import type { ContextSubject, Snapshot } from '../../shared/facts';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import {
  type ConfigRule,
  type ContextRule,
  type FindingDraft,
  type Rule,
  type RuleEnv,
  type SourceRule,
} from '../../shared/rules/types';
import { snapshotFrom, type SnapshotInput } from './snapshot';

export const NOW = Date.parse('2026-06-01T12:00:00Z');
export const ENV: RuleEnv = { now: NOW, expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS, platform: 'linux' };

/** One subject per context, as the engine builds them. */
export function subjectsOf(snapshot: Snapshot): ContextSubject[] {
  return contextSubjects(snapshot);
}

/** The subject for one context (the first one when no name is given). */
export function subjectOf(input: SnapshotInput | Snapshot, name?: string): ContextSubject {
  const subjects = subjectsOf('config' in input ? input : snapshotFrom(input));
  const subject = name === undefined ? subjects[0] : subjects.find((s) => s.name === name);
  if (!subject) throw new Error(`no context ${name ?? ''} in the test kubeconfig`);
  return subject;
}

export function commandsOf(drafts: readonly FindingDraft[]): string[] {
  const steps = (d: FindingDraft) => [...d.fix, ...(d.paths ?? []).flatMap((p) => p.steps)];
  return drafts.flatMap((d) => steps(d).flatMap((s) => (s.command === undefined ? [] : [s.command])));
}

/** What a rule of each scope runs on: a context rule on one context, the others on the whole snapshot. */
export type SubjectOf<R extends Rule> = R extends ContextRule ? ContextSubject : Snapshot;

/**
 * Runs a rule through its declared interface, as the engine does: a source rule once per
 * file of the KUBECONFIG list, the others once per subject. A rule may ignore `env`.
 */
export function runRule(rule: ContextRule, subject: ContextSubject, env?: RuleEnv): FindingDraft[];
export function runRule(rule: SourceRule | ConfigRule, snapshot: Snapshot, env?: RuleEnv): FindingDraft[];
export function runRule<R extends Rule>(rule: R, subject: SubjectOf<R>, env?: RuleEnv): FindingDraft[];
export function runRule(rule: Rule, subject: ContextSubject | Snapshot, env: RuleEnv = ENV): FindingDraft[] {
  switch (rule.scope) {
    case 'context':
      return rule.check(subject as ContextSubject, env);
    case 'source': {
      const snapshot = subject as Snapshot;
      return snapshot.sources.flatMap((source) => rule.check(source, snapshot, env));
    }
    case 'config':
      return rule.check(subject as Snapshot, env);
  }
}
