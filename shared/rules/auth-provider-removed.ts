import type { ContextSubject, Platform } from '../facts';
import type { FixPath, FixStep } from '../findings';
import type { Named, User } from '../kubeconfig/model';
import { azureKubeloginInstallSteps, gkePluginInstallSteps } from '../guides/plugins';
import { refetchSteps } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import { unsetUserField } from '../guides/user-fields';
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

/** The last step of every path: kubectl runs the new plugin for this context. */
function checkStep(subject: ContextSubject): FixStep {
  return {
    title: `Check that kubectl gets credentials for context ${subject.name} again`,
    command: `kubectl auth whoami --context ${shellArg(subject.name)}`,
  };
}

/** The exec entry gcloud writes for gke-gcloud-auth-plugin, in place of the auth-provider. */
function gcpExecCommand(user: Named<User>): string {
  const exec = kubectlConfig(
    user.source,
    `set-credentials ${shellArg(user.name)} --exec-api-version=client.authentication.k8s.io/v1beta1 ` +
      `--exec-command=gke-gcloud-auth-plugin --exec-provide-cluster-info=true --exec-interactive-mode=IfAvailable`,
  );
  return `${exec} && ${unsetUserField(user, 'auth-provider')}`;
}

function gcpPaths(subject: ContextSubject, user: Named<User>, platform: Platform): FixPath[] {
  const install = gkePluginInstallSteps(platform);
  return [
    {
      id: 'get-credentials',
      title: 'Write the entry again with gcloud',
      // get-credentials writes the user entry again, now with the exec plugin.
      summary:
        'gcloud container clusters get-credentials writes the entry with the plugin in place of the auth-provider.',
      steps: [...install, ...refetchSteps(subject), checkStep(subject)],
    },
    {
      id: 'edit',
      title: 'Edit the entry by hand',
      summary: `Replace the auth-provider of user ${user.name} with the plugin, keeping the rest of the entry as it is.`,
      steps: [
        ...install,
        {
          title: `Let gke-gcloud-auth-plugin provide the credentials of user ${user.name}`,
          command: gcpExecCommand(user),
        },
        checkStep(subject),
      ],
    },
  ];
}

function azurePaths(subject: ContextSubject, platform: Platform): FixPath[] {
  const install = azureKubeloginInstallSteps(platform);
  const convert = `kubelogin convert-kubeconfig -l azurecli --context ${shellArg(subject.name)}`;
  const refetch = refetchSteps(subject);
  return [
    {
      id: 'convert',
      title: 'Convert the entry with kubelogin',
      summary: 'kubelogin rewrites the azure auth-provider of this context into an exec entry that runs kubelogin.',
      steps: [
        ...install,
        {
          title: `Convert context ${subject.name} to kubelogin (it rewrites the azure auth-provider into an exec entry)`,
          command: convert,
        },
        checkStep(subject),
      ],
    },
    {
      id: 'get-credentials',
      title: 'Write the entry again with az',
      summary: 'az aks get-credentials writes the entry again; kubelogin then takes over its tokens.',
      // One step: the entry az writes is only usable once kubelogin has converted it.
      steps: [
        ...install,
        {
          title: refetch.map((s) => s.title).join(', then '),
          command: refetch.flatMap((s) => (s.command === undefined ? [] : [s.command])).join(' && '),
        },
        checkStep(subject),
      ],
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
        fix: [],
        paths: name === 'gcp' ? gcpPaths(subject, user, env.platform) : azurePaths(subject, env.platform),
      },
    ];
  },
} satisfies ContextRule;
