/** How to install the exec credential plugins kubeconfigs commonly name, per platform. */
import type { Platform } from '../facts';
import type { FixStep } from '../findings';
import type { ExecConfig } from '../kubeconfig/model';
import { choiceStep } from './actions';
import { commandName } from './provider';

function awsCli(platform: Platform): FixStep[] {
  const title = 'Install the AWS CLI (v2)';
  switch (platform) {
    case 'darwin':
      return [{ title, command: 'brew install awscli' }];
    case 'win32':
      return [{ title, command: 'msiexec.exe /i https://awscli.amazonaws.com/AWSCLIV2.msi' }];
    default:
      return [
        {
          title,
          command:
            'curl -sSLo awscliv2.zip "https://awscli.amazonaws.com/awscli-exe-linux-$(uname -m).zip" && unzip -q awscliv2.zip && sudo ./aws/install',
        },
      ];
  }
}

const GKE_PLUGIN_BY_GCLOUD = 'gcloud components install gke-gcloud-auth-plugin';

export function gkePluginInstallSteps(platform: Platform): FixStep[] {
  if (platform !== 'linux')
    return [{ title: 'Install gke-gcloud-auth-plugin with the gcloud CLI', command: GKE_PLUGIN_BY_GCLOUD }];
  return [
    // Two usual installs are alternatives: a choice within the step, never two steps.
    choiceStep('Install gke-gcloud-auth-plugin', 'gcloud came from', [
      { value: "Google's installer", command: GKE_PLUGIN_BY_GCLOUD },
      // apt's gcloud disables `gcloud components`: the plugin is a package of its own there.
      { value: 'apt', command: 'sudo apt-get install google-cloud-cli-gke-gcloud-auth-plugin' },
    ]),
  ];
}

const KUBELOGIN_BY_AZ = 'az aks install-cli';

export function azureKubeloginInstallSteps(platform: Platform): FixStep[] {
  if (platform !== 'darwin') return [{ title: 'Install kubelogin with the Azure CLI', command: KUBELOGIN_BY_AZ }];
  return [
    choiceStep('Install kubelogin', 'With', [
      { value: 'the Azure CLI', command: KUBELOGIN_BY_AZ },
      { value: 'Homebrew', command: 'brew install Azure/kubelogin/kubelogin' },
    ]),
  ];
}

function oidcLogin(): FixStep[] {
  return [{ title: 'Install kubelogin (oidc-login) with krew', command: 'kubectl krew install oidc-login' }];
}

function iamAuthenticator(platform: Platform): FixStep[] {
  const title = 'Install aws-iam-authenticator (or switch the entry to `aws eks get-token`)';
  if (platform === 'darwin') return [{ title, command: 'brew install aws-iam-authenticator' }];
  return [{ title: `${title}: https://github.com/kubernetes-sigs/aws-iam-authenticator/releases` }];
}

/** The install steps for a plugin, by its executable name; empty for a plugin we do not know. */
export function pluginInstallSteps(exec: ExecConfig, platform: Platform): FixStep[] {
  const name = commandName(exec.command);
  switch (name) {
    case 'aws':
      return awsCli(platform);
    case 'gke-gcloud-auth-plugin':
      return gkePluginInstallSteps(platform);
    case 'kubelogin':
      // Azure's kubelogin takes --server-id; int128's (OIDC) takes --oidc-issuer-url.
      return exec.args.some((a) => a.startsWith('--oidc-issuer-url'))
        ? oidcLogin()
        : azureKubeloginInstallSteps(platform);
    case 'kubectl-oidc_login':
      return oidcLogin();
    case 'aws-iam-authenticator':
      return iamAuthenticator(platform);
    default:
      return [];
  }
}
