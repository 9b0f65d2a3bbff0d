import { credentialSetup } from '../credentials/kind';
import type { ContextSubject } from '../facts';
import type { FixPath } from '../findings';
import type { Named, User } from '../kubeconfig/model';
import { verifyStep } from '../guides/exec';
import { kubectlConfig } from '../guides/kubectl-config';
import { shellArg } from '../guides/shell';
import type { ContextRule } from './types';

const ID = 'exec-interactive-only';

/** Keep prompting and try it by hand now and then, or let it run unattended if it can do without a terminal. */
function paths(subject: ContextSubject, user: Named<User>): FixPath[] {
  return [
    {
      id: 'run-in-terminal',
      title: 'Try it in a terminal',
      summary: 'The plugin has to ask you something (a one-time code): run it yourself now and then.',
      // One step: running it is the check.
      steps: [
        {
          title: 'Run it once in a terminal to see that it still works',
          command: `kubectl auth whoami --context ${shellArg(subject.name)}`,
        },
      ],
    },
    {
      id: 'if-available',
      title: 'Let it run unattended',
      summary: 'The plugin can do without prompting: kubectl then runs it without a terminal too, and so can kubeward.',
      steps: [
        {
          title: `Set interactiveMode of user ${user.name} to IfAvailable`,
          command: kubectlConfig(
            user.source,
            `set-credentials ${shellArg(user.name)} --exec-interactive-mode=IfAvailable`,
          ),
        },
        verifyStep(subject.name),
      ],
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Exec plugin needs a terminal',
    severity: 'info',
    needs: 'offline',
    description: 'interactiveMode: Always: the plugin is never run unattended, so its health is unknown until used.',
    explanation:
      'interactiveMode: Always tells kubectl that the plugin has to talk to a person in a terminal, for ' +
      'instance to ask for a one-time code. Kubeward checks in the background, with no terminal, so it ' +
      'never runs such a plugin and cannot tell whether its login still works.',
    remedy:
      'Nothing is broken. Run the plugin in a terminal now and then to see that it still works, or set ' +
      'interactiveMode to IfAvailable if it can do without prompting.',
  },
  scope: 'context',
  check(subject) {
    const user = subject.user;
    const exec = user?.value.exec;
    if (!user || exec?.interactiveMode !== 'Always') return [];
    // A shadowed plugin never runs at all: credential-shadowed says so.
    if (credentialSetup(user.value).shadowed.includes('exec')) return [];
    return [
      {
        detail:
          `The exec plugin ${exec.command} of user ${user.name} has interactiveMode: Always: it only runs with a terminal ` +
          '(kubectl fails without one), so kubeward never runs it and cannot tell whether it still works until you do.',
        evidence: { context: subject.name, user: user.name, command: exec.command, interactiveMode: 'Always' },
        fix: [],
        paths: paths(subject, user),
      },
    ];
  },
} satisfies ContextRule;
