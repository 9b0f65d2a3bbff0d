/** What a safe action will do, in words, for the confirmation before it runs. */
import type { SafeAction } from '../../../shared/findings';

const BACKUP = 'A backup of the file is kept, and Undo restores it.';

/** The button that starts a step kubeward can do itself: what it does, in the user's words. */
export function actionButton(action: SafeAction): string {
  switch (action.kind) {
    case 'approve-plugin':
      return 'Approve and check…';
    case 'renew-client-cert':
      return 'Renew now…';
    case 'run':
      // `kubectl auth whoami` as an action runs an exec plugin that has to sign in (exec-sign-in-required).
      return action.args.includes('login') || action.args.includes('whoami') ? 'Sign in…' : 'Run…';
    default:
      return 'Run…';
  }
}

export function describeAction(action: SafeAction): string {
  switch (action.kind) {
    case 'use-context':
      return `Sets current-context to “${action.context}” in the first kubeconfig file of the list, where kubectl writes it. Nothing else in the file changes. ${BACKUP}`;
    case 'chmod':
      return `Changes the permissions of ${action.path} to ${(action.mode & 0o7777).toString(8).padStart(4, '0')}, so only you can read it.`;
    case 'delete-context':
      return `Removes context “${action.context}” from ${action.kubeconfig}. Its cluster and user stay. ${BACKUP}`;
    case 'run':
      return `Starts ${action.program} as a child process, its output shown here as it comes. A login may open your browser.`;
    case 'pin-exec-command':
      return `Writes the full path ${action.path} as the exec command of user “${action.user}” in ${action.kubeconfig} (instead of “${action.command}”), so apps that do not get your login shell's PATH find it. ${BACKUP}`;
    case 'create-token':
      return `Asks the cluster, through context “${action.via}”, for a new token of service account ${action.namespace}/${action.serviceAccount} valid for ${action.duration}, and writes it into user “${action.user}” in ${action.kubeconfig}. The token itself is never shown. ${BACKUP}`;
    case 'approve-plugin':
      return `Approves the exec plugin of context “${action.context}” in Settings, so the monitor may run it on its schedule, and checks it now. Settings › Exec plugins takes the approval back.`;
    case 'renew-client-cert': {
      const through = action.via === undefined ? 'with its own certificate' : `through context “${action.via}”`;
      const key = action.keyType === 'rsa' ? 'an RSA key' : 'a key of the same type';
      return `Makes ${key} and asks the cluster ${through} for a new certificate for the same user (a CertificateSigningRequest), approves it if allowed or shows the command for an admin and waits, then stores certificate and key in context “${action.context}”'s user and checks the cluster accepts it. The key itself is never shown. ${BACKUP}`;
    }
  }
}
