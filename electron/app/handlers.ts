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
  };
}
