/**
 * The contract between the monitor (electron/core, plain Node) and whatever shows
 * its results: the desktop app's tray, notifications and window, `kubeward watch`,
 * or the recording platform the tests use. Only redacted data crosses it.
 */
import type { FindingRef, Severity, Status } from './findings';

/** The tray's worst-status icon also has "unknown": before the first check, or when a check could not run. */
export type TrayStatus = Status | 'unknown';

interface TrayContext {
  name: string;
  status: Status;
  current: boolean;
}

export interface TrayModel {
  status: TrayStatus;
  /** One line, e.g. "prod: client certificate expires in 3 days; 2 other warnings". */
  tooltip: string;
  contexts: TrayContext[];
  /** ISO time of the last finished check. */
  lastCheck?: string;
  checking: boolean;
  /** ISO time until which notifications are paused. */
  pausedUntil?: string;
}

export interface AlertNotification {
  /** Stable per (context, rule, credential fingerprint, threshold): the alert-state key. */
  id: string;
  title: string;
  body: string;
  severity: Severity;
  /** The notification lead time that fired, e.g. "14d", "3d", "1d", "1h", or "now" for a new error. */
  threshold: string;
  expiresAt?: string;
  /** Absent for a summary alert that stands for several. */
  target?: FindingRef;
  /** For a summary: how many alerts it stands for. */
  count?: number;
}

/** What the monitor drives; the app implements it with Electron, tests with a recorder. */
export interface MonitorPlatform {
  showTray(model: TrayModel): void;
  notify(notification: AlertNotification): void;
  openWindow(target?: FindingRef): void;
}
