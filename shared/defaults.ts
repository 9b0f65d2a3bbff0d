/**
 * The defaults more than one layer reads (the CLI's flags and usage text, the desktop
 * settings, the monitor, the check pipeline), each written once. Durations in milliseconds,
 * except where the persisted settings count minutes.
 */
import type { ExpiryWarningWindows } from './rules/types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** node-cron expression: when the monitor re-checks besides file changes (`kubeward watch --schedule`, Settings). */
export const DEFAULT_SCHEDULE = '*/15 * * * *';

/** The bound of each exec plugin run and each API server probe (`--timeout`, the app, the dev bridge). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Notification lead times: how long before a credential's `expiresAt` a notification fires, largest
 * first (14 d, 3 d, 1 d, 1 h). In minutes, as the settings file keeps them.
 */
export const DEFAULT_NOTIFICATION_LEAD_TIMES_MINUTES: readonly number[] = [
  (14 * DAY) / MINUTE,
  (3 * DAY) / MINUTE,
  DAY / MINUTE,
  HOUR / MINUTE,
];

/**
 * Expiry warning windows: how long before a credential expires its `*-expiring` rule fires
 * (14 d for certificates, 10 min for tokens living under a day, 24 h for other tokens).
 */
export const DEFAULT_EXPIRY_WARNING_WINDOWS: ExpiryWarningWindows = {
  certificate: 14 * DAY,
  shortLivedToken: 10 * MINUTE,
  token: DAY,
};

/** Backups the kubeconfig writer keeps of each file, the newest (Settings): each is a full copy of its credentials. */
export const DEFAULT_BACKUPS_KEPT = 10;
