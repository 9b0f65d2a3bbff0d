import type { ContextSubject, Platform } from '../facts';
import type { FixStep } from '../findings';
import { azureKubeloginInstallSteps, gkePluginInstallSteps } from '../guides/plugins';
import { refetchSteps } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import type { ContextRule } from './types';

const ID = 'auth-provider-removed';

const REMOVED: Record<string, { replacement: string; message: string }> = {
  gcp: {
    replacement: 'gke-gcloud-auth-plugin',
    message:
      'The gcp auth plugin has been removed. Please use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead.',
  },
  azure: {
    replacement: 'kubelogin',
    message:
      'The azure auth plugin has been removed. Please use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead.',
  },
};

function gcpSteps(subject: ContextSubject, platform: Platform): FixStep[] {
  // get-credentials writes the user entry again, now with the exec plugin.
  return [...gkePluginInstallSteps(platform), ...refetchSteps(subject)];
}

function azureSteps(subject: ContextSubject, platform: Platform): FixStep[] {
  return [
    ...azureKubeloginInstallSteps(platform),
    {
      title: `Convert context ${subject.name} to kubelogin (it rewrites the azure auth-provider into an exec entry)`,
      command: `kubelogin convert-kubeconfig -l azurecli --context ${shellArg(subject.name)}`,
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Auth provider removed from kubectl',
    severity: 'error',
    needs: 'offline',
    description: 'auth-provider gcp or azure: removed from kubectl in 1.26.',
    explanation:
      'Before exec plugins, kubectl had built-in auth providers for Google Cloud and Azure. Both were ' +
      'removed in kubectl 1.26, so a user entry that still names the gcp or azure auth-provider fails with ' +
      'a message pointing at the replacement plugin: gke-gcloud-auth-plugin or kubelogin.',
    remedy:
      'GKE: install gke-gcloud-auth-plugin and run gcloud container clusters get-credentials again, which ' +
      'rewrites the user entry to use the plugin. AKS: install kubelogin and run kubelogin ' +
      'convert-kubeconfig, which turns the azure auth-provider into an exec entry.',
  },
  scope: 'context',
  check(subject, env) {
    const user = subject.user;
    const name = user?.value.authProvider?.name;
    const removed = name === undefined ? undefined : REMOVED[name];
    if (!user || !name || !removed) return [];
    return [
      {
        detail:
          `User ${user.name} authenticates with the ${name} auth-provider, which kubectl removed in 1.26: every command ` +
          `in context ${subject.name} fails with "${removed.message}" (even when a static token is also set). ` +
          `${removed.replacement} replaces it.`,
        evidence: { context: subject.name, user: user.name, authProvider: name, replacement: removed.replacement },
        fix: name === 'gcp' ? gcpSteps(subject, env.platform) : azureSteps(subject, env.platform),
      },
    ];
  },
} satisfies ContextRule;
