/**
 * Which managed Kubernetes a context belongs to, read offline from the kubeconfig
 * alone: the exec plugin and its arguments, the auth-provider, the server's host
 * name, and the names the cloud CLIs give to the entries they write.
 */
import type { ContextSubject } from '../facts';
import type { ExecConfig } from '../kubeconfig/model';

type Provider = 'eks' | 'gke' | 'aks' | 'generic';

export interface ProviderInfo {
  provider: Provider;
  cluster?: string;
  region?: string;
  profile?: string;
  project?: string;
  location?: string;
  /** AKS: from the user name `az aks get-credentials` writes (`clusterUser_RG_NAME`). */
  resourceGroup?: string;
  /** AKS: the entry holds the local admin account (`clusterAdmin_RG_NAME`, `--admin`). */
  admin?: boolean;
  /** AKS: kubelogin's `--login` mode (azurecli, devicecode, spn, msi, workloadidentity...). */
  loginMode?: string;
}

/** The value of `--flag VALUE` or `--flag=VALUE` in a plugin's arguments (the first of the flags that is set). */
export function flagValue(args: readonly string[], ...flags: string[]): string | undefined {
  for (const [i, arg] of args.entries()) {
    for (const flag of flags) {
      if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
      if (arg === flag && i + 1 < args.length) return args[i + 1];
    }
  }
  return undefined;
}

/** The executable's name without directory or `.exe`: `/usr/local/bin/aws` and `aws.exe` are both `aws`. */
export function commandName(command: string): string {
  const base = command.split(/[\\/]/).pop() ?? command;
  return base.replace(/\.exe$/i, '');
}

function envValue(exec: ExecConfig | undefined, name: string): string | undefined {
  return exec?.env.find((v) => v.name === name)?.value || undefined;
}

// arn:aws:eks:us-west-2:123456789012:cluster/prod: the name `aws eks update-kubeconfig` gives every entry.
const EKS_ARN = /^arn:aws[a-z-]*:eks:([a-z0-9-]+):\d{12}:cluster\/(.+)$/;
// ABCDEF.gr7.us-west-2.eks.amazonaws.com (.cn in China)
const EKS_HOST = /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.eks\.amazonaws\.com(?:\.cn)?$/;
// gke_PROJECT_LOCATION_CLUSTER: what `gcloud container clusters get-credentials` names the entries.
const GKE_NAME = /^gke_([^_]+)_([^_]+)_(.+)$/;
const AKS_HOST = /\.azmk8s\.io$/;

/** The host name of a server URL as WHATWG URL reads it; undefined when it does not parse. */
export function urlHostname(server: string): string | undefined {
  try {
    return new URL(server).hostname;
  } catch {
    return undefined;
  }
}

function serverHost(subject: ContextSubject): string | undefined {
  const server = subject.cluster?.value.server;
  return server ? urlHostname(server)?.toLowerCase() : undefined;
}

/** The names a cloud CLI may have written: context, cluster and user entry names. */
function entryNames(subject: ContextSubject): string[] {
  const names = [subject.name, subject.context.value.cluster, subject.cluster?.name, subject.user?.name];
  return names.filter((n): n is string => Boolean(n));
}

function firstMatch(names: readonly string[], pattern: RegExp): RegExpExecArray | undefined {
  for (const name of names) {
    const m = pattern.exec(name);
    if (m) return m;
  }
  return undefined;
}

function isAwsGetToken(exec: ExecConfig): boolean {
  return commandName(exec.command) === 'aws' && exec.args.includes('eks') && exec.args.includes('get-token');
}

function isIamAuthenticator(exec: ExecConfig): boolean {
  return commandName(exec.command) === 'aws-iam-authenticator';
}

/** Azure's kubelogin (`kubelogin get-token --server-id ...`), not int128's OIDC kubelogin of the same name. */
export function isAzureKubelogin(exec: ExecConfig): boolean {
  return commandName(exec.command) === 'kubelogin' && flagValue(exec.args, '--server-id') !== undefined;
}

/**
 * How strongly the kubeconfig points at a provider: the exec plugin in use (3) beats
 * the server's host name (2), which beats entry names (1), which beat a removed
 * auth-provider (0.5) that a half-migrated entry may still carry. 0: no sign.
 */
interface Candidate {
  strength: number;
  info: () => ProviderInfo;
}

function eks(subject: ContextSubject): Candidate {
  const exec = subject.user?.value.exec;
  const viaAws = exec !== undefined && isAwsGetToken(exec);
  const viaAuthenticator = exec !== undefined && isIamAuthenticator(exec);
  const arn = firstMatch(entryNames(subject), EKS_ARN);
  const hostMatch = EKS_HOST.exec(serverHost(subject) ?? '');
  const strength = viaAws || viaAuthenticator ? 3 : hostMatch ? 2 : arn ? 1 : 0;
  const info = (): ProviderInfo => {
    const args = exec?.args ?? [];
    const out: ProviderInfo = { provider: 'eks' };
    const cluster =
      (viaAws && flagValue(args, '--cluster-name')) ||
      (viaAuthenticator && flagValue(args, '-i', '--cluster-id')) ||
      arn?.[2];
    if (cluster) out.cluster = cluster;
    // What the plugin is told beats what the names say: it is what actually runs.
    const region =
      ((viaAws || viaAuthenticator) && flagValue(args, '--region')) ||
      envValue(exec, 'AWS_REGION') ||
      envValue(exec, 'AWS_DEFAULT_REGION') ||
      arn?.[1] ||
      hostMatch?.[1];
    if (region) out.region = region;
    const profile = (viaAws && flagValue(args, '--profile')) || envValue(exec, 'AWS_PROFILE');
    if (profile) out.profile = profile;
    return out;
  };
  return { strength, info };
}

function gke(subject: ContextSubject): Candidate {
  const user = subject.user?.value;
  const viaPlugin = user?.exec !== undefined && commandName(user.exec.command) === 'gke-gcloud-auth-plugin';
  const name = firstMatch(entryNames(subject), GKE_NAME);
  const strength = viaPlugin ? 3 : name ? 1 : user?.authProvider?.name === 'gcp' ? 0.5 : 0;
  const info = (): ProviderInfo =>
    name ? { provider: 'gke', project: name[1], location: name[2], cluster: name[3] } : { provider: 'gke' };
  return { strength, info };
}

// az aks get-credentials names the user clusterUser_RG_NAME (clusterAdmin_RG_NAME with --admin).
const AKS_USER = /^cluster(User|Admin)_(.+)$/;

function aks(subject: ContextSubject): Candidate {
  const user = subject.user;
  const exec = user?.value.exec;
  const viaKubelogin = exec !== undefined && isAzureKubelogin(exec);
  const onAks = AKS_HOST.test(serverHost(subject) ?? '');
  const strength = viaKubelogin ? 3 : onAks ? 2 : user?.value.authProvider?.name === 'azure' ? 0.5 : 0;
  const info = (): ProviderInfo => {
    // az names the cluster entry and the context after the AKS cluster.
    const cluster = subject.context.value.cluster ?? subject.name;
    const out: ProviderInfo = { provider: 'aks', cluster };
    const [, role, rest] = (user && AKS_USER.exec(user.name)) ?? [];
    if (role && rest && rest.endsWith(`_${cluster}`) && rest.length > cluster.length + 1) {
      out.resourceGroup = rest.slice(0, -(cluster.length + 1));
      if (role === 'Admin') out.admin = true;
    }
    const loginMode = exec && viaKubelogin ? flagValue(exec.args, '--login', '-l') : undefined;
    if (loginMode) out.loginMode = loginMode;
    return out;
  };
  return { strength, info };
}

/** The provider a context's credentials come from, with what the kubeconfig says about the cluster. */
export function detectProvider(subject: ContextSubject): ProviderInfo {
  let best: Candidate | undefined;
  for (const candidate of [eks(subject), gke(subject), aks(subject)]) {
    if (candidate.strength > (best?.strength ?? 0)) best = candidate;
  }
  return best ? best.info() : { provider: 'generic' };
}
