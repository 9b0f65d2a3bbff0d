import { beforeEach, describe, expect, it } from 'vitest';
import { Notifier } from '../../electron/app/notifications';
import { TrayView } from '../../electron/app/tray';
import { decideAlerts } from '../../shared/alerts/policy';
import { EMPTY_ALERT_STATE } from '../../shared/alerts/state';
import { trayModel } from '../../shared/alerts/tray';
import { diagnose } from '../../shared/diagnose';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { Menu, Notification, resetElectronFake, Tray } from '../fakes/electron';
import { serviceAccountToken } from '../fixtures/jwt';
import { snapshotFrom } from '../support/snapshot';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const PASSWORD = 'kw-canary-password-Qz81Lm3x';

beforeEach(() => resetElectronFake());

describe('a canary secret in the kubeconfig', () => {
  it('appears in no tray label, tooltip or notification', async () => {
    const token = await serviceAccountToken({ issuedAt: NOW - 3_000_000, lifetime: 3_600_000, name: 'deployer' });
    const kubeconfig = `apiVersion: v1
clusters:
- {name: prod, cluster: {server: "https://prod.example:6443"}}
users:
- {name: deployer, user: {token: ${token}}}
- {name: basic, user: {username: admin, password: ${PASSWORD}}}
contexts:
- {name: prod, context: {cluster: prod, user: deployer, namespace: prod}}
- {name: old, context: {cluster: prod, user: basic}}
current-context: prod
`;
    const report = diagnose(snapshotFrom({ sources: { '/home/u/.kube/config': kubeconfig } }), {
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
    const notifier = new Notifier(() => undefined, 'linux');
    for (const alert of notifications) notifier.notify(alert);

    const tray = Tray.instances[0] as Tray;
    expect(tray.tooltip).not.toBe('Kubeward: ');
    const shown = JSON.stringify({
      tooltip: tray.tooltip,
      menu: (tray.menu as unknown as Menu).template,
      notifications: Notification.instances.map((n) => n.options),
    });
    expect(shown).toContain('prod');
    for (const secret of [token, token.split('.')[2] ?? token, PASSWORD]) expect(shown).not.toContain(secret);
  });
});
