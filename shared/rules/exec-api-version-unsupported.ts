import { detectProvider, refetchSteps } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import type { FixStep } from '../findings';
import { SUPPORTED_EXEC_API_VERSIONS } from '../credentials/kind';
import type { ContextRule } from './types';

const ID = 'exec-api-version-unsupported';

const V1ALPHA1 = 'client.authentication.k8s.io/v1alpha1';

export default {
  meta: {
    id: ID,
    title: 'Exec plugin API version not supported',
    severity: 'error',
    needs: 'offline',
    description:
      'The exec entry asks for client.authentication.k8s.io/v1alpha1 (removed in 1.24) or an unknown version.',
    explanation:
      'kubectl talks to an exec plugin through a versioned API (client.authentication.k8s.io). Version ' +
      'v1alpha1 was removed in kubectl 1.24; a kubeconfig that still asks for it, or for a version kubectl ' +
      'does not know, fails before the plugin runs. Entries written by an older aws, gcloud or az CLI are ' +
      'the usual cause.',
    remedy:
      'Regenerate the user entry with a current cloud CLI (aws eks update-kubeconfig, gcloud container ' +
      'clusters get-credentials, az aks get-credentials), which writes v1beta1 or v1. For another plugin, ' +
      'update it and set the apiVersion to one it speaks. For an EKS cluster whose name and region the ' +
      'kubeconfig holds, kubeward can run aws eks update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject) {
    const user = subject.user;
    const apiVersion = user?.value.exec?.apiVersion;
    // A missing apiVersion is credentials-conflict's ("apiVersion must be specified").
    if (!user || !apiVersion || SUPPORTED_EXEC_API_VERSIONS.includes(apiVersion)) return [];
    const why =
      apiVersion === V1ALPHA1
        ? 'v1alpha1 was removed from kubectl/client-go in 1.24'
        : `kubectl knows only ${SUPPORTED_EXEC_API_VERSIONS.join(' and ')}`;
    const steps: FixStep[] = refetchSteps(subject);
    if (detectProvider(subject).provider === 'generic') {
      steps.push({
        title: `Or switch the entry to v1beta1, if the plugin (updated) speaks it`,
        command: kubectlConfig(
          user.source,
          `set-credentials ${shellArg(user.name)} --exec-api-version=client.authentication.k8s.io/v1beta1`,
        ),
      });
    }
    return [
      {
        detail:
          `The exec plugin of user ${user.name} is configured with apiVersion ${apiVersion}: ${why}, ` +
          `so kubectl fails before running it: exec plugin: invalid apiVersion "${apiVersion}".`,
        evidence: { context: subject.name, user: user.name, apiVersion, supported: [...SUPPORTED_EXEC_API_VERSIONS] },
        fix: steps,
      },
    ];
  },
} satisfies ContextRule;
