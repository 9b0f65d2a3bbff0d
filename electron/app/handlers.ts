/** What each IPC channel does, in terms of the monitor: the app's half of shared/ipc.ts. */
import type { Report } from '../../shared/findings';
import type { IpcHandlers, SnoozeFor } from '../../shared/ipc';
import type { FindingRef } from '../../shared/monitor';

/** The slice of the monitor the window may drive. */
export interface WindowMonitor {
  /** The last finished check's (redacted) Report. */
  lastReport(): Report | null;
  checkNow(): Promise<Report | null>;
  snooze(target: FindingRef, kind: SnoozeFor): void | Promise<void>;
  /** Epoch ms; undefined resumes notifications. */
  pause(until: number | undefined): void | Promise<void>;
}

// TEMPORARY while the core API is being built (issue 5): replaced by electron/core/api.ts.
const unavailable = () => {
  throw new Error('not available yet');
};
const notWiredYet = {
  'notifications:test': unavailable,
  'fix:run': unavailable,
  'fix:undo': unavailable,
  'fix:verify': unavailable,
  'settings:get': unavailable,
  'settings:set': unavailable,
  'plugins:list': unavailable,
  'plugins:approve': unavailable,
  'login-item:get': unavailable,
  'login-item:set': unavailable,
};

export function ipcHandlers(monitor: WindowMonitor, version: string): IpcHandlers {
  return {
    'report:get': () => monitor.lastReport(),
    'check:now': () => monitor.checkNow(),
    'finding:snooze': async ({ for: kind, ...target }) => {
      await monitor.snooze(target, kind);
      return undefined;
    },
    'notifications:pause': async ({ until }) => {
      await monitor.pause(Date.parse(until));
      return undefined;
    },
    'app:version': () => version,
    ...notWiredYet,
  };
}
