import { credentialSetup, kindName } from '../credentials/kind';
import type { FixStep } from '../findings';
import { pluginInstallSteps } from '../guides/plugins';
import { commandName } from '../guides/provider';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import { EXEC_PLUGINS } from './support/background';
import type { ContextRule } from './types';

const ID = 'exec-plugin-missing';

export default {
  meta: {
    id: ID,
    title: 'Exec credential plugin not installed',
    severity: 'error',
    needs: 'offline',
    description: 'The exec plugin command is not on PATH (or the path it names does not exist).',
    explanation: EXEC_PLUGINS,
    remedy:
      'Install the plugin (gcloud components install gke-gcloud-auth-plugin, the AWS CLI, kubelogin, or as ' +
      "the entry's installHint says) where kubectl finds it on PATH; if the entry names an absolute path " +
      'that no longer exists, point it at the installed command.',
  },
  scope: 'context',
  check(subject, env) {
    const user = subject.user;
    const exec = user?.value.exec;
    if (!user || !exec?.command) return [];
    const lookup = subject.snapshot.commands.get(exec.command);
    // No lookup: core did not look, so nothing is known. Found only on the login shell's PATH is another rule's.
    if (!lookup || lookup.resolved) return [];
    const name = commandName(exec.command);
    const isPath = /[\\/]/.test(exec.command);
    const where = isPath ? `${exec.command} does not exist` : `${exec.command} is not on PATH`;
    const hint = exec.installHint ? ` The kubeconfig's install hint: ${exec.installHint}` : '';
    const setup = credentialSetup(user.value);
    const shadowedNote = setup.shadowed.includes('exec')
      ? ` kubectl does not run it now (the ${kindName(setup.wins)} of user ${user.name} is sent instead), but it will once that is removed.`
      : ` kubectl fails with "getting credentials: ${isPath ? `exec: fork/exec ${exec.command}: no such file or directory` : `exec: executable ${exec.command} not found`}".`;
    const steps: FixStep[] = pluginInstallSteps(exec, env.platform);
    if (steps.length === 0)
      steps.push({ title: `Install ${name}${exec.installHint ? ' as the install hint says' : ''}` });
    if (isPath) {
      steps.push({
        title: `Then let kubectl find ${name} on PATH instead of at ${exec.command}`,
        command: kubectlConfig(user.source, `set-credentials ${shellArg(user.name)} --exec-command=${shellArg(name)}`),
      });
    }
    return [
      {
        ...(setup.shadowed.includes('exec') ? { severity: 'warning' as const } : {}),
        detail: `User ${user.name} gets its credentials from the exec plugin ${exec.command}, but ${where}.${shadowedNote}${hint}`,
        evidence: {
          context: subject.name,
          user: user.name,
          command: exec.command,
          installHint: exec.installHint ?? null,
        },
        fix: steps,
      },
    ];
  },
} satisfies ContextRule;
