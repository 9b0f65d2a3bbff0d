/** The tray's picture of a report: worst status, a one-line tooltip, the contexts (current first). */
import { SEVERITY_RANK, worstOf, type Report, type Status } from '../findings';
import type { TrayModel } from '../monitor';
import { formatDuration } from '../time';
import { reportEntries, type ReportEntry } from './keys';

export interface TrayExtras {
  checking: boolean;
  lastCheck?: string;
  pausedUntil?: string;
}

/** Worst first; among equals, the one that expires soonest. */
function byUrgency(a: ReportEntry, b: ReportEntry): number {
  const severity = SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity];
  if (severity !== 0) return severity;
  const at = (e: ReportEntry) => (e.finding.expiresAt ? Date.parse(e.finding.expiresAt) : Number.POSITIVE_INFINITY);
  return at(a) - at(b);
}

/** Without warnings or errors: "All 3 contexts OK", or what is not known to be OK: "2 OK, 1 not checked". */
function calmTooltip(report: Report): string {
  const n = report.contexts.length;
  if (n === 0) return 'No contexts in the kubeconfig';
  const count = (status: Status) => report.contexts.filter((c) => c.status === status).length;
  const neutral = (['not-checked', 'not-running'] as const).filter((s) => count(s) > 0);
  if (neutral.length === 0) return `All ${n} context${n === 1 ? '' : 's'} OK`;
  const ok = n - neutral.reduce((sum, s) => sum + count(s), 0);
  return [...(ok > 0 ? [`${ok} OK`] : []), ...neutral.map((s) => `${count(s)} ${s.replace('-', ' ')}`)].join(', ');
}

/** "prod stops working in 3 hours: AWS SSO session ends": the context whose credential ends first, if any does. */
function soonestEnd(report: Report, now: number): string | undefined {
  let soonest: { name: string; at: number; cause: string } | undefined;
  for (const c of report.contexts) {
    const at = c.worksUntil ? Date.parse(c.worksUntil.at) : Number.NaN;
    if (c.worksUntil && at > now && (!soonest || at < soonest.at))
      soonest = { name: c.name, at, cause: c.worksUntil.cause };
  }
  return soonest && `${soonest.name} stops working in ${formatDuration(soonest.at - now)}: ${soonest.cause}`;
}

function tooltip(report: Report, now: number): string {
  const problems = reportEntries(report)
    .filter((e) => SEVERITY_RANK[e.finding.severity] >= SEVERITY_RANK.warning)
    .sort(byUrgency);
  const [worst] = problems;
  if (!worst) return [calmTooltip(report), soonestEnd(report, now)].filter(Boolean).join('; ');
  const where = worst.ref.context ?? 'kubeconfig';
  const expires = worst.finding.expiresAt ? Date.parse(worst.finding.expiresAt) - now : undefined;
  const when =
    expires === undefined ? '' : expires > 0 ? ` (in ${formatDuration(expires)})` : ` (${formatDuration(expires)} ago)`;
  const others = problems.length - 1;
  const rest = others > 0 ? `; ${others} other problem${others === 1 ? '' : 's'}` : '';
  return `${where}: ${worst.finding.title}${when}${rest}`;
}

export function trayModel(report: Report, now: number, extras: TrayExtras): TrayModel {
  const contexts = report.contexts.map((c) => ({ name: c.name, status: c.status, current: c.current }));
  // Each context's status, not only its findings: a credential nothing tested is "not checked", not OK.
  const status = worstOf([...report.findings.map((f) => f.severity), ...contexts.map((c) => c.status)]);
  return {
    status,
    tooltip: tooltip(report, now),
    // Current first: the report lists all contexts that way, but a selection may not.
    contexts: [...contexts.filter((c) => c.current), ...contexts.filter((c) => !c.current)],
    ...extras,
  };
}

/** When a check could not run at all: "unknown", with the reason on one line. */
export function failedTrayModel(reason: string, previous: TrayModel | undefined, extras: TrayExtras): TrayModel {
  return {
    status: 'unknown',
    tooltip: `Check failed: ${reason.replace(/\s*\n\s*/g, ' ')}`,
    contexts: previous?.contexts ?? [],
    ...extras,
  };
}
