/**
 * Native notifications for the monitor's alerts: the problem as the title, the context as the
 * subtitle (macOS) or the body's first words; a click opens the window at the finding, and on
 * macOS, the one platform whose notifications carry buttons without a custom toast, "Snooze 1 day".
 */
import { Notification, type NotificationConstructorOptions } from 'electron';
import { NOTIFICATION_BODY_MAX } from '../../shared/alerts/policy';
import type { FindingRef, Severity } from '../../shared/findings';
import type { AlertNotification } from '../../shared/monitor';
import { clip } from '../../shared/time';

/** Linux notification urgency (ignored elsewhere): errors stay on screen, info stays quiet. */
const URGENCY: Record<Severity, NonNullable<NotificationConstructorOptions['urgency']>> = {
  error: 'critical',
  warning: 'normal',
  info: 'low',
};

const SNOOZE_ACTION = 'Snooze 1 day';

export function notificationOptions(
  alert: AlertNotification,
  platform: NodeJS.Platform,
): NotificationConstructorOptions {
  const context = alert.target?.context;
  const mac = platform === 'darwin';
  const body = context !== undefined && !mac ? clip(`${context}: ${alert.body}`, NOTIFICATION_BODY_MAX) : alert.body;
  return {
    title: alert.title,
    ...(mac && context !== undefined ? { subtitle: context } : {}),
    body,
    silent: alert.severity === 'info',
    ...(mac && alert.target ? { actions: [{ type: 'button', text: SNOOZE_ACTION }] } : {}),
    ...(platform === 'linux' ? { urgency: URGENCY[alert.severity] } : {}),
    ...(platform === 'win32' ? { timeoutType: alert.severity === 'error' ? 'never' : 'default' } : {}),
  };
}

export interface NotifierActions {
  openWindow(target?: FindingRef): void;
  snoozeDay(target: FindingRef): void;
}

/**
 * Shows one alert. Electron drops a Notification's click handler when the object is
 * garbage-collected, so live ones are kept until clicked or closed.
 */
export class Notifier {
  private readonly live = new Set<Notification>();

  constructor(
    private readonly actions: NotifierActions,
    private readonly platform: NodeJS.Platform,
  ) {}

  notify(alert: AlertNotification): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification(notificationOptions(alert, this.platform));
    this.live.add(notification);
    notification.on('click', () => {
      this.live.delete(notification);
      // A summary has no single finding: open the overview.
      this.actions.openWindow(alert.target);
    });
    notification.on('action', () => {
      this.live.delete(notification);
      if (alert.target) this.actions.snoozeDay(alert.target);
    });
    notification.on('close', () => this.live.delete(notification));
    notification.show();
  }
}
