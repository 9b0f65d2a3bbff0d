/** What the expiry timeline draws: one entry per context whose credential expiry is known, and the time scale. */
import type { Report } from '../../shared/findings';
import { CREDENTIAL_LABEL } from './labels';

export const DAY_MS = 86_400_000;
export const HORIZON_MS = 90 * DAY_MS;

export interface TimelineEntry {
  context: string;
  credential: string;
  expiresAt: number;
}

/** The credential's own expiry, else the earliest a finding names (a cloud session, an exec credential). */
function expiryOf(context: Report['contexts'][number]): number | undefined {
  const own = context.credential.expiresAt;
  const isos = own !== undefined ? [own] : context.findings.flatMap((f) => (f.expiresAt ? [f.expiresAt] : []));
  const times = isos.map((iso) => Date.parse(iso)).filter((ms) => !Number.isNaN(ms));
  return times.length > 0 ? Math.min(...times) : undefined;
}

export function timelineEntries(report: Report): { entries: TimelineEntry[]; unknown: string[] } {
  const entries: TimelineEntry[] = [];
  const unknown: string[] = [];
  for (const context of report.contexts) {
    const expiresAt = expiryOf(context);
    if (expiresAt === undefined) unknown.push(context.name);
    else entries.push({ context: context.name, credential: CREDENTIAL_LABEL[context.credential.kind], expiresAt });
  }
  entries.sort((a, b) => a.expiresAt - b.expiresAt || a.context.localeCompare(b.context));
  return { entries, unknown };
}

/**
 * Position (0..1) of an instant `ahead` ms from now within the 90-day horizon. A square
 * root scale: the hours and days that matter most get room, 90 days still fit.
 */
export function scale(aheadMs: number): number {
  return Math.sqrt(Math.min(Math.max(aheadMs, 0), HORIZON_MS) / HORIZON_MS);
}

/** "1 h", "3 d", "14 d": the short form of a lead time on the chart. */
export function shortDuration(minutes: number): string {
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}
