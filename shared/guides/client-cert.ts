/**
 * Fix guides for client certificates and cluster CAs, filled in from the kubeconfig and
 * the certificate itself (CN and O become the new certificate's subject). Managed
 * clusters re-fetch. Elsewhere the user picks a path first: kubeward renews through a
 * CertificateSigningRequest itself (with the context's own credential, or another
 * context's to the same cluster once it has expired), kubeadm renews on a
 * control-plane node, or a cluster admin approves a request made by hand.
 */
import type { MemoPart } from '../check-memo';
import type { MaterialSource } from '../credentials/material';
import type { CertificateInfo } from '../credentials/x509';
import type { ContextSubject, Snapshot } from '../facts';
import type { FixPath, FixPlan, FixStep, SafeAction } from '../findings';
import type { Cluster, Context, Named } from '../kubeconfig/model';
import { clusterRoleBindingYaml, CLIENT_SIGNER, expirationSecondsOf, MASTERS, renewedSubject, slug } from './csr';
import { choiceStep, commandOf } from './actions';
import { detectProvider, urlHostname } from './provider';
import { refetchSteps } from './refetch';
import { kubectlConfig } from './kubectl-config';
import { shellArg } from './shell';

/** openssl's -subj: `/CN=alice/O=dev`, slashes in values escaped. */
function opensslSubject(commonName: string, organizations: readonly string[]): string {
  const escape = (value: string) => value.replace(/[\\/]/g, '\\$&');
  return [`/CN=${escape(commonName)}`, ...organizations.map((o) => `/O=${escape(o)}`)].join('');
}

/** What a renewal writes to: the user entry, in the file that defines it. */
interface Target {
  context: string;
  user: string;
  /** The kubeconfig file that defines the user: set-credentials there (kubectlConfig). */
  file: string;
  base: string;
}

function targetOf(subject: ContextSubject): Target | undefined {
  const user = subject.user;
  if (!user) return undefined;
  return { context: subject.name, user: user.name, file: user.source, base: slug(user.name) };
}

/** Embed the new certificate and key in the user entry (this drops any old file paths), then remove the loose files. */
function storeCommand(target: Target, extensions: readonly string[]): string {
  const { base } = target;
  const store = kubectlConfig(
    target.file,
    `set-credentials ${shellArg(target.user)} --client-certificate=${shellArg(`${base}.crt`)} ` +
      `--client-key=${shellArg(`${base}.key`)} --embed-certs=true`,
  );
  return `${store} && rm -f ${extensions.map((ext) => shellArg(`${base}.${ext}`)).join(' ')}`;
}

/** Where a context sends its requests: its cluster's server and CA, or undefined without a server. */
function endpointOf(cluster: Cluster | undefined): string | undefined {
  if (!cluster?.server) return undefined;
  return JSON.stringify([cluster.server, cluster.certificateAuthorityData, cluster.certificateAuthority]);
}

/**
 * The check's contexts by endpoint, built once: each certificate finding asks for the contexts
 * beside it, and scanning every context for each one is quadratic in the size of the file.
 */
const CONTEXTS_BY_ENDPOINT: MemoPart<Map<string, Named<Context>[]>, Snapshot> = {
  create({ config }) {
    const byEndpoint = new Map<string, Named<Context>[]>();
    for (const context of config.contexts.values()) {
      const cluster = context.value.cluster === undefined ? undefined : config.clusters.get(context.value.cluster);
      const endpoint = endpointOf(cluster?.value);
      if (endpoint === undefined) continue;
      const contexts = byEndpoint.get(endpoint);
      if (contexts) contexts.push(context);
      else byEndpoint.set(endpoint, [context]);
    }
    return byEndpoint;
  },
};

/**
 * Other contexts that reach the same cluster (same server, same CA) as another user:
 * the ones that can still send a request for this one once its certificate has expired.
 */
export function sameClusterContexts(subject: ContextSubject): string[] {
  const endpoint = endpointOf(subject.cluster?.value);
  if (endpoint === undefined) return [];
  const contexts = subject.memo.part(CONTEXTS_BY_ENDPOINT).get(endpoint) ?? [];
  return contexts
    .filter(
      (context) =>
        context.name !== subject.name && context.value.user !== undefined && context.value.user !== subject.user?.name,
    )
    .map((context) => context.name);
}

/** node-forge signs PKCS#10 requests with RSA keys only: an EC or Ed25519 certificate renews with an RSA key. */
function keyTypeNote(keyKind: string | undefined): { keyType?: 'rsa'; note: string } {
  if (keyKind === undefined || keyKind === 'RSA') return { note: '' };
  return {
    keyType: 'rsa',
    note: ` with a new RSA key (the old key is ${keyKind}, which kubeward cannot sign a request with)`,
  };
}

function renewPath(target: Target, info: CertificateInfo, keyKind: string | undefined): FixPath {
  const { keyType, note } = keyTypeNote(keyKind);
  const action: SafeAction = { kind: 'renew-client-cert', context: target.context, ...(keyType ? { keyType } : {}) };
  return {
    id: 'renew',
    title: 'Renew now',
    summary:
      `kubeward asks the cluster for a new certificate for ${info.commonName ?? target.user} with this context's own ` +
      'certificate, approves it if you may (else shows the command for an admin), stores it with a backup and checks it.',
    steps: [{ title: `Renew the certificate of user ${target.user}${note}`, command: commandOf(action), action }],
  };
}

function viaPath(target: Target, candidates: readonly string[], keyKind: string | undefined): FixPath {
  const { keyType, note } = keyTypeNote(keyKind);
  const options = candidates.map((via) => {
    const action: SafeAction = {
      kind: 'renew-client-cert',
      context: target.context,
      via,
      ...(keyType ? { keyType } : {}),
    };
    return { value: via, command: commandOf(action), action };
  });
  return {
    id: 'via',
    title: 'Renew through another context',
    summary:
      'This certificate no longer authenticates: kubeward sends the request with another context that reaches the same ' +
      'cluster, approves it if that context may, stores the new certificate with a backup and checks it.',
    steps: [
      choiceStep(
        `Renew the certificate of user ${target.user}${note} through the context you choose`,
        'Context to send the request with',
        options,
      ),
    ],
  };
}

/** The API server's host: on kubeadm clusters often a control-plane node, or the load balancer in front of them. */
function serverHost(subject: ContextSubject): string | undefined {
  return urlHostname(subject.cluster?.value.server ?? '') || undefined;
}

const KUBEADM_FILES: Record<string, string> = {
  'kubernetes-admin': 'admin.conf',
  'kubernetes-super-admin': 'super-admin.conf',
};

/** kubeadm renews its admin kubeconfigs in place; other identities get a new kubeconfig from the cluster CA. */
function kubeadmPath(subject: ContextSubject, target: Target, info: CertificateInfo, commonName: string): FixPath {
  const { base } = target;
  const host = serverHost(subject);
  const where = host
    ? ` (${host} serves the API; if that is a load balancer, ssh to a control-plane node instead)`
    : ' (on a control-plane node)';
  const kubeconfig = `${base}.kubeconfig`;
  const file = KUBEADM_FILES[commonName];
  const remote = file
    ? `sudo kubeadm certs renew ${file} >&2 && sudo cat /etc/kubernetes/${file}`
    : `sudo kubeadm kubeconfig user --client-name ${shellArg(commonName)}` +
      info.organizations.map((o) => ` --org ${shellArg(o)}`).join('');
  const fetch = host ? `ssh ${shellArg(host)} ${shellArg(remote)}` : remote;
  const field = (name: string) =>
    `${kubectlConfig(kubeconfig, `view --raw -o jsonpath='{.users[0].user.${name}}'`)} | base64 -d`;
  return {
    id: 'kubeadm',
    title: 'kubeadm: renew on a control-plane node',
    summary: 'You can ssh to a control-plane node of this kubeadm cluster: kubeadm signs with the cluster CA directly.',
    steps: [
      {
        title: file
          ? `Renew ${file} on a control-plane node and copy it here${where}`
          : `Issue a new kubeconfig for ${commonName} from the cluster CA${where}`,
        command: `${fetch} > ${shellArg(kubeconfig)}`,
      },
      {
        title: 'Take its certificate and key out',
        command:
          `${field('client-certificate-data')} > ${shellArg(`${base}.crt`)} && ` +
          `${field('client-key-data')} > ${shellArg(`${base}.key`)}`,
      },
      { title: `Store them in user ${target.user}`, command: storeCommand(target, ['crt', 'key', 'kubeconfig']) },
    ],
  };
}

/** The CertificateSigningRequest by hand: a key and request, submitted, approved by an admin, stored. */
function adminSteps(target: Target, info: CertificateInfo, submitWith: readonly string[]): FixStep[] {
  const { base } = target;
  const { commonName, organizations } = renewedSubject(info);
  const dropped =
    organizations.length < info.organizations.length ? ` (without ${MASTERS}, which the signer refuses)` : '';
  const name = `${slug(commonName)}-${base}`.slice(0, 253);
  const subject = opensslSubject(commonName, organizations);
  const submit = (context: string) =>
    [
      `kubectl --context ${shellArg(context)} create -f - <<EOF`,
      'apiVersion: certificates.k8s.io/v1',
      'kind: CertificateSigningRequest',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      `  request: $(base64 < ${shellArg(`${base}.csr`)} | tr -d '\\n')`,
      `  signerName: ${CLIENT_SIGNER}`,
      '  usages: [client auth]',
      `  expirationSeconds: ${expirationSecondsOf(info)}`,
      'EOF',
    ].join('\n');
  const [first = target.context] = submitWith;
  const submitStep: FixStep = {
    title:
      submitWith.length > 0
        ? 'Submit it as a CertificateSigningRequest with a context that still works'
        : `A cluster admin submits it as a CertificateSigningRequest (${target.context} no longer authenticates)`,
    command: submit(first),
    ...(submitWith.length > 1
      ? {
          choice: {
            label: 'Context to submit with',
            options: submitWith.map((c) => ({ value: c, command: submit(c) })),
          },
        }
      : {}),
  };
  return [
    {
      title: `Create a new private key and a signing request for ${subject}${dropped}`,
      command:
        `openssl req -new -newkey rsa:2048 -nodes -keyout ${shellArg(`${base}.key`)} ` +
        `-subj ${shellArg(subject)} -out ${shellArg(`${base}.csr`)}`,
    },
    submitStep,
    {
      title: 'A cluster admin approves it',
      command: `kubectl --context ${shellArg(first)} certificate approve ${name}`,
    },
    {
      title: `Save the signed certificate and store it in user ${target.user}`,
      command:
        `kubectl --context ${shellArg(first)} get csr ${name} -o jsonpath='{.status.certificate}' | base64 -d > ` +
        `${shellArg(`${base}.crt`)} && ${storeCommand(target, ['crt', 'key', 'csr'])}`,
    },
  ];
}

function adminPath(target: Target, info: CertificateInfo, submitWith: readonly string[]): FixPath {
  return {
    id: 'admin',
    title: 'Ask an admin',
    summary: 'You make the key and the request; a cluster admin approves it. Works on any cluster.',
    steps: adminSteps(target, info, submitWith),
  };
}

/** How the renewal may reach the cluster: the context's own certificate, another context's, or neither (only by hand). */
export type RenewThrough = 'own-certificate' | 'another-context' | 'by-hand';

/**
 * How to get a working client certificate again: managed clusters re-fetch; otherwise the
 * paths to choose from, the one kubeward runs itself first where it can.
 */
export function renewClientCertGuide(
  subject: ContextSubject,
  info: CertificateInfo | undefined,
  through: RenewThrough,
  keyKind?: string,
): FixPlan {
  const target = targetOf(subject);
  const commonName = info?.commonName;
  if (!target || !info || !commonName || detectProvider(subject).provider !== 'generic')
    return { fix: refetchSteps(subject) };
  const others = sameClusterContexts(subject);
  const masters = info.organizations.includes(MASTERS);
  const paths: FixPath[] = [];
  // The signer refuses system:masters: kubeward does not start what the cluster will refuse.
  if (!masters && through === 'own-certificate') paths.push(renewPath(target, info, keyKind));
  if (!masters && through === 'another-context' && others.length > 0) paths.push(viaPath(target, others, keyKind));
  paths.push(kubeadmPath(subject, target, info, commonName));
  const submitWith = through === 'own-certificate' ? [target.context, ...others] : others;
  const admin = adminPath(target, info, submitWith);
  if (masters) {
    admin.summary =
      `kubeward cannot renew this one itself: the ${CLIENT_SIGNER} signer never issues ${MASTERS}. ` +
      'The new certificate leaves the group out, so an admin binds the identity to its rights first.';
    admin.steps.unshift(bindingStep(target.context, commonName));
  }
  paths.push(admin);
  return { fix: [], paths };
}

/** The ClusterRoleBinding a certificate without system:masters needs to keep cluster-admin, through RBAC. */
function bindingStep(context: string, commonName: string): FixStep {
  return {
    title:
      `The signer never issues ${MASTERS}, so grant ${commonName} its rights through RBAC first ` +
      '(deleting the binding revokes them); narrow the role to what it needs',
    command: `kubectl --context ${shellArg(context)} apply -f - <<EOF\n${clusterRoleBindingYaml(commonName)}\nEOF`,
  };
}

/** Replace a system:masters certificate with an identity RBAC can take back. */
export function scopedIdentitySteps(subject: ContextSubject, info: CertificateInfo): FixStep[] {
  const target = targetOf(subject);
  if (!target) return [];
  const commonName = info.commonName ?? target.user;
  return [bindingStep(target.context, commonName), ...adminSteps(target, info, [target.context])];
}

/** `kubectl config view` path to a user's or cluster's `*-data` field. */
function dataPath(kind: 'users' | 'clusters', name: string, field: string): string {
  const entry = kind === 'users' ? 'user' : 'cluster';
  return `{.${kind}[?(@.name=="${name}")].${entry}.${field}}`;
}

/** List the PEM blocks a certificate source holds (only the BEGIN lines: no secret reaches the screen). */
export function inspectSteps(kind: 'users' | 'clusters', entry: Named<unknown>, source: MaterialSource): FixStep[] {
  const title = `See which PEM blocks ${source.path ?? source.field} holds`;
  if (source.path) return [{ title, command: `grep -- '-----BEGIN' ${shellArg(source.path)}` }];
  return [
    {
      title,
      command: `${kubectlConfig(entry.source, `view --raw -o jsonpath=${shellArg(dataPath(kind, entry.name, source.field))}`)} | base64 -d | grep -a -- '-----BEGIN'`,
    },
  ];
}

/** Store a CA certificate file in the cluster entry (set-cluster also drops insecure-skip-tls-verify). */
export function storeCaStep(cluster: Named<Cluster>): FixStep {
  return {
    title: `Store the cluster's CA certificate from ca.crt in cluster ${cluster.name} (kubeadm: /etc/kubernetes/pki/ca.crt on a control-plane node)`,
    command: kubectlConfig(
      cluster.source,
      `set-cluster ${shellArg(cluster.name)} --certificate-authority=ca.crt --embed-certs=true`,
    ),
  };
}

/** Replace a cluster's CA: re-fetch, or store the CA file an admin provides. */
export function clusterCaSteps(subject: ContextSubject): FixStep[] {
  return [...refetchSteps(subject), ...(subject.cluster ? [storeCaStep(subject.cluster)] : [])];
}

/** A plan with `first` offered before its other paths (its steps become the "re-fetch" path when it had no paths). */
export function withFirstPath(first: FixPath, plan: FixPlan): FixPlan {
  if (plan.paths) return { fix: [], paths: [first, ...plan.paths] };
  const refetch: FixPath = {
    id: 'refetch',
    title: 'Fetch the credentials again',
    summary: 'The provider writes a working entry for this cluster.',
    steps: plan.fix,
  };
  return { fix: [], paths: plan.fix.length > 0 ? [first, refetch] : [first] };
}
