/**
 * What the monitor remembers between checks and restarts: which alerts were sent,
 * what the user snoozed, and a pause. Plain JSON; keys are alert and finding keys
 * (shared/alerts/keys.ts), never secrets.
 */

export interface Snooze {
  /** ISO time the snooze ends. */
  until?: string;
  /** Credential id the snooze holds for: a new credential ends it. */
  untilCredentialChanges?: string;
}

export interface AlertState {
  version: 1;
  /** Alert key -> ISO time it was notified. */
  notified: Record<string, string>;
  /** Finding key -> snooze. */
  snoozes: Record<string, Snooze>;
  /** ISO time until which no notification is sent. */
  pausedUntil?: string;
  /**
   * Alert key -> ISO time a network-class alert was first due: it waits for the next check to agree
   * (flap suppression, shared/alerts/policy.ts). Absent when nothing waits.
   */
  pending?: Record<string, string>;
}

export const EMPTY_ALERT_STATE: AlertState = { version: 1, notified: {}, snoozes: {} };

function isRecordOf<T>(value: unknown, item: (v: unknown) => v is T): value is Record<string, T> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(item);
}

function isIso(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function isSnooze(value: unknown): value is Snooze {
  if (typeof value !== 'object' || value === null) return false;
  const { until, untilCredentialChanges } = value as Snooze;
  return (
    (until === undefined || isIso(until)) &&
    (untilCredentialChanges === undefined || typeof untilCredentialChanges === 'string') &&
    (until !== undefined || untilCredentialChanges !== undefined)
  );
}

/** The state in a parsed JSON document, or undefined when it is not one (a corrupt or foreign file). */
export function toAlertState(json: unknown): AlertState | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { version, notified, snoozes, pausedUntil, pending } = json as Partial<AlertState>;
  if (version !== 1 || !isRecordOf(notified, isIso) || !isRecordOf(snoozes, isSnooze)) return undefined;
  if (pausedUntil !== undefined && !isIso(pausedUntil)) return undefined;
  if (pending !== undefined && !isRecordOf(pending, isIso)) return undefined;
  return {
    version,
    notified,
    snoozes,
    ...(pausedUntil ? { pausedUntil } : {}),
    ...(pending && Object.keys(pending).length > 0 ? { pending } : {}),
  };
}
