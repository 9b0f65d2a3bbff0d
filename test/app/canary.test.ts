import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerIpc } from '../../electron/app/ipc';
import { Notifier } from '../../electron/app/notifications';
import { TrayView } from '../../electron/app/tray';
import { createApiHandlers } from '../../electron/core/desktop/api';
import { SettingsStore } from '../../electron/core/desktop/settings-store';
import { execPluginsOf, pluginFingerprint } from '../../electron/core/exec/policy';
import { FixEngine } from '../../electron/core/fix/engine';
import { decideAlerts } from '../../shared/alerts/policy';
import { execSecrets } from '../../shared/exec/evidence';
import { stderrTail } from '../../shared/exec/scrub';
import type { ExecConfig } from '../../shared/kubeconfig/model';
import { EMPTY_ALERT_STATE } from '../../shared/alerts/state';
import { trayModel } from '../../shared/alerts/tray';
import { diagnose } from '../../shared/diagnose';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { ipcMain, Menu, Notification, resetElectronFake, Tray } from '../fakes/electron';
import { serviceAccountToken } from '../fixtures/jwt';
import { snapshotFrom } from '../support/snapshot';
import { tempDir } from '../support/temp';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const PASSWORD = 'kw-canary-password-Qz81Lm3x';
const SERVER_PASSWORD = 'kwCanaryServerPw3Xk';
const ARG_EQUALS = 'kwCanaryArgEq5Sc8Vb';
const ARG_SEPARATE = 'kwCanaryArgSp2Sc6Nd';
const ENV_SECRET = 'kwCanaryEnvTok9Rw1Qe';
const OWN = 'file:///opt/Kubeward/resources/app.asar/out/renderer/index.html';

beforeEach(() => resetElectronFake());

describe('a canary secret in the kubeconfig', () => {
  it('appears in no tray label, tooltip, notification or IPC payload', async () => {
    const token = await serviceAccountToken({ issuedAt: NOW - 3_000_000, lifetime: 3_600_000, name: 'deployer' });
    const kubeconfig = `apiVersion: v1
clusters:
- {name: prod, cluster: {server: "https://prod.example:6443"}}
- {name: edge, cluster: {server: "https://kw:${SERVER_PASSWORD}@edge.example:6443", insecure-skip-tls-verify: true}}
users:
- {name: deployer, user: {token: ${token}}}
- {name: basic, user: {username: admin, password: ${PASSWORD}}}
- name: sso
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: kubelogin
      args: [get-token, --client-secret=${ARG_EQUALS}, --oidc-client-secret, ${ARG_SEPARATE}]
      env: [{name: API_TOKEN, value: ${ENV_SECRET}}, {name: AWS_PROFILE, value: shop}]
contexts:
- {name: prod, context: {cluster: prod, user: deployer, namespace: prod}}
- {name: old, context: {cluster: prod, user: basic}}
- {name: edge, context: {cluster: edge, user: sso}}
current-context: prod
`;
    const snapshot = snapshotFrom({
      sources: { '/home/u/.kube/config': kubeconfig },
      commands: { kubelogin: '/usr/local/bin/kubelogin' },
    });
    // The plugin failed, echoing what it was given; its stderr kept as the core keeps it.
    const exec = snapshot.config.users.get('sso')?.value.exec as ExecConfig;
    const stderr = `profile shop: refused --client-secret=${ARG_EQUALS} ${ARG_SEPARATE} API_TOKEN=${ENV_SECRET} at https://kw:${SERVER_PASSWORD}@edge.example:6443`;
    const run = { state: 'failed', exitCode: 1, timedOut: false, cause: 'unknown', durationMs: 5 } as const;
    snapshot.execRuns = new Map([['sso', { ...run, stderrTail: stderrTail(stderr, execSecrets(exec)) }]]);
    const report = diagnose(snapshot, {
      now: NOW,
      expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS,
      platform: 'linux',
    });
    const { notifications } = decideAlerts(EMPTY_ALERT_STATE, report, NOW);
    // Without alerts and a non-ok tray this test would prove nothing.
    expect(notifications.length).toBeGreaterThan(0);

    const view = new TrayView({
      actions: {
        useContext: () => undefined,
        checkNow: () => undefined,
        openWindow: () => undefined,
        pauseNotifications: () => undefined,
        setStartAtLogin: () => undefined,
        quit: () => undefined,
      },
      icons: { packaged: false, resourcesPath: '/r', appRoot: '/src' },
      platform: 'linux',
      startAtLogin: () => false,
      now: () => new Date(NOW),
    });
    view.show(trayModel(report, NOW, { checking: false }));
    const notifier = new Notifier({ openWindow: () => undefined, snoozeDay: () => undefined }, 'linux');
    for (const alert of notifications) notifier.notify(alert);

    const tray = Tray.instances[0] as Tray;
    expect(tray.tooltip).not.toBe('Kubeward: ');
    const shown = JSON.stringify({
      tooltip: tray.tooltip,
      menu: (tray.menu as unknown as Menu).template,
      notifications: Notification.instances.map((n) => n.options),
    });
    expect(shown).toContain('prod');
    expect(shown).toContain('edge');
    const secrets = [
      token,
      token.split('.')[2] ?? token,
      PASSWORD,
      SERVER_PASSWORD,
      ARG_EQUALS,
      ARG_SEPARATE,
      ENV_SECRET,
    ];
    for (const secret of secrets) expect(shown).not.toContain(secret);

    // What crosses IPC to the window: the report (with the plugin's stderr) and the Settings plugin list.
    expect(report.contexts.find((c) => c.name === 'edge')?.findings.map((f) => f.rule)).toContain('exec-plugin-failed');
    const dir = tempDir('canary');
    const fingerprint = pluginFingerprint(randomBytes(32));
    const handlers = createApiHandlers({
      monitor: {
        lastReport: () => report,
        checkNow: () => Promise.resolve(),
        snooze: () => Promise.resolve(),
        pause: () => Promise.resolve(),
        execPlugins: () => execPluginsOf(snapshot.config, fingerprint),
        applySettings: () => Promise.resolve(),
      },
      fixes: new FixEngine({
        host: { env: {}, homeDir: dir, platform: 'linux' },
        kubeconfig: path.join(dir, 'config'),
      }),
      settings: await SettingsStore.open(path.join(dir, 'settings.json')),
      loginItem: { get: () => Promise.resolve(false), set: () => Promise.resolve() },
      testNotification: () => undefined,
      resetBackoff: () => undefined,
      emit: () => undefined,
      version: '1.2.3',
      pickKubeconfig: () => Promise.resolve(undefined),
      lastPush: () => null,
    });
    const unregister = registerIpc(handlers, OWN);
    try {
      const own = { url: OWN };
      const [plugin] = (await ipcMain.invokeFrom(own, 'plugins:list')) as { key: string }[];
      const payloads = [
        await ipcMain.invokeFrom(own, 'report:get'),
        await ipcMain.invokeFrom(own, 'check:now'),
        await ipcMain.invokeFrom(own, 'plugins:approve', { key: plugin?.key, approved: true }),
        await ipcMain.invokeFrom(own, 'settings:get'),
        await ipcMain.invokeFrom(own, 'fix:verify', { context: 'edge', rule: 'exec-plugin-failed' }),
      ];
      const wire = JSON.stringify(payloads);
      expect(wire).toContain('https://edge.example:6443');
      expect(wire).toContain('profile shop: refused --client-secret=[redacted]');
      for (const secret of secrets) expect(wire).not.toContain(secret);
    } finally {
      unregister();
    }
  });
});
