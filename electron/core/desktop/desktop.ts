/**
 * The desktop core, as the app and the dev bridge both run it: the settings store, the
 * monitor obeying it (approved plugins only, cluster probes off, notification lead times, schedule),
 * the fix engine on the same kubeconfig, and the IPC handlers over all three.
 */
import type { IpcHandlers } from '../../../shared/ipc';
import type { AlertNotification } from '../../../shared/monitor';
import { createApiHandlers, monitorSettings, type EventSink, type LoginItem } from './api';
import { DesktopExecPolicy, pluginFingerprint } from '../exec/policy';
import { FixEngine } from '../fix/engine';
import { Monitor, type MonitorOptions } from '../monitor/monitor';
import { approvalKeyPath, loadApprovalKey } from './approval-key';
import { SettingsStore } from './settings-store';
import { TeamMetricsPush } from '../metrics/team-push';

/** The monitor's own options (the app is always live; the dev bridge's tests run offline), and the core's. */
export interface DesktopCoreOptions extends Pick<
  MonitorOptions,
  'kubeconfig' | 'host' | 'offline' | 'timeoutMs' | 'statePath' | 'loginShellPath' | 'ui'
> {
  settingsPath: string;
  loginItem: LoginItem;
  emit: EventSink;
  version: string;
  log: (line: string) => void;
  pickKubeconfig(): Promise<string | undefined>;
}

export interface DesktopCore {
  monitor: Monitor;
  handlers: IpcHandlers;
  /** No settings yet: the app's first launch, which opens the window once, with the welcome. */
  firstLaunch: boolean;
}

/** What "Send a test notification" shows: an info alert that opens the overview. */
const TEST_NOTIFICATION: AlertNotification = {
  id: 'kubeward-test-notification',
  title: 'Kubeward notifications work',
  body: 'This is how Kubeward tells you a credential is about to stop working.',
  severity: 'info',
  threshold: 'now',
};

/** Builds the core; the caller starts the monitor once its platform (tray, window) is ready. */
export async function openDesktopCore(options: DesktopCoreOptions): Promise<DesktopCore> {
  const settings = await SettingsStore.open(options.settingsPath, options.log);
  const approval = await loadApprovalKey(approvalKeyPath(options.settingsPath));
  const fingerprint = pluginFingerprint(approval.key);
  // Approvals made before this key (the unkeyed fingerprints of earlier versions) match no plugin now,
  // and a plain hash of a plugin's arguments is what the key is there to avoid: drop them, the user approves again.
  const stale = approval.created ? settings.current().approvedPlugins.length : 0;
  if (stale > 0) {
    await settings.save({ ...settings.current(), approvedPlugins: [] });
    options.log(
      `plugin approvals: ${stale} made without this install's approval key removed; approve them again in Settings`,
    );
  }
  const initial = monitorSettings(settings.current());
  const policy = new DesktopExecPolicy({ approved: () => new Set(settings.current().approvedPlugins), fingerprint });
  const teamMetrics = new TeamMetricsPush({
    settings: () => settings.current().teamMetrics,
    version: options.version,
    timeoutMs: options.timeoutMs,
    onPushed: (status) => options.emit('metrics:pushed', status),
    log: options.log,
  });
  const monitor = new Monitor({
    kubeconfig: options.kubeconfig,
    host: options.host,
    offline: options.offline,
    timeoutMs: options.timeoutMs,
    schedule: initial.schedule,
    settings: initial.alerts,
    probesOff: initial.probesOff,
    statePath: options.statePath,
    ui: options.ui,
    execPolicy: policy,
    pluginFingerprint: fingerprint,
    loginShellPath: options.loginShellPath,
    log: options.log,
    onChecked: (result) => {
      options.emit('report:changed', undefined);
      void teamMetrics.afterCheck(result);
    },
  });
  const fixes = new FixEngine({
    kubeconfig: options.kubeconfig,
    host: options.host,
    loginShellPath: options.loginShellPath,
    backupsKept: () => settings.current().backupsKept,
    onNotice: (message) =>
      options.ui.notify({
        id: `kubeward-fix-${Date.now()}`,
        title: 'Kubeward fix',
        body: message,
        severity: 'info',
        threshold: 'now',
      }),
    // "Approve and check" in the wizard: the same approval as Settings › Exec plugins, then a check.
    approvePlugin: async (user) => {
      const plugin = monitor.execPlugins().find((p) => p.users.includes(user));
      if (!plugin) return { ok: false, message: `no exec plugin of user ${user} in the last check; check again` };
      const current = settings.current();
      const approved = [...current.approvedPlugins.filter((k) => k !== plugin.key), plugin.key];
      const saved = await settings.save({ ...current, approvedPlugins: approved });
      await monitor.applySettings(monitorSettings(saved));
      policy.resetBackoff();
      await monitor.checkNow();
      return { ok: true, message: `approved ${plugin.command} for unattended runs and checked it again` };
    },
  });
  const handlers = createApiHandlers({
    monitor,
    fixes,
    settings,
    loginItem: options.loginItem,
    testNotification: () => options.ui.notify(TEST_NOTIFICATION),
    resetBackoff: () => policy.resetBackoff(),
    emit: options.emit,
    version: options.version,
    pickKubeconfig: options.pickKubeconfig,
    lastPush: () => teamMetrics.lastPush(),
  });
  return { monitor, handlers, firstLaunch: settings.current().welcomed === false };
}
