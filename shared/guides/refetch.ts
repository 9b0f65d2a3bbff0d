/**
 * The "re-fetch credentials" guide: the commands that write this context's cluster
 * and user entries again, for the provider the kubeconfig points at. Values come
 * from the kubeconfig; a value it does not hold is an obvious <MARKER>, named in the
 * step's title, never a guess.
 */
import type { ContextSubject } from '../facts';
import type { FixPath, FixStep } from '../findings';
import { detectProvider, type ProviderInfo } from './provider';
import { actionStep } from './actions';
import { recheckStep } from './probe';
import { shellArg } from './shell';
import { withoutUserinfo } from '../url-safety';

export { detectProvider } from './provider';

/** A known value as a shell word, or a marker plus the note that says what to put there. */
function known(value: string | undefined, marker: string, what: string, unknown: string[]): string {
  if (value) return shellArg(value);
  unknown.push(`${marker}: ${what}`);
  return marker;
}

function unknownNote(unknown: readonly string[]): string {
  return unknown.length === 0 ? '' : ` (the kubeconfig does not say; replace ${unknown.join('; ')})`;
}

function clusterLabel(kind: string, info: ProviderInfo): string {
  return info.cluster ? `${kind} cluster ${info.cluster}` : `the ${kind} cluster`;
}

/** A <MARKER> the user replaces: left bare, where shellArg would quote it into a literal value. */
function wordOrMarker(word: string): string {
  return /^<[A-Z_]+>$/.test(word) ? word : shellArg(word);
}

/**
 * `aws eks update-kubeconfig` for this context, with markers where the kubeconfig does not say.
 * update-kubeconfig names the context after the cluster ARN; --alias rewrites this context instead.
 */
function eksUpdateKubeconfig(subject: ContextSubject, cluster: string, region: string, profile?: string): string[] {
  const args = ['eks', 'update-kubeconfig', '--name', cluster, '--region', region];
  if (profile) args.push('--profile', profile);
  if (!subject.name.startsWith('arn:')) args.push('--alias', subject.name);
  return args;
}

function eksSteps(subject: ContextSubject, info: ProviderInfo): FixStep[] {
  const title = `Write fresh credentials for ${clusterLabel('EKS', info)} into the kubeconfig`;
  if (info.cluster && info.region) {
    const args = eksUpdateKubeconfig(subject, info.cluster, info.region, info.profile);
    return [actionStep(title, { kind: 'run', program: 'aws', args })];
  }
  const unknown: string[] = [];
  if (!info.cluster) unknown.push('<CLUSTER_NAME>: the EKS cluster name');
  if (!info.region) unknown.push('<REGION>: the AWS region of the cluster');
  const command = eksCommand(subject, info.cluster ?? '<CLUSTER_NAME>', info.region ?? '<REGION>', info.profile);
  // With a <MARKER> in it the command is the user's to complete: no action.
  return [{ title: `${title}${unknownNote(unknown)}`, command }];
}

/** The update-kubeconfig command line; `cluster`, `region` and `profile` may be <MARKER>s, left for the user to fill. */
export function eksCommand(subject: ContextSubject, cluster: string, region: string, profile?: string): string {
  return ['aws', ...eksUpdateKubeconfig(subject, cluster, region, profile)].map(wordOrMarker).join(' ');
}

function gkeSteps(info: ProviderInfo): FixStep[] {
  const unknown: string[] = [];
  const cluster = known(info.cluster, '<CLUSTER_NAME>', 'the GKE cluster name', unknown);
  const location = known(info.location, '<LOCATION>', 'its region or zone', unknown);
  const project = known(info.project, '<PROJECT_ID>', 'its Google Cloud project', unknown);
  return [
    {
      title: `Write fresh credentials for ${clusterLabel('GKE', info)} into the kubeconfig${unknownNote(unknown)}`,
      command: `gcloud container clusters get-credentials ${cluster} --location ${location} --project ${project}`,
    },
  ];
}

function aksSteps(subject: ContextSubject, info: ProviderInfo): FixStep[] {
  const unknown: string[] = [];
  const group = known(info.resourceGroup, '<RESOURCE_GROUP>', 'the Azure resource group of the cluster', unknown);
  const name = known(info.cluster, '<CLUSTER_NAME>', 'the AKS cluster name', unknown);
  const admin = info.admin ? ' --admin' : '';
  // az names the context after the cluster (NAME-admin with --admin); --context keeps this one's name instead.
  const written = info.admin ? `${info.cluster}-admin` : info.cluster;
  const context = subject.name === written ? '' : ` --context ${shellArg(subject.name)}`;
  const steps: FixStep[] = [
    {
      title: `Write fresh credentials for ${clusterLabel('AKS', info)} into the kubeconfig${unknownNote(unknown)}`,
      command: `az aks get-credentials --resource-group ${group} --name ${name}${admin}${context} --overwrite-existing`,
    },
  ];
  const user = subject.user?.value;
  // Entra ID (AAD) clusters need kubelogin as the exec plugin; local admin accounts use a client certificate.
  if (!info.admin && (user?.exec || user?.authProvider?.name === 'azure')) {
    steps.push({
      title: 'Let kubelogin provide the Entra ID tokens',
      // Only this context: without --context kubelogin converts every azure entry of the kubeconfig.
      command: `kubelogin convert-kubeconfig -l ${shellArg(info.loginMode ?? 'azurecli')} --context ${shellArg(subject.name)}`,
    });
  }
  return steps;
}

function genericSteps(subject: ContextSubject): FixStep[] {
  const cluster = subject.context.value.cluster ?? subject.name;
  const server = withoutUserinfo(subject.cluster?.value.server);
  const steps: FixStep[] = [
    {
      title:
        `Ask your cluster admin for a new kubeconfig for cluster ${cluster}` +
        `${server ? ` (${server})` : ''}, and put it where KUBECONFIG points`,
    },
  ];
  const user = subject.user;
  if (user && (user.value.clientCertificate || user.value.clientCertificateData)) {
    steps.push({
      title: `On a kubeadm control-plane node, an admin can issue one with a new certificate for ${user.name}`,
      command: `sudo kubeadm kubeconfig user --client-name ${shellArg(user.name)} > ${shellArg(`${user.name}.kubeconfig`)}`,
    });
  }
  return steps;
}

/** The commands that re-create this context's credentials. */
export function refetchSteps(subject: ContextSubject): FixStep[] {
  const info = detectProvider(subject);
  switch (info.provider) {
    case 'eks':
      return eksSteps(subject, info);
    case 'gke':
      return gkeSteps(info);
    case 'aks':
      return aksSteps(subject, info);
    case 'generic':
      return genericSteps(subject);
  }
}

/** The way where the provider or an admin writes the entry afresh; `summary` says what the new entry brings. Ends by asking the server. */
export function refetchPath(subject: ContextSubject, summary: string): FixPath {
  return {
    id: 'refetch',
    title: 'Fetch the credentials again',
    summary,
    steps: [...refetchSteps(subject), recheckStep(subject)],
  };
}
