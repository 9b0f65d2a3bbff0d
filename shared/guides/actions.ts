/**
 * Fix steps kubeward can run itself. The command a step shows is derived from its
 * action, so what the user copies and what "Fix it" runs can never drift apart.
 */
import type { FixStep, RunnableProgram, SafeAction, StepOption } from '../findings';
import { kubectlConfig } from './kubectl-config';
import { shellArg } from './shell';

/** `kubectl create token` as the create-token action runs it: through the context that can still create tokens. */
export function createTokenArgs(action: Extract<SafeAction, { kind: 'create-token' }>): string[] {
  const { via, serviceAccount, namespace, duration } = action;
  return ['--context', via, 'create', 'token', serviceAccount, '-n', namespace, `--duration=${duration}`];
}

/** `kubeward fix` arguments that run a renew-client-cert action. */
function renewArgs(action: Extract<SafeAction, { kind: 'renew-client-cert' }>): string[] {
  const guide = action.via === undefined ? 'client-cert-expiring' : 'client-cert-expired';
  const args = ['fix', guide, '--context', action.context, '--path', action.via === undefined ? 'renew' : 'via'];
  if (action.via !== undefined) args.push('--via', action.via);
  return args;
}

function words(program: string, args: readonly string[]): string {
  return [program, ...args].map(shellArg).join(' ');
}

/** The shell command that does what `action` does. */
export function commandOf(action: SafeAction): string {
  switch (action.kind) {
    case 'use-context':
      return words('kubectl', ['config', 'use-context', action.context]);
    case 'chmod':
      return words('chmod', [(action.mode & 0o7777).toString(8), action.path]);
    case 'delete-context':
      return kubectlConfig(action.kubeconfig, words('delete-context', [action.context]));
    case 'run':
      return words(action.program, action.args);
    case 'pin-exec-command':
      return kubectlConfig(action.kubeconfig, words('set-credentials', [action.user, `--exec-command=${action.path}`]));
    case 'create-token':
      return kubectlConfig(
        action.kubeconfig,
        `set-credentials ${shellArg(action.user)} --token=$(${words('kubectl', createTokenArgs(action))})`,
      );
    case 'approve-plugin':
      // Approvals are the desktop app's; the command line runs plugins as kubectl does, which checks it too.
      return words('kubeward', ['check', '--context', action.context]);
    case 'renew-client-cert':
      // No kubectl command does all of it: the command is kubeward's own, as `kubeward fix` runs it.
      return words('kubeward', renewArgs(action));
  }
}

export function actionStep(title: string, action: SafeAction): FixStep {
  return { title, command: commandOf(action), action };
}

/** A command kubeward may start as a visible child process (a login, `aws eks update-kubeconfig`). */
export function runStep(title: string, program: RunnableProgram, args: string[]): FixStep {
  return actionStep(title, { kind: 'run', program, args });
}

/** A step that offers `options` to choose from: its own command and action are the first option's (FixStep.choice). */
export function choiceStep(title: string, label: string, options: StepOption[]): FixStep {
  const [first] = options;
  return {
    title,
    ...(first?.command === undefined ? {} : { command: first.command }),
    ...(first?.action === undefined ? {} : { action: first.action }),
    choice: { label, options },
  };
}
