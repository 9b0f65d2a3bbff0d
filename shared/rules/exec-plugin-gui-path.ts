import { actionStep } from '../guides/actions';
import { verifyStep } from '../guides/exec';
import { commandName } from '../guides/provider';
import { EXEC_PLUGINS } from './support/background';
import type { ContextRule } from './types';

const ID = 'exec-plugin-gui-path';

export default {
  meta: {
    id: ID,
    title: 'Exec plugin found only on the login shell’s PATH',
    severity: 'warning',
    needs: 'offline',
    description:
      "The exec plugin command is not on the PATH apps started from the Dock, Finder or a desktop launcher get, only on the login shell's.",
    explanation:
      `${EXEC_PLUGINS} kubectl finds the plugin on PATH. A terminal has the PATH your shell's profile builds ` +
      '(Homebrew, ~/.local/bin, the gcloud SDK); an app started from the Dock, Finder or a desktop launcher gets ' +
      'the system\'s short default instead, so Lens, Headlamp, IDEs and other GUI tools fail with "executable … ' +
      'not found" while kubectl works in the terminal.',
    remedy:
      'Pin the absolute path of the plugin in the kubeconfig (kubectl config --kubeconfig FILE set-credentials USER ' +
      '--exec-command=/full/path): every app then finds it. Kubeward can write it, with a backup and Undo.',
  },
  scope: 'context',
  check(subject) {
    const user = subject.user;
    const exec = user?.value.exec;
    if (!user || !exec) return [];
    const lookup = subject.snapshot.commands.get(exec.command);
    if (lookup?.via !== 'login-shell' || !lookup.resolved) return [];
    const name = commandName(exec.command);
    return [
      {
        detail:
          `User ${user.name} runs the exec plugin ${exec.command}, which is only on your login shell's PATH ` +
          `(${lookup.resolved}), not on the PATH apps started outside a terminal get. Kubeward runs it with the ` +
          `login shell's PATH, and kubectl in a terminal finds it, but GUI apps (Lens, Headlamp, IDEs) fail with ` +
          `"exec: executable ${exec.command} not found".`,
        evidence: {
          context: subject.name,
          user: user.name,
          command: exec.command,
          resolvedPath: lookup.resolved,
          foundVia: 'login-shell',
        },
        fix: [
          actionStep(`Pin the full path of ${name} in user ${user.name}`, {
            kind: 'pin-exec-command',
            user: user.name,
            kubeconfig: user.source,
            command: exec.command,
            path: lookup.resolved,
          }),
          verifyStep(subject.name),
        ],
      },
    ];
  },
} satisfies ContextRule;
