import { commandLine, execEvidence } from '../exec/evidence';
import { execSubject } from '../exec/subject';
import type { FixPath } from '../findings';
import { verifyStep } from '../guides/exec';
import { pluginInstallSteps } from '../guides/plugins';
import { commandName } from '../guides/provider';
import { refetchPath } from '../guides/refetch';
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
    const install = pluginInstallSteps(exec, env.platform);
    const verify = verifyStep(subject.name);
    const update: FixPath = {
      id: 'update',
      title: 'Update the plugin',
      summary: `A newer ${commandName(exec.command)} prints the ${exec.apiVersion ?? 'ExecCredential'} the entry asks for.`,
      steps: [
        ...(install.length > 0
          ? install
          : [
              {
                title: `Update ${commandName(exec.command)} to a version that speaks ${exec.apiVersion ?? 'the declared apiVersion'}`,
              },
            ]),
        verify,
      ],
    };
    // The cloud CLIs write the apiVersion their plugin speaks: a fresh entry fixes a mismatch.
    const refetch = refetchPath(
      subject,
      'The cloud CLI or your admin writes the entry afresh, with the apiVersion the plugin speaks.',
    );
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
        fix: [],
        paths: [refetch, update],
      },
    ];
  },
} satisfies ContextRule;
