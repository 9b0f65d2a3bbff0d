/**
 * The user's settings: what the window's Settings page edits and the desktop monitor
 * obeys. Pure: the store that reads and writes them lives in electron/core.
 */
import { DEFAULT_BACKUPS_KEPT, DEFAULT_NOTIFICATION_LEAD_TIMES_MINUTES, DEFAULT_SCHEDULE } from './defaults';

export interface Settings {
  version: 1;
  /**
   * Notification lead times: how long before a finding's `expiresAt` a notification fires, in minutes,
   * largest first. Not the rules' expiry warning windows, which decide when an `*-expiring` finding exists.
   */
  leadTimesMinutes: number[];
  /** node-cron expression for re-checks besides file changes. */
  schedule: string;
  /** Kubeconfig cluster names the monitor never probes (a cluster behind a VPN the user is rarely on). */
  probesOff: string[];
  /** pluginFingerprint() (keyed) of every exec plugin (command + args) allowed to run unattended. */
  approvedPlugins: string[];
  /** Backups the fixes keep of each kubeconfig file, the newest; older ones are removed. */
  backupsKept: number;
  /** The first-launch welcome was shown and dismissed; absent in settings from before it existed (seen as true). */
  welcomed?: boolean;
  /** "Team metrics": push each check's metrics to a Prometheus Pushgateway. */
  teamMetrics: TeamMetricsSettings;
}

export interface TeamMetricsSettings {
  enabled: boolean;
  /** The Pushgateway's URL, '' when none was given; never with a user name or password (settings are no credential store). */
  url: string;
}

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  leadTimesMinutes: [...DEFAULT_NOTIFICATION_LEAD_TIMES_MINUTES],
  schedule: DEFAULT_SCHEDULE,
  probesOff: [],
  approvedPlugins: [],
  backupsKept: DEFAULT_BACKUPS_KEPT,
  // No settings file yet: the first launch, which opens the window with the welcome.
  welcomed: false,
  teamMetrics: { enabled: false, url: '' },
};

/** An exec plugin as the Settings page lists it: enough to recognise it, never its env values. */
export interface ExecPluginEntry {
  /** pluginFingerprint(): what `approvedPlugins` holds. */
  key: string;
  command: string;
  /** Arguments with anything secret-looking scrubbed. */
  args: string[];
  /** The kubeconfig users that run it. */
  users: string[];
  approved: boolean;
}
