import type { ContextSubject } from '../facts';
import type { FixPlan } from '../findings';
import type { Named, User } from '../kubeconfig/model';
import { recheckStep } from '../guides/probe';
import { detectProvider, refetchSteps } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import { SUPPORTED_EXEC_API_VERSIONS } from '../credentials/kind';
import type { ContextRule } from './types';

const ID = 'exec-api-version-unsupported';

const V1ALPHA1 = 'client.authentication.k8s.io/v1alpha1';

/**
 * Let the cloud CLI write the entry again; for a plugin no cloud CLI writes, also the choice of setting
 * the version by hand. Each way ends with asking the server, which runs the plugin.
 */
function plan(subject: ContextSubject, user: Named<User>): FixPlan {
  const recheck = recheckStep(subject);
  const refetch = [...refetchSteps(subject), recheck];
  if (detectProvider(subject).provider !== 'generic') return { fix: refetch };
  return {
    fix: [],
    paths: [
      {
        id: 'refetch',
        title: 'Fetch the credentials again',
        summary: 'Your admin or the tool that wrote the entry writes it afresh, with a version kubectl speaks.',
        steps: refetch,
      },
      {
        id: 'switch-version',
        title: 'Switch the entry to v1beta1',
        summary: 'The plugin (updated) speaks client.authentication.k8s.io/v1beta1.',
        steps: [
          {
            title: `Switch the exec entry of user ${user.name} to v1beta1, if the plugin (updated) speaks it`,
            command: kubectlConfig(
              user.source,
              `set-credentials ${shellArg(user.name)} --exec-api-version=client.authentication.k8s.io/v1beta1`,
            ),
          },
          recheck,
        ],
      },
    ],
  };
}

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
    return [
      {
        detail:
          `The exec plugin of user ${user.name} is configured with apiVersion ${apiVersion}: ${why}, ` +
          `so kubectl fails before running it: exec plugin: invalid apiVersion "${apiVersion}".`,
        evidence: { context: subject.name, user: user.name, apiVersion, supported: [...SUPPORTED_EXEC_API_VERSIONS] },
        ...plan(subject, user),
      },
    ];
  },
} satisfies ContextRule;
