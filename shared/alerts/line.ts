/**
 * One line per alert: `kubeward watch` prints it, the dev bridge logs it in place of a
 * notification. It lives here, not in the CLI, because both callers may import shared/
 * and neither may import the other.
 */
import type { AlertNotification } from '../monitor';

export function alertLine(n: AlertNotification, json: boolean): string {
  // A notification titles the problem and shows the context apart; a line stands alone and names both.
  const context = n.target?.context !== undefined ? `${n.target.context}: ` : '';
  if (json) {
    const fields = {
      type: 'alert',
      ...(n.target?.context !== undefined ? { context: n.target.context } : {}),
      ...(n.target ? { rule: n.target.rule } : { count: n.count }),
      severity: n.severity,
      title: `${context}${n.title}`,
      ...(n.expiresAt ? { expiresAt: n.expiresAt } : {}),
      threshold: n.threshold,
    };
    return JSON.stringify(fields);
  }
  const rule = n.target ? ` ${n.target.rule}` : '';
  return `alert ${n.severity}${rule} [${n.threshold}]: ${context}${n.title}. ${n.body}`;
}
