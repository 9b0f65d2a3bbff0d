/** Native notifications for the monitor's alerts; a click opens the window at the finding. */
import { Notification, type NotificationConstructorOptions } from 'electron';
import type { FindingRef, Severity } from '../../shared/findings';
import type { AlertNotification } from '../../shared/monitor';

/** Linux notification urgency (ignored elsewhere): errors stay on screen, info stays quiet. */
const URGENCY: Record<Severity, NonNullable<NotificationConstructorOptions['urgency']>> = {
  error: 'critical',
  warning: 'normal',
  info: 'low',
};

export function notificationOptions(
  alert: AlertNotification,
  platform: NodeJS.Platform,
): NotificationConstructorOptions {
  return {
    title: alert.title,
    body: alert.body,
    silent: alert.severity === 'info',
    ...(platform === 'linux' ? { urgency: URGENCY[alert.severity] } : {}),
    ...(platform === 'win32' ? { timeoutType: alert.severity === 'error' ? 'never' : 'default' } : {}),
  };
}

/**
 * Shows one alert. Electron drops a Notification's click handler when the object is
 * garbage-collected, so live ones are kept until clicked or closed.
 */
export class Notifier {
  private readonly live = new Set<Notification>();

  constructor(
    private readonly openWindow: (target?: FindingRef) => void,
    private readonly platform: NodeJS.Platform,
  ) {}

  notify(alert: AlertNotification): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification(notificationOptions(alert, this.platform));
    this.live.add(notification);
    notification.on('click', () => {
      this.live.delete(notification);
      // A summary has no single finding: open the overview.
      this.openWindow(alert.target);
    });
    notification.on('close', () => this.live.delete(notification));
    notification.show();
  }
}
