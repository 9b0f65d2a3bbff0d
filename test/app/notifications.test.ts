import { beforeEach, describe, expect, it } from 'vitest';
import { notificationOptions, Notifier } from '../../electron/app/notifications';
import type { FindingRef } from '../../shared/findings';
import type { AlertNotification } from '../../shared/monitor';
import { Notification, resetElectronFake } from '../fakes/electron';

const ALERT: AlertNotification = {
  id: 'prod|client-cert-expiring|sha256:ab|3d',
  title: 'prod: client certificate expires in 3 days',
  body: 'Renew it before 2026-12-01 09:30 UTC.',
  severity: 'warning',
  threshold: '3d',
  expiresAt: '2026-12-01T09:30:00.000Z',
  target: { context: 'prod', rule: 'client-cert-expiring' },
};

beforeEach(() => resetElectronFake());

describe('notificationOptions', () => {
  it('sets Linux urgency per severity', () => {
    const urgency = (severity: AlertNotification['severity']) =>
      notificationOptions({ ...ALERT, severity }, 'linux').urgency;
    expect([urgency('error'), urgency('warning'), urgency('info')]).toEqual(['critical', 'normal', 'low']);
  });

  it('leaves urgency to the platform elsewhere, and keeps errors on screen on Windows', () => {
    expect(notificationOptions(ALERT, 'darwin')).toEqual({ title: ALERT.title, body: ALERT.body, silent: false });
    expect(notificationOptions({ ...ALERT, severity: 'error' }, 'win32').timeoutType).toBe('never');
  });
});

describe('Notifier', () => {
  it('shows the alert and opens the window at its finding when clicked', () => {
    const opened: (FindingRef | undefined)[] = [];
    new Notifier((target) => opened.push(target), 'linux').notify(ALERT);
    const [shown] = Notification.instances;
    if (!shown) throw new Error('no notification');
    expect(shown.shown).toBe(true);
    expect(shown.options).toMatchObject({ title: ALERT.title, body: ALERT.body, urgency: 'normal' });
    expect(opened).toEqual([]);
    shown.emit('click');
    expect(opened).toEqual([{ context: 'prod', rule: 'client-cert-expiring' }]);
  });

  it('opens the overview for a summary alert', () => {
    const opened: (FindingRef | undefined)[] = [];
    const summary: AlertNotification = { ...ALERT, target: undefined, count: 5, title: '5 credentials need attention' };
    new Notifier((target) => opened.push(target), 'darwin').notify(summary);
    Notification.instances[0]?.emit('click');
    expect(opened).toEqual([undefined]);
  });
});
