/**
 * The alert policy: which notifications a check's report deserves, given what was
 * already sent. Once per (context, rule, credential, threshold), at notification
 * lead times before `expiresAt` (the threshold: the lead time crossed), at once for a new error, grouped when many fire
 * together, silent while snoozed or paused, and forgotten once fixed so a recurrence
 * alerts again. A network-class finding (the API server unreachable: DNS, refused, timeouts)
 * alerts only once two consecutive checks agree, since a laptop changing networks or waking
 * from sleep fails one probe without anything being wrong; a credential finding alerts at once.
 * Pure: time comes in as `now`.
 */
import { DEFAULT_NOTIFICATION_LEAD_TIMES_MINUTES } from '../defaults';
import { guideSteps, SEVERITY_RANK, type FindingRef, type Report, type Severity } from '../findings';
import type { AlertNotification } from '../monitor';
import type { RuleId } from '../rules/ids';
import { clip, formatLocal, relativeTime } from '../time';
import { alertKey, findingKey, findingKeyContext, parseAlertKey, reportEntries, type ReportEntry } from './keys';
import type { AlertState, Snooze } from './state';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface AlertSettings {
  /** Notification lead times before `expiresAt`, in ms. */
  leadTimesMs: readonly number[];
  /** More alerts than this in one check become one summary. */
  maxSeparate: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  leadTimesMs: DEFAULT_NOTIFICATION_LEAD_TIMES_MINUTES.map((minutes) => minutes * MINUTE),
  maxSeparate: 3,
};

/** Rules whose findings say the network failed, not the credential: they wait for a second check to agree. */
const NETWORK_CLASS: ReadonlySet<RuleId> = new Set<RuleId>(['server-unreachable']);

/** Alert keys of contexts that vanished (a file being replaced, a KUBECONFIG switched) are kept this long. */
const KEEP_ABSENT_MS = 30 * DAY;

/** "14d", "1h", "30m": what a threshold is called in alert keys and `kubeward watch` lines. */
export function thresholdLabel(ms: number): string {
  if (ms <= 0) return 'now';
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return `${Math.round(ms / MINUTE)}m`;
}

/** How far before expiry the alert fires: 0 ("now") for something already broken. */
function thresholdFor(entry: ReportEntry, now: number, settings: AlertSettings): number | undefined {
  const { finding } = entry;
  // Info findings are for the window, not worth interrupting anyone.
  if (finding.severity === 'info') return undefined;
  // A warning without expiry is for the window too, but for a server that stays unreachable (once confirmed).
  if (finding.expiresAt === undefined)
    return finding.severity === 'error' || NETWORK_CLASS.has(finding.rule) ? 0 : undefined;
  const left = Date.parse(finding.expiresAt) - now;
  if (left <= 0) return 0;
  const crossed = settings.leadTimesMs.filter((t) => left <= t);
  // Only the tightest: a first check two days before expiry says "3d", not "14d" and "3d".
  return crossed.length ? Math.min(...crossed) : undefined;
}

function isSnoozed(snooze: Snooze | undefined, entry: ReportEntry, now: number): boolean {
  if (!snooze) return false;
  if (snooze.until !== undefined) return Date.parse(snooze.until) > now;
  return snooze.untilCredentialChanges === entry.credential;
}

interface Present {
  contexts: Set<string>;
  /** finding key -> credentials seen for it */
  findings: Map<string, Set<string>>;
}

function presentIn(report: Report, entries: readonly ReportEntry[]): Present {
  const findings = new Map<string, Set<string>>();
  for (const entry of entries) {
    const key = findingKey(entry.ref);
    findings.set(key, (findings.get(key) ?? new Set()).add(entry.credential));
  }
  return { contexts: new Set(report.contexts.map((c) => c.name)), findings };
}

/** A context missing from the report says nothing about its findings: its file may be mid-replace. */
function vanished(context: string | undefined, present: Present): boolean {
  return context !== undefined && !present.contexts.has(context);
}

function keepNotified(state: AlertState, present: Present, now: number): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, at] of Object.entries(state.notified)) {
    const parsed = parseAlertKey(key);
    if (!parsed) continue;
    const stillThere = present.findings.get(parsed.finding)?.has(parsed.credential) ?? false;
    const recentlyVanished = vanished(parsed.context, present) && now - Date.parse(at) < KEEP_ABSENT_MS;
    if (stillThere || recentlyVanished) kept[key] = at;
  }
  return kept;
}

function keepSnoozes(state: AlertState, present: Present, now: number): Record<string, Snooze> {
  const kept: Record<string, Snooze> = {};
  for (const [key, snooze] of Object.entries(state.snoozes)) {
    const live =
      snooze.until !== undefined
        ? Date.parse(snooze.until) > now
        : (present.findings.get(key)?.has(snooze.untilCredentialChanges ?? '') ?? false) ||
          vanished(findingKeyContext(key), present);
    if (live) kept[key] = snooze;
  }
  return kept;
}

/** Characters of a notification body: about what macOS, Windows and GNOME show before they cut. */
export const NOTIFICATION_BODY_MAX = 100;

interface Candidate {
  entry: ReportEntry;
  key: string;
  threshold: number;
}

function whenText(expiresAt: string | undefined, now: number): string | undefined {
  if (expiresAt === undefined) return undefined;
  const at = Date.parse(expiresAt);
  return at > now ? `Expires ${formatLocal(at)} (${relativeTime(at, now)}).` : `Expired ${relativeTime(at, now)}.`;
}

/** The first sentence of the detail: a notification has room for little more. */
function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1);
}

function single({ entry, key, threshold }: Candidate, now: number): AlertNotification {
  const { finding, ref } = entry;
  const fix = guideSteps(finding.fix)?.[0]?.title;
  const body = [whenText(finding.expiresAt, now) ?? firstSentence(finding.detail), fix ? `Fix: ${fix}` : undefined];
  return {
    id: key,
    // The problem is the title; the context is the subtitle or the body's first words (notificationOptions).
    title: finding.title,
    body: clip(body.filter((line) => line !== undefined).join(' '), NOTIFICATION_BODY_MAX),
    severity: finding.severity,
    threshold: thresholdLabel(threshold),
    ...(finding.expiresAt ? { expiresAt: finding.expiresAt } : {}),
    target: ref,
  };
}

/** As many names as fit in `max` characters with "; and N more." after them. */
function namesWithin(names: readonly string[], max: number): string {
  let text = '';
  let shown = 0;
  for (const name of names) {
    const next = text ? `${text}; ${name}` : name;
    const rest = names.length - shown - 1;
    if (shown > 0 && `${next}${rest > 0 ? `; and ${rest} more.` : '.'}`.length > max) break;
    text = next;
    shown += 1;
  }
  const rest = names.length - shown;
  return clip(rest > 0 ? `${text}; and ${rest} more.` : `${text}.`, max);
}

function summary(candidates: readonly Candidate[], now: number): AlertNotification {
  const severity = candidates
    .map((c) => c.entry.finding.severity)
    .reduce<Severity>((worst, s) => (SEVERITY_RANK[s] > SEVERITY_RANK[worst] ? s : worst), 'info');
  const worstFirst = [...candidates].sort(
    (a, b) => SEVERITY_RANK[b.entry.finding.severity] - SEVERITY_RANK[a.entry.finding.severity],
  );
  const names = worstFirst.map(({ entry }) => `${entry.ref.context ?? 'kubeconfig'}: ${entry.finding.title}`);
  return {
    id: `summary:${new Date(now).toISOString()}`,
    title: `${candidates.length} Kubernetes credentials need attention`,
    body: namesWithin(names, NOTIFICATION_BODY_MAX),
    severity,
    threshold: thresholdLabel(Math.min(...candidates.map((c) => c.threshold))),
    count: candidates.length,
  };
}

export interface AlertDecision {
  notifications: AlertNotification[];
  state: AlertState;
}

export function decideAlerts(
  previous: AlertState,
  report: Report,
  now: number,
  settings: AlertSettings = DEFAULT_ALERT_SETTINGS,
): AlertDecision {
  const at = new Date(now).toISOString();
  const entries = reportEntries(report);
  const present = presentIn(report, entries);
  const notified = keepNotified(previous, present, now);
  const snoozes = keepSnoozes(previous, present, now);
  const paused = previous.pausedUntil !== undefined && Date.parse(previous.pausedUntil) > now;
  const pending: Record<string, string> = {};
  const candidates: Candidate[] = [];
  for (const entry of entries) {
    const threshold = thresholdFor(entry, now, settings);
    if (threshold === undefined) continue;
    const key = alertKey(entry, thresholdLabel(threshold));
    if (key in notified || candidates.some((c) => c.key === key)) continue;
    // Snoozed and paused alerts are not marked as sent: they come when the quiet ends, if still due.
    if (paused || isSnoozed(snoozes[findingKey(entry.ref)], entry, now)) continue;
    // The first check that finds it only remembers it; the next one, finding it again, alerts.
    if (NETWORK_CLASS.has(entry.finding.rule) && previous.pending?.[key] === undefined) {
      pending[key] = at;
      continue;
    }
    candidates.push({ entry, key, threshold });
  }

  const state: AlertState = {
    version: 1,
    notified,
    snoozes,
    ...(paused ? { pausedUntil: previous.pausedUntil } : {}),
    ...(Object.keys(pending).length > 0 ? { pending } : {}),
  };
  for (const c of candidates) notified[c.key] = at;
  const notifications =
    candidates.length > settings.maxSeparate ? [summary(candidates, now)] : candidates.map((c) => single(c, now));
  return { notifications, state };
}

export type SnoozeKind = '1h' | '1d' | 'credential';

/** Snooze one finding; "credential" holds until the finding is about another credential. */
export function snoozeFinding(
  state: AlertState,
  report: Report,
  target: FindingRef,
  kind: SnoozeKind,
  now: number,
): AlertState {
  const key = findingKey(target);
  let snooze: Snooze;
  if (kind === 'credential') {
    const entry = reportEntries(report).find((e) => findingKey(e.ref) === key);
    // Nothing to hold on to: the finding is gone already, so there is nothing to snooze.
    if (!entry) return state;
    snooze = { untilCredentialChanges: entry.credential };
  } else {
    snooze = { until: new Date(now + (kind === '1h' ? HOUR : DAY)).toISOString() };
  }
  return { ...state, snoozes: { ...state.snoozes, [key]: snooze } };
}

/** Pause every notification until `until` (epoch ms); undefined resumes them. */
export function pauseAlerts(state: AlertState, until: number | undefined): AlertState {
  const next: AlertState = {
    version: 1,
    notified: state.notified,
    snoozes: state.snoozes,
    ...(state.pending ? { pending: state.pending } : {}),
  };
  return until === undefined ? next : { ...next, pausedUntil: new Date(until).toISOString() };
}
