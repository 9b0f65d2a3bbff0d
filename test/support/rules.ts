/**
 * Helpers for unit tests of context and source rules: subjects the way the engine
 * builds them, a fixed evaluation time, and the commands of a finding's fix.
 */
import type { Snapshot } from '../../shared/facts';
import { DEFAULT_LEAD_TIMES, type ContextSubject, type FindingDraft, type RuleEnv } from '../../shared/rules/types';
import { snapshotFrom, type SnapshotInput } from './snapshot';

export const NOW = Date.parse('2026-06-01T12:00:00Z');
export const ENV: RuleEnv = { now: NOW, leadTimes: DEFAULT_LEAD_TIMES, platform: 'linux' };

/** One subject per context, its cluster and user looked up by name, as the engine does. */
export function subjectsOf(snapshot: Snapshot): ContextSubject[] {
  const { config } = snapshot;
  return [...config.contexts.values()].map((context) => ({
    name: context.name,
    context,
    cluster: context.value.cluster === undefined ? undefined : config.clusters.get(context.value.cluster),
    user: context.value.user === undefined ? undefined : config.users.get(context.value.user),
    current: context.name === config.currentContext,
    snapshot,
  }));
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
