import { credentialRefusals, INTERACTIVE_MODES, SUPPORTED_EXEC_API_VERSIONS } from '../credentials/kind';
import { refetchSteps } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import type { ContextRule } from './types';

const ID = 'exec-config-invalid';

export default {
  meta: {
    id: ID,
    title: 'Exec plugin entry is invalid',
    severity: 'error',
    needs: 'offline',
    description: 'interactiveMode is missing where apiVersion v1 requires it, or is not Never/IfAvailable/Always.',
    explanation:
      'Since client.authentication.k8s.io/v1 an exec entry must say whether its plugin may prompt the user ' +
      '(interactiveMode: Never, IfAvailable or Always). kubectl refuses an entry that leaves it out or sets' +
      ' another value, before it runs the plugin.',
    remedy:
      'Set interactiveMode (IfAvailable suits most plugins), or regenerate the entry with a current cloud ' +
      'CLI. For an EKS cluster whose name and region the kubeconfig holds, kubeward can run aws eks ' +
      'update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject) {
    const user = subject.user;
    const exec = user?.value.exec;
    // Without a known apiVersion, regenerating the entry (the other rules' fix) settles interactiveMode too.
    if (!user || !exec?.apiVersion || !SUPPORTED_EXEC_API_VERSIONS.includes(exec.apiVersion)) return [];
    const refusal = credentialRefusals(user.name, user.value).find(
      (r) => r.code === 'exec-interactive-mode-missing' || r.code === 'exec-interactive-mode-invalid',
    );
    if (!refusal) return [];
    const problem =
      refusal.code === 'exec-interactive-mode-missing'
        ? `has apiVersion ${exec.apiVersion} but no interactiveMode, which that version requires`
        : `has interactiveMode "${exec.interactiveMode ?? ''}"; kubectl accepts only ${INTERACTIVE_MODES.join(', ')}`;
    return [
      {
        detail: `The exec plugin of user ${user.name} ${problem}. kubectl refuses the entry: ${refusal.message}.`,
        evidence: {
          context: subject.name,
          user: user.name,
          apiVersion: exec.apiVersion,
          interactiveMode: exec.interactiveMode ?? null,
        },
        fix: [
          {
            // IfAvailable is what v1beta1 entries default to: prompt when there is a terminal, else run unattended.
            title: `Set interactiveMode of user ${user.name} to IfAvailable`,
            command: kubectlConfig(
              user.source,
              `set-credentials ${shellArg(user.name)} --exec-interactive-mode=IfAvailable`,
            ),
          },
          ...refetchSteps(subject),
        ],
      },
    ];
  },
} satisfies ContextRule;
