/**
 * The API objects of a client certificate renewal through the cluster's signer: the
 * CertificateSigningRequest, the reviews that ask whether this credential may approve it,
 * the approval, and the ClusterRoleBinding an identity needs once system:masters is gone.
 * Pure: the renewal in core (electron/core/renewal) sends them, the guides print them.
 */
import type { CertificateInfo } from '../credentials/x509';

/** The signer that issues client certificates kube-apiserver accepts. */
export const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
export const MASTERS = 'system:masters';
export const CSR_API = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
export const ACCESS_REVIEW_API = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
/** kube-apiserver's floor for spec.expirationSeconds. */
const MIN_EXPIRATION_SECONDS = 600;

/** A DNS subdomain label from any name (lowercase letters, digits, '-' and '.'). */
export function slug(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return cleaned.slice(0, 63) || 'client';
}

/** `kubeward-alice-20261202t033500z`: who asked, for whom and when, as `kubectl get csr` lists it. */
export function csrName(user: string, now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'z')
    .replace(/[-:]/g, '')
    .toLowerCase();
  return `kubeward-${slug(user)}-${stamp}`;
}

/** The old certificate's lifetime, so the new one lives as long (the signer may cap it). */
export function expirationSecondsOf(info: Pick<CertificateInfo, 'notBefore' | 'notAfter'>): number {
  return Math.max(MIN_EXPIRATION_SECONDS, Math.round((info.notAfter - info.notBefore) / 1000));
}

/** The subject the new certificate asks for: the same user and groups, less system:masters (the signer refuses it). */
export function renewedSubject(info: Pick<CertificateInfo, 'commonName' | 'organizations'>): {
  commonName: string;
  organizations: string[];
} {
  return { commonName: info.commonName ?? '', organizations: info.organizations.filter((o) => o !== MASTERS) };
}

export interface CsrObject {
  apiVersion: 'certificates.k8s.io/v1';
  kind: 'CertificateSigningRequest';
  metadata: { name: string };
  spec: { request: string; signerName: string; usages: string[]; expirationSeconds: number };
}

/** The CertificateSigningRequest for a PKCS#10 request (PEM), as `kubectl create -f` takes it. */
export function certificateSigningRequest(name: string, requestPem: string, expirationSeconds: number): CsrObject {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: Buffer.from(requestPem, 'utf8').toString('base64'),
      signerName: CLIENT_SIGNER,
      usages: ['client auth'],
      expirationSeconds,
    },
  };
}

/**
 * The two permissions approving takes: `update` on the approval subresource (RBAC), and
 * `approve` on the signer (the CertificateApproval admission plugin).
 */
export function approvalReviews(): object[] {
  const attributes = [
    { group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: 'approval', verb: 'update' },
    { group: 'certificates.k8s.io', resource: 'signers', verb: 'approve', name: CLIENT_SIGNER },
  ];
  return attributes.map((resourceAttributes) => ({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes },
  }));
}

/** The CSR as `kubectl certificate approve` PUTs it to the approval subresource. */
export function approved(csr: Record<string, unknown>): Record<string, unknown> {
  const status = (csr.status ?? {}) as { conditions?: unknown[] };
  const condition = {
    type: 'Approved',
    status: 'True',
    reason: 'KubewardApprove',
    message: 'Approved by kubeward for the renewal of its own client certificate',
  };
  return { ...csr, status: { ...status, conditions: [...(status.conditions ?? []), condition] } };
}

/** `kubectl --context C apply -f -` input: cluster-admin for `user` through RBAC, which can take it back. */
export function clusterRoleBindingYaml(user: string): string {
  // JSON strings are YAML double-quoted scalars: any user name stays one value.
  return [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRoleBinding',
    'metadata:',
    `  name: ${JSON.stringify(`${slug(user)}-cluster-admin`)}`,
    'roleRef:',
    '  apiGroup: rbac.authorization.k8s.io',
    '  kind: ClusterRole',
    '  name: cluster-admin',
    'subjects:',
    '- apiGroup: rbac.authorization.k8s.io',
    '  kind: User',
    `  name: ${JSON.stringify(user)}`,
  ].join('\n');
}
