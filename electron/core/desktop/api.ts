/**
 * What each channel of the IPC contract (shared/ipc.ts) does, in terms of the core:
 * the monitor, the fix engine and the settings store. The Electron app serves these
 * handlers over ipcMain, the dev bridge over loopback HTTP; both validate payloads
 * before a handler sees them. Everything returned is redacted by construction.
 */
import type { AlertSettings } from '../../../shared/alerts/policy';
import { DEFAULT_ALERT_SETTINGS } from '../../../shared/alerts/policy';
import type { FindingRef, Report } from '../../../shared/findings';
import { verificationOf } from '../../../shared/fix-verification';
import type {
  EventChannel,
  Explanations,
  IpcEvents,
  IpcHandlers,
  PushStatus,
  SnoozeFor,
  WindowReport,
} from '../../../shared/ipc';
import { RULE_BY_ID } from '../../../shared/rules';
import type { ExecPluginEntry, Settings } from '../../../shared/settings';
import type { FixEngine } from '../fix/engine';
import type { ExecPlugin } from '../exec/policy';
import type { MonitorSettings } from '../monitor/monitor';
import { missingKubeconfig } from '../../../shared/overview';
import { adoptKubeconfig } from './adopt-kubeconfig';
import type { SettingsStore } from './settings-store';

/** The slice of the Monitor the window drives. */
export interface ApiMonitor {
  lastReport(): Report | null;
  checkNow(): Promise<void>;
  snooze(target: FindingRef, kind: SnoozeFor): Promise<void>;
  /** Epoch ms; undefined resumes notifications. */
  pause(until: number | undefined): Promise<void>;
  execPlugins(): readonly ExecPlugin[];
  applySettings(settings: MonitorSettings): Promise<void>;
}

/** "Start at login": Electron's login items on macOS/Windows, an XDG autostart file on Linux. */
export interface LoginItem {
  get(): Promise<boolean>;
  set(enabled: boolean): Promise<void>;
}

export type EventSink = <E extends EventChannel>(channel: E, payload: IpcEvents[E]) => void;

export interface ApiDeps {
  monitor: ApiMonitor;
  fixes: Pick<FixEngine, 'run' | 'undo'>;
  settings: Pick<SettingsStore, 'current' | 'save'>;
  loginItem: LoginItem;
  /** Shows a sample notification through the platform. */
  testNotification(): void;
  /** A user's "Check now" or a new approval deserves a plugin run the back-off would hold back. */
  resetBackoff(): void;
  /** Events to the window (report:changed is the monitor's, after each check). */
  emit: EventSink;
  version: string;
  /** A native open dialog (the dev bridge: whatever its embedder passes); undefined when the user cancels. */
  pickKubeconfig(): Promise<string | undefined>;
  /** How the last push of team metrics went, null before the first. */
  lastPush(): PushStatus | null;
}

const MINUTE = 60_000;

/** What the monitor needs from the stored settings. */
export function monitorSettings(settings: Settings): MonitorSettings {
  const alerts: AlertSettings = {
    ...DEFAULT_ALERT_SETTINGS,
    leadTimesMs: settings.leadTimesMinutes.map((minutes) => minutes * MINUTE),
  };
  return { schedule: settings.schedule, alerts, probesOff: new Set(settings.probesOff) };
}

function pluginEntries(monitor: ApiMonitor, settings: Settings): ExecPluginEntry[] {
  const approved = new Set(settings.approvedPlugins);
  return monitor.execPlugins().map((plugin) => ({ ...plugin, approved: approved.has(plugin.key) }));
}

/** The report with the background text of each rule it names: the window loads no rule code. */
function windowReport(report: Report | null): WindowReport | null {
  if (!report) return null;
  const explanations: Explanations = {};
  for (const { rule } of [...report.findings, ...report.contexts.flatMap((c) => c.findings)]) {
    explanations[rule] = RULE_BY_ID[rule].meta.explanation;
  }
  return { ...report, explanations };
}

export function createApiHandlers(deps: ApiDeps): IpcHandlers {
  const { monitor, settings } = deps;

  async function checkNow(): Promise<Report | null> {
    await monitor.checkNow();
    return monitor.lastReport();
  }

  async function saveSettings(next: Settings): Promise<Settings> {
    const saved = await settings.save(next);
    await monitor.applySettings(monitorSettings(saved));
    return saved;
  }

  return {
    'report:get': () => windowReport(monitor.lastReport()),
    'check:now': async () => {
      deps.resetBackoff();
      return windowReport(await checkNow());
    },
    'finding:snooze': async ({ for: kind, ...target }) => {
      await monitor.snooze(target, kind);
      return undefined;
    },
    'notifications:pause': async ({ until }) => {
      await monitor.pause(Date.parse(until));
      return undefined;
    },
    'notifications:test': () => {
      deps.testNotification();
      return undefined;
    },
    'app:version': () => deps.version,
    'fix:run': async (ref) => {
      const report = monitor.lastReport();
      if (!report) return { ok: false, message: 'kubeward has not finished a check yet; try again in a moment' };
      const result = await deps.fixes.run(report, ref, (chunk) => deps.emit('fix:output', { ...ref, chunk }));
      // A person acted (Sign in now, a login): held plugins may run again. The file watcher would notice the
      // change too; checking here makes the window's next read current.
      deps.resetBackoff();
      await monitor.checkNow();
      return result;
    },
    'fix:undo': async ({ undoId }) => {
      const result = await deps.fixes.undo(undoId);
      await monitor.checkNow();
      return result;
    },
    'fix:verify': async (ref) => {
      deps.resetBackoff();
      const report = await checkNow();
      if (!report) throw new Error('the check could not run; see the tray for why');
      return verificationOf(report, ref);
    },
    'settings:get': () => settings.current(),
    'settings:set': saveSettings,
    'plugins:list': () => pluginEntries(monitor, settings.current()),
    'plugins:approve': async ({ key, approved }) => {
      const current = settings.current();
      const others = current.approvedPlugins.filter((k) => k !== key);
      await saveSettings({ ...current, approvedPlugins: approved ? [...others, key] : others });
      if (approved) {
        deps.resetBackoff();
        void monitor.checkNow();
      }
      return pluginEntries(monitor, settings.current());
    },
    'login-item:get': () => deps.loginItem.get(),
    'login-item:set': async ({ enabled }) => {
      await deps.loginItem.set(enabled);
      return deps.loginItem.get();
    },
    'kubeconfig:choose': async () => {
      const report = monitor.lastReport();
      const target = report ? missingKubeconfig(report) : undefined;
      if (!target) return { ok: false, message: 'There is a kubeconfig already: nothing to choose.' };
      const chosen = await deps.pickKubeconfig();
      if (!chosen) return { ok: false, message: 'No file chosen.' };
      const result = await adoptKubeconfig(chosen, target);
      if (result.ok) await monitor.checkNow();
      return result;
    },
    'metrics:last-push': () => deps.lastPush(),
  };
}
