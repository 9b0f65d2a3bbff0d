import { commandLine, execEvidence } from '../exec/evidence';
import { execSubject } from '../exec/subject';
import { actionStep } from '../guides/actions';
import type { ContextRule } from './types';

const ID = 'exec-plugin-untrusted';

export default {
  meta: {
    id: ID,
    title: 'Exec plugin not approved to run unattended',
    severity: 'info',
    needs: 'exec',
    description:
      'The desktop monitor only runs an exec plugin after its command and arguments have been approved once.',
    explanation:
      'An exec plugin is any program a kubeconfig names, and kubeconfigs are often downloaded or generated ' +
      'by other tools. The desktop app therefore runs a plugin in the background only after you approved ' +
      'its exact command and arguments; until then it cannot say whether the plugin still works.',
    remedy:
      'Approve the plugin once in the window, so that the monitor may run it on its schedule; or check it ' +
      'now from a terminal, since the kubeward command line runs plugins as kubectl does.',
  },
  scope: 'context',
  check(subject) {
    const found = execSubject(subject);
    if (found?.run.state !== 'skipped' || found.run.reason !== 'untrusted') return [];
    const { user, exec } = found;
    return [
      {
        detail:
          `Kubeward has not run the exec plugin of user ${user.name} (${commandLine(exec)}): the monitor runs a plugin ` +
          'in the background only once you have approved that command and its arguments, so whether it still works is unknown.',
        evidence: execEvidence(subject.name, user.name, exec, subject.snapshot),
        fix: [
          actionStep(`Approve ${commandLine(exec)} so the monitor may run it on schedule, and check it now`, {
            kind: 'approve-plugin',
            context: subject.name,
          }),
        ],
      },
    ];
  },
} satisfies ContextRule;
