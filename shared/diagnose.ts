/**
 * The engine: (snapshot, time) -> report. Runs every rule of the catalogue on the
 * sources and on each selected context and assembles what the CLI prints and the
 * app shows. Pure: the same inputs always give the same report.
 */
import { CheckMemo } from './check-memo';
import { describeCredential } from './credentials/summary';
import { credentialTested } from './credentials/tested';
import type { ContextSubject, Snapshot } from './facts';
import { SEVERITY_RANK, worstStatus, type ContextReport, type Finding, type Report, type Status } from './findings';
import { RULES } from './rules';
import { withoutUserinfo } from './url-safety';
import { worksUntil } from './works-until';
import type { ContextRule, FindingDraft, Rule, RuleEnv, RuleMeta, RuleNeeds } from './rules/types';

/** Which contexts to check: all, the current one, or one by name. */
export type ContextSelection = { kind: 'all' } | { kind: 'current' } | { kind: 'named'; name: string };

/**
 * A draft as a finding: the rule's id, its severity and title unless the draft sets them, and the steps
 * filed under the guide of the rule's id. `fix` is set over the spread copy so it keeps its place among
 * the draft's keys: the JSON a check prints is in the order the rule wrote.
 */
function stamp(meta: RuleMeta, draft: FindingDraft): Finding {
  const { severity = meta.severity, title = meta.title, paths, ...rest } = draft;
  return {
    rule: meta.id,
    severity,
    title,
    ...rest,
    fix: { guide: meta.id, steps: draft.fix, ...(paths ? { paths } : {}) },
  };
}

function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
}

/** The contexts of one check, sharing one new memo: a check decodes nothing an earlier one decoded. */
export function contextSubjects(snapshot: Snapshot): ContextSubject[] {
  const { config } = snapshot;
  const memo = new CheckMemo(snapshot);
  return [...config.contexts.values()].map((context) => ({
    name: context.name,
    context,
    cluster: context.value.cluster === undefined ? undefined : config.clusters.get(context.value.cluster),
    user: context.value.user === undefined ? undefined : config.users.get(context.value.user),
    current: context.name === config.currentContext,
    snapshot,
    memo,
  }));
}

export function selectSubjects(subjects: ContextSubject[], selection: ContextSelection): ContextSubject[] {
  switch (selection.kind) {
    case 'all':
      // Current first: it is the one kubectl uses right now.
      return [...subjects.filter((s) => s.current), ...subjects.filter((s) => !s.current)];
    case 'current':
      return subjects.filter((s) => s.current);
    case 'named':
      return subjects.filter((s) => s.name === selection.name);
  }
}

/** A context's findings, in catalogue order and then by severity (sort is stable). */
function contextFindings(subject: ContextSubject, rules: readonly ContextRule[], env: RuleEnv): Finding[] {
  const findings = rules.flatMap((rule) => rule.check(subject, env).map((draft) => stamp(rule.meta, draft)));
  return findings.sort(bySeverity);
}

/**
 * The worst severity, unless no finding is a warning or an error: then a local cluster that is not
 * running says so (which is also why nothing could test its credential), and a credential nothing
 * tested is `not-checked`, never `ok` or a calm `info`.
 */
function contextStatus(
  subject: ContextSubject,
  findings: readonly Finding[],
  credential: ContextReport['credential'],
): Status {
  const worst = worstStatus(findings);
  if (worst === 'error' || worst === 'warning') return worst;
  if (findings.some((f) => f.rule === 'cluster-not-running')) return 'not-running';
  return credentialTested(subject, credential) ? worst : 'not-checked';
}

function contextReport(subject: ContextSubject, rules: readonly ContextRule[], env: RuleEnv): ContextReport {
  const findings = contextFindings(subject, rules, env);
  const credential = describeCredential(subject);
  return {
    name: subject.name,
    cluster: subject.context.value.cluster,
    user: subject.context.value.user,
    server: withoutUserinfo(subject.cluster?.value.server),
    namespace: subject.context.value.namespace,
    current: subject.current,
    status: contextStatus(subject, findings, credential),
    credential,
    ...worksUntilOf(subject),
    ...identityOf(subject),
    findings,
  };
}

function worksUntilOf(subject: ContextSubject): Pick<ContextReport, 'worksUntil'> {
  const until = worksUntil(subject);
  return until ? { worksUntil: until } : {};
}

/** Who the server said we are, when a probe got that far (docs/cli.md: only then). */
function identityOf(subject: ContextSubject): Pick<ContextReport, 'identity'> {
  const probe = subject.snapshot.probes?.get(subject.name);
  if (probe?.state !== 'answered' || !probe.identity) return {};
  return { identity: { username: probe.identity.username, groups: probe.identity.groups } };
}

/**
 * Whether the snapshot holds the facts a rule needs. A rule that needs plugin runs or probes finds
 * nothing without them (RuleNeeds), so an offline check skips it: 10 rules x 1000 contexts of calls.
 */
function hasFactsFor(needs: RuleNeeds, snapshot: Snapshot): boolean {
  switch (needs) {
    case 'offline':
      return true;
    case 'exec':
      return snapshot.execRuns !== undefined;
    case 'probe':
      return snapshot.probes !== undefined;
  }
}

export function diagnose(
  snapshot: Snapshot,
  env: RuleEnv,
  selection: ContextSelection = { kind: 'all' },
  rules: readonly Rule[] = RULES,
): Report {
  const findings = rules
    .flatMap((rule) => {
      switch (rule.scope) {
        case 'source':
          return snapshot.sources.flatMap((source) =>
            rule.check(source, snapshot, env).map((d) => stamp(rule.meta, d)),
          );
        case 'config':
          return rule.check(snapshot, env).map((d) => stamp(rule.meta, d));
        default:
          return [];
      }
    })
    .sort(bySeverity);
  // Filtered once per run, not once per context.
  const contextRules = rules.filter(
    (rule): rule is ContextRule => rule.scope === 'context' && hasFactsFor(rule.meta.needs, snapshot),
  );
  const contexts = selectSubjects(contextSubjects(snapshot), selection).map((s) => contextReport(s, contextRules, env));
  const summary = { contexts: contexts.length, error: 0, warning: 0, info: 0 };
  for (const finding of findings) summary[finding.severity] += 1;
  for (const context of contexts) for (const finding of context.findings) summary[finding.severity] += 1;
  return {
    version: 1,
    checkedAt: new Date(env.now).toISOString(),
    kubeconfig: snapshot.kubeconfigPaths,
    currentContext: snapshot.config.currentContext,
    summary,
    findings,
    contexts,
  };
}
