import { credentialSetup } from '../credentials/kind';
import { shellArg } from '../guides/shell';
import type { ContextRule } from './types';

const ID = 'exec-interactive-only';

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
        fix: [
          {
            title: 'Run it once in a terminal to see that it still works',
            command: `kubectl auth whoami --context ${shellArg(subject.name)}`,
          },
        ],
      },
    ];
  },
} satisfies ContextRule;
