/**
 * What the window's overview leads with, derived from a Report alone: the problems to fix, with
 * those that share one cause folded into one line ("4 clusters answered with a certificate from
 * the same issuer: probably a TLS-inspecting proxy or VPN"), and a headline whose numbers are the
 * filter chips' numbers (contexts per status), so the two never disagree.
 */
import { SEVERITY_RANK, type Finding, type Report, type Severity, type Status } from './findings';
import type { RuleId } from './rules/ids';

export interface Problem {
  finding: Finding;
  /** Absent for a config-wide finding. */
  context?: string;
}

/** Several contexts failing for one reason: one thing to fix, not N. */
export interface CauseGroup {
  kind: 'group';
  rule: RuleId;
  severity: Severity;
  /** One sentence: what they share and what it probably means. */
  title: string;
  problems: Problem[];
}

export type OverviewItem = ({ kind: 'problem' } & Problem) | CauseGroup;

/** Why findings of one rule share a cause, and how to say so; `key` undefined: this one shares nothing. */
interface CauseRule {
  key(finding: Finding): string | undefined;
  title(count: number, key: string): string;
}

function evidenceText(finding: Finding, field: string): string | undefined {
  const value = finding.evidence[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const CAUSES: Partial<Record<RuleId, CauseRule>> = {
  // Different clusters do not share a CA by accident: something in between answers for all of them.
  'server-tls-untrusted': {
    key: (f) => evidenceText(f, 'serverIssuer'),
    title: (n, issuer) =>
      `${n} clusters answered with a certificate from the same issuer (${issuer}): probably a TLS-inspecting proxy or VPN`,
  },
  'exec-plugin-missing': {
    key: (f) => evidenceText(f, 'command'),
    title: (n, command) => `${n} contexts need ${command}, which is not installed`,
  },
  'exec-plugin-untrusted': {
    key: (f) => evidenceText(f, 'command'),
    title: (n, command) => `${n} contexts wait for you to approve the plugin ${command}`,
  },
  // Unreachable for the same reason (a timeout, a DNS failure) at once: the network, not each cluster.
  'server-unreachable': {
    key: (f) => evidenceText(f, 'code'),
    title: (n, code) =>
      `${n} clusters cannot be reached (${code}): probably the network or a VPN that is not connected`,
  },
};

function worst(problems: readonly Problem[]): Severity {
  return problems.reduce<Severity>(
    (w, p) => (SEVERITY_RANK[p.finding.severity] > SEVERITY_RANK[w] ? p.finding.severity : w),
    'info',
  );
}

/** Config-wide findings, then every context's warnings and errors, worst first. */
export function problemsOf(report: Report): Problem[] {
  const configWide = report.findings.filter((f) => f.severity !== 'info').map((finding) => ({ finding }));
  const inContexts = report.contexts.flatMap((c) =>
    c.findings.filter((f) => f.severity !== 'info').map((finding) => ({ finding, context: c.name })),
  );
  return [...configWide, ...inContexts].sort(
    (a, b) => SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity],
  );
}

/** The problems with those of one cause in two or more contexts folded into a group, worst first. */
export function overviewItems(report: Report): OverviewItem[] {
  const problems = problemsOf(report);
  const byCause = new Map<string, Problem[]>();
  for (const problem of problems) {
    const cause = CAUSES[problem.finding.rule];
    const key = problem.context !== undefined ? cause?.key(problem.finding) : undefined;
    if (key === undefined) continue;
    const id = `${problem.finding.rule}\u0000${key}`;
    byCause.set(id, [...(byCause.get(id) ?? []), problem]);
  }
  const items: OverviewItem[] = [];
  const placed = new Set<string>();
  for (const problem of problems) {
    const cause = CAUSES[problem.finding.rule];
    const key = problem.context !== undefined ? cause?.key(problem.finding) : undefined;
    const id = key === undefined ? undefined : `${problem.finding.rule}\u0000${key}`;
    const members = id === undefined ? undefined : byCause.get(id);
    if (cause && key !== undefined && id !== undefined && members && members.length > 1) {
      if (placed.has(id)) continue;
      placed.add(id);
      items.push({
        kind: 'group',
        rule: problem.finding.rule,
        severity: worst(members),
        title: cause.title(members.length, key),
        problems: members,
      });
    } else {
      items.push({ kind: 'problem', ...problem });
    }
  }
  return items;
}

/** Contexts per status: the filter chips' numbers, and the headline's. Statuses this build does not know count too. */
export function statusCounts(report: Report): Map<Status, number> {
  const counts = new Map<Status, number>();
  for (const c of report.contexts) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return counts;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "1 of 3 contexts has errors, 1 has warnings · 1 problem in the kubeconfig itself": the contexts
 * the chips count, plus what no context holds.
 */
export function headline(report: Report): string {
  const counts = statusCounts(report);
  const total = report.contexts.length;
  const errors = counts.get('error') ?? 0;
  const warnings = counts.get('warning') ?? 0;
  const configWide = report.findings.filter((f) => f.severity !== 'info');
  const has = (n: number) => (n === 1 ? 'has' : 'have');
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} of ${total} contexts ${has(errors)} errors`);
  if (warnings > 0)
    parts.push(
      errors > 0
        ? `${warnings} ${has(warnings)} warnings`
        : `${warnings} of ${total} contexts ${has(warnings)} warnings`,
    );
  const kubeconfig =
    configWide.length > 0 ? `${plural(configWide.length, 'problem')} in the kubeconfig itself` : undefined;
  if (parts.length > 0) {
    const calm = errors === 0 && !configWide.some((f) => f.severity === 'error') ? ': nothing has failed yet' : '';
    return [`${parts.join(', ')}${calm}`, kubeconfig].filter(Boolean).join(' · ');
  }
  if (kubeconfig) return total > 0 ? `${kubeconfig}; the contexts look fine` : kubeconfig;
  if (total === 0) return 'The kubeconfig defines no context';
  return total === 1 ? 'The one context looks fine' : `All ${total} contexts look fine`;
}

/** The problem after `current` in the overview's order, for "Next problem" once one is fixed. */
export function nextProblem(report: Report, fixed: { context?: string; rule: RuleId }): Problem | undefined {
  return problemsOf(report).find((p) => !(p.context === fixed.context && p.finding.rule === fixed.rule));
}

/** The path kubectl looked for when there is no kubeconfig at all, else undefined. */
export function missingKubeconfig(report: Report): string | undefined {
  if (report.contexts.length > 0) return undefined;
  const missing = report.findings.find(
    (f) => f.rule === 'kubeconfig-unreadable' && f.evidence.state === 'missing' && f.severity === 'error',
  );
  return missing ? evidenceText(missing, 'path') : undefined;
}
