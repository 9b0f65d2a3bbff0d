import { beforeEach, describe, expect, it } from 'vitest';
import { notificationOptions, Notifier } from '../../electron/app/notifications';
import type { FindingRef } from '../../shared/findings';
import type { AlertNotification } from '../../shared/monitor';
import { Notification, resetElectronFake } from '../fakes/electron';

const ALERT: AlertNotification = {
  id: 'prod|client-cert-expiring|sha256:ab|3d',
  title: 'Client certificate expires soon',
  body: 'Expires Dec 1, 2026, 9:30 AM (in 3 days). Fix: Renew the certificate',
  severity: 'warning',
  threshold: '3d',
  expiresAt: '2026-12-01T09:30:00.000Z',
  target: { context: 'prod', rule: 'client-cert-expiring' },
};

class RecordingActions {
  opened: (FindingRef | undefined)[] = [];
  snoozed: FindingRef[] = [];
  openWindow = (target?: FindingRef) => this.opened.push(target);
  snoozeDay = (target: FindingRef) => this.snoozed.push(target);
}

beforeEach(() => resetElectronFake());

describe('notificationOptions', () => {
  it('sets Linux urgency per severity', () => {
    const urgency = (severity: AlertNotification['severity']) =>
      notificationOptions({ ...ALERT, severity }, 'linux').urgency;
    expect([urgency('error'), urgency('warning'), urgency('info')]).toEqual(['critical', 'normal', 'low']);
  });

  it('titles the problem; the context is the subtitle on macOS, with Snooze 1 day as its button', () => {
    expect(notificationOptions(ALERT, 'darwin')).toEqual({
      title: 'Client certificate expires soon',
      subtitle: 'prod',
      body: ALERT.body,
      silent: false,
      actions: [{ type: 'button', text: 'Snooze 1 day' }],
    });
  });

  it('leads the body with the context elsewhere, within about 100 characters, and keeps errors on screen on Windows', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const options = notificationOptions(
        { ...ALERT, body: `${ALERT.body} ${'and more words '.repeat(10)}` },
        platform,
      );
      expect(options.title).toBe('Client certificate expires soon');
      expect(options.body).toMatch(/^prod: Expires Dec 1, 2026/);
      expect(options.body?.length).toBeLessThanOrEqual(100);
      expect(options.body).toMatch(/…$/);
      expect(options).not.toHaveProperty('actions');
    }
    expect(notificationOptions({ ...ALERT, severity: 'error' }, 'win32').timeoutType).toBe('never');
  });
});

describe('Notifier', () => {
  it('shows the alert and opens the window at its finding when clicked', () => {
    const actions = new RecordingActions();
    new Notifier(actions, 'linux').notify(ALERT);
    const [shown] = Notification.instances;
    if (!shown) throw new Error('no notification');
    expect(shown.shown).toBe(true);
    expect(shown.options).toMatchObject({ title: ALERT.title, body: `prod: ${ALERT.body}`, urgency: 'normal' });
    expect(actions.opened).toEqual([]);
    shown.emit('click');
    expect(actions.opened).toEqual([{ context: 'prod', rule: 'client-cert-expiring' }]);
  });

  it('snoozes the finding for a day from the notification button, without opening the window', () => {
    const actions = new RecordingActions();
    new Notifier(actions, 'darwin').notify(ALERT);
    Notification.instances[0]?.emit('action', {}, 0);
    expect(actions.snoozed).toEqual([{ context: 'prod', rule: 'client-cert-expiring' }]);
    expect(actions.opened).toEqual([]);
  });

  it('opens the overview for a summary alert, which has no button', () => {
    const actions = new RecordingActions();
    const summary: AlertNotification = { ...ALERT, target: undefined, count: 5, title: '5 credentials need attention' };
    new Notifier(actions, 'darwin').notify(summary);
    expect(Notification.instances[0]?.options).not.toHaveProperty('actions');
    Notification.instances[0]?.emit('click');
    expect(actions.opened).toEqual([undefined]);
  });
});
