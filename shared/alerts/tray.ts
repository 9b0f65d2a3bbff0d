/** The tray's picture of a report: worst status, a one-line tooltip, the contexts (current first). */
import { SEVERITY_RANK, worstStatus, type Report } from '../findings';
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

function tooltip(report: Report, now: number): string {
  const problems = reportEntries(report)
    .filter((e) => SEVERITY_RANK[e.finding.severity] >= SEVERITY_RANK.warning)
    .sort(byUrgency);
  const [worst] = problems;
  if (!worst) {
    const n = report.contexts.length;
    return n === 0 ? 'No contexts in the kubeconfig' : `All ${n} context${n === 1 ? '' : 's'} OK`;
  }
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
  const status = worstStatus([...report.findings, ...report.contexts.flatMap((c) => c.findings)]);
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
