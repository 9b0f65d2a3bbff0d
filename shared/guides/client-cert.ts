/**
 * Fix steps for client certificates and cluster CAs, filled in from the kubeconfig and
 * the certificate itself (CN and O become the new certificate's subject). Managed
 * clusters re-fetch; kubeadm clusters renew on a control-plane node; any cluster can
 * issue a new certificate through a CertificateSigningRequest.
 */
import type { MaterialSource } from '../credentials/material';
import type { CertificateInfo } from '../credentials/x509';
import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { detectProvider, urlHostname } from './provider';
import { refetchSteps } from './refetch';
import { shellArg } from './shell';

const MASTERS = 'system:masters';

/** A name for files and the CSR object: a DNS subdomain (lowercase letters, digits, '-' and '.'). */
function slug(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return cleaned.slice(0, 63) || 'client';
}

/** openssl's -subj: `/CN=alice/O=dev`, slashes in values escaped. */
function opensslSubject(commonName: string, organizations: readonly string[]): string {
  const escape = (value: string) => value.replace(/[\\/]/g, '\\$&');
  return [`/CN=${escape(commonName)}`, ...organizations.map((o) => `/O=${escape(o)}`)].join('');
}

/** Embed the new certificate and key in the user entry (this also drops any old file paths). */
function storeSteps(user: string, base: string): FixStep[] {
  return [
    {
      title: `Store the new certificate and key in user ${user}`,
      command:
        `kubectl config set-credentials ${shellArg(user)} --client-certificate=${shellArg(`${base}.crt`)} ` +
        `--client-key=${shellArg(`${base}.key`)} --embed-certs=true`,
    },
    {
      title: 'Delete the loose copies (the kubeconfig holds them now)',
      command: `rm -f ${['crt', 'key', 'csr', 'kubeconfig'].map((ext) => shellArg(`${base}.${ext}`)).join(' ')}`,
    },
  ];
}

/** A new certificate for the same identity from the cluster's signer (kubernetes.io/kube-apiserver-client). */
function csrSteps(user: string, commonName: string, organizations: readonly string[]): FixStep[] {
  const base = slug(user);
  // The CertificateSubjectRestriction admission plugin refuses system:masters for this signer.
  const groups = organizations.filter((o) => o !== MASTERS);
  const dropped = groups.length < organizations.length ? ` (without ${MASTERS}, which the API refuses to sign)` : '';
  const name = `${slug(commonName)}-${base}`.slice(0, 253);
  const subject = opensslSubject(commonName, groups);
  const request = [
    `kubectl create -f - <<EOF`,
    'apiVersion: certificates.k8s.io/v1',
    'kind: CertificateSigningRequest',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  request: $(base64 < ${shellArg(`${base}.csr`)} | tr -d '\\n')`,
    '  signerName: kubernetes.io/kube-apiserver-client',
    '  usages: [client auth]',
    'EOF',
  ].join('\n');
  return [
    { title: 'Any cluster: create a new private key', command: `openssl genrsa -out ${shellArg(`${base}.key`)} 2048` },
    {
      title: `Create a signing request for ${subject}${dropped}`,
      command: `openssl req -new -key ${shellArg(`${base}.key`)} -subj ${shellArg(subject)} -out ${shellArg(`${base}.csr`)}`,
    },
    { title: 'Submit it as a CertificateSigningRequest (with a context that still works)', command: request },
    { title: 'Approve it (needs a cluster admin)', command: `kubectl certificate approve ${name}` },
    {
      title: 'Save the signed certificate',
      command: `kubectl get csr ${name} -o jsonpath='{.status.certificate}' | base64 -d > ${shellArg(`${base}.crt`)}`,
    },
  ];
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
function kubeadmSteps(subject: ContextSubject, user: string, info: CertificateInfo, commonName: string): FixStep[] {
  const base = slug(user);
  const host = serverHost(subject);
  const ssh = host ? `ssh ${shellArg(host)} ` : '';
  const where = host
    ? ` (${host} serves the API; if that is a load balancer, ssh to a control-plane node instead)`
    : ' (on a control-plane node)';
  const kubeconfig = `${base}.kubeconfig`;
  const file = KUBEADM_FILES[commonName];
  const steps: FixStep[] = file
    ? [
        {
          title: `kubeadm clusters: on a control-plane node, renew ${file}`,
          command: `sudo kubeadm certs renew ${file}`,
        },
        {
          title: `Copy the renewed ${file} here${where}`,
          command: `${ssh}sudo cat /etc/kubernetes/${file} > ${shellArg(kubeconfig)}`,
        },
      ]
    : [
        {
          title: `kubeadm clusters: issue a new kubeconfig for ${commonName} from the cluster CA${where}`,
          command:
            `${ssh}sudo kubeadm kubeconfig user --client-name ${shellArg(commonName)}` +
            info.organizations.map((o) => ` --org ${shellArg(o)}`).join('') +
            ` > ${shellArg(kubeconfig)}`,
        },
      ];
  const parts = [
    ['certificate', 'client-certificate-data', 'crt'],
    ['key', 'client-key-data', 'key'],
  ] as const;
  for (const [what, field, ext] of parts) {
    steps.push({
      title: `Take its ${what} out`,
      command:
        `kubectl --kubeconfig ${shellArg(kubeconfig)} config view --raw -o jsonpath='{.users[0].user.${field}}' ` +
        `| base64 -d > ${shellArg(`${base}.${ext}`)}`,
    });
  }
  return steps;
}

/**
 * How to get a working client certificate again: managed clusters re-fetch; otherwise
 * kubeadm's renewal and the CSR flow, each ending with the certificate stored in the user.
 */
export function renewClientCertSteps(subject: ContextSubject, info: CertificateInfo | undefined): FixStep[] {
  const user = subject.user?.name;
  const commonName = info?.commonName;
  if (!user || !info || !commonName || detectProvider(subject).provider !== 'generic') return refetchSteps(subject);
  return [
    ...kubeadmSteps(subject, user, info, commonName),
    ...csrSteps(user, commonName, info.organizations),
    ...storeSteps(user, slug(user)),
  ];
}

/** Replace a system:masters certificate with an identity RBAC can take back. */
export function scopedIdentitySteps(user: string, info: CertificateInfo): FixStep[] {
  const commonName = info.commonName ?? slug(user);
  return [
    {
      title: `Grant ${commonName} its rights through RBAC (deleting the binding revokes them); narrow the role to what it needs`,
      command: `kubectl create clusterrolebinding ${slug(commonName)}-admin --clusterrole=cluster-admin --user=${shellArg(commonName)}`,
    },
    ...csrSteps(user, commonName, info.organizations),
    ...storeSteps(user, slug(user)),
  ];
}

/** `kubectl config view` path to a user's or cluster's `*-data` field. */
function dataPath(kind: 'users' | 'clusters', name: string, field: string): string {
  const entry = kind === 'users' ? 'user' : 'cluster';
  return `{.${kind}[?(@.name=="${name}")].${entry}.${field}}`;
}

/** List the PEM blocks a certificate source holds (only the BEGIN lines: no secret reaches the screen). */
export function inspectSteps(kind: 'users' | 'clusters', name: string, source: MaterialSource): FixStep[] {
  const title = `See which PEM blocks ${source.path ?? source.field} holds`;
  if (source.path) return [{ title, command: `grep -- '-----BEGIN' ${shellArg(source.path)}` }];
  return [
    {
      title,
      command: `kubectl config view --raw -o jsonpath=${shellArg(dataPath(kind, name, source.field))} | base64 -d | grep -a -- '-----BEGIN'`,
    },
  ];
}

/** Store a CA certificate file in the cluster entry (set-cluster also drops insecure-skip-tls-verify). */
export function storeCaStep(cluster: string): FixStep {
  return {
    title: `Store the cluster's CA certificate from ca.crt in cluster ${cluster} (kubeadm: /etc/kubernetes/pki/ca.crt on a control-plane node)`,
    command: `kubectl config set-cluster ${shellArg(cluster)} --certificate-authority=ca.crt --embed-certs=true`,
  };
}

/** Replace a cluster's CA: re-fetch, or store the CA file an admin provides. */
export function clusterCaSteps(subject: ContextSubject): FixStep[] {
  return [...refetchSteps(subject), storeCaStep(subject.cluster?.name ?? subject.name)];
}
