import { commandLine, execEvidence } from '../exec/evidence';
import { execSubject } from '../exec/subject';
import type { FixStep } from '../findings';
import { verifyStep } from '../guides/exec';
import { pluginInstallSteps } from '../guides/plugins';
import { commandName } from '../guides/provider';
import { refetchSteps } from '../guides/refetch';
import { formatInstant } from '../time';
import { EXEC_PLUGINS } from './support/background';
import type { ContextRule } from './types';

const ID = 'exec-plugin-invalid-output';

export default {
  meta: {
    id: ID,
    title: 'Exec plugin printed no usable credential',
    severity: 'error',
    needs: 'exec',
    description: 'stdout is not an ExecCredential of the declared apiVersion, or has no token or certificate/key pair.',
    explanation: EXEC_PLUGINS,
    remedy:
      'Update the plugin, or regenerate the kubeconfig entry so that its apiVersion matches what the plugin' +
      ' prints. For an EKS cluster whose name and region the kubeconfig holds, kubeward can run aws eks ' +
      'update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject, env) {
    const found = execSubject(subject);
    if (found?.run.state !== 'invalid-output') return [];
    const { user, exec, run } = found;
    const retry =
      run.retryAt === undefined ? '' : ` Kubeward tries it again at ${formatInstant(run.retryAt, env.now)}.`;
    const install = pluginInstallSteps(exec, env.platform).map((s) => ({
      ...s,
      title: `Update the plugin: ${s.title}`,
    }));
    const steps: FixStep[] = [
      // The cloud CLIs write the apiVersion their plugin speaks: regenerating the entry fixes a mismatch.
      ...refetchSteps(subject).map((s) => ({ ...s, title: `Regenerate the kubeconfig entry: ${s.title}` })),
      ...(install.length > 0
        ? install
        : [
            {
              title: `Update ${commandName(exec.command)} to a version that speaks ${exec.apiVersion ?? 'the declared apiVersion'}`,
            },
          ]),
      verifyStep(subject.name),
    ];
    return [
      {
        detail:
          `The exec plugin of user ${user.name} (${commandLine(exec)}) exited successfully, but kubectl cannot use what it printed: ` +
          `${run.reason}. kubectl fails with "getting credentials" for every request.${retry}`,
        evidence: {
          ...execEvidence(subject.name, user.name, exec, subject.snapshot),
          apiVersion: exec.apiVersion ?? null,
          reason: run.reason,
          durationMs: run.durationMs,
          stderrTail: run.stderrTail,
        },
        fix: steps,
      },
    ];
  },
} satisfies ContextRule;
