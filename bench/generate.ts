/**
 * Writes the bench's kubeconfigs the way kubectl, kubeadm, aws and gcloud write them
 * (kebab-case keys in kubectl's order), with real certificates and real signed JWTs
 * whose expiries are planted relative to a fixed instant, so the bench also knows
 * which findings a full diagnosis must report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  type Ca,
  type KeyPair,
  createCa,
  DAY,
  newEcKeyPair,
  newEd25519KeyPair,
  newKeyPair,
  toData,
} from '../test/fixtures/pki';
import { oidcIdToken, serviceAccountToken, legacyServiceAccountToken, type JwtAlg } from '../test/fixtures/jwt';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const YEAR = 365 * DAY;
/** kubeadm-style clusters: a handful of CAs, each shared by many clusters. */
const CA_COUNT = 5;
const ENVIRONMENTS = ['prod', 'staging', 'dev', 'qa'];
const TOKEN_ALGS: readonly JwtAlg[] = ['RS256', 'ES256', 'EdDSA'];
/** Client key types of certificate users with keys of their own. */
const KEY_TYPES = [newKeyPair, newEcKeyPair, newEd25519KeyPair];
const OIDC_ISSUERS = ['https://dex.example.com', 'https://accounts.google.com', 'https://login.example.org/oauth2'];

export interface GeneratedKubeconfig {
  path: string;
  contexts: number;
  bytes: number;
  /** What the file holds, for the report. */
  description: string;
  /** Findings a full diagnosis at the planted instant must report, by rule id. */
  expected: Readonly<Record<string, number>>;
  /** Every secret written (tokens, key and certificate bodies), to check none reaches the output. */
  secrets: string[];
}

type Entry = Record<string, unknown>;
interface KubeconfigEntries {
  clusters: { name: string; cluster: Entry }[];
  contexts: { name: string; context: Entry }[];
  users: { name: string; user: Entry }[];
  currentContext: string;
}

/** Key order and layout as `kubectl config view --raw` prints them. */
function writeKubeconfig(file: string, entries: KubeconfigEntries): number {
  const text = stringify(
    {
      apiVersion: 'v1',
      clusters: entries.clusters,
      contexts: entries.contexts,
      'current-context': entries.currentContext,
      kind: 'Config',
      preferences: {},
      users: entries.users,
    },
    // Like kubectl: base64 runs on one line, list items not indented under their key.
    { lineWidth: 0, indentSeq: false },
  );
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  return Buffer.byteLength(text);
}

function createCas(at: number): Ca[] {
  return Array.from({ length: CA_COUNT }, () =>
    // kubeadm's CA: ten years.
    createCa({ cn: 'kubernetes', notBefore: new Date(at - 400 * DAY), notAfter: new Date(at + 9 * YEAR) }),
  );
}

class Tally {
  readonly counts: Record<string, number> = {};
  add(rule: string | null): void {
    if (rule) this.counts[rule] = (this.counts[rule] ?? 0) + 1;
  }
}

/** Client certificate validity for the n-th certificate user: 1 in 10 expired, 1 in 10 expiring, the rest valid. */
function certValidity(n: number, at: number): { notBefore: number; notAfter: number; rule: string | null } {
  switch (n % 10) {
    case 0:
      return { notBefore: at - 400 * DAY, notAfter: at - (1 + (n % 30)) * DAY, rule: 'client-cert-expired' };
    case 1:
      // Inside the 14-day certificate expiry warning window.
      return {
        notBefore: at - 350 * DAY,
        notAfter: at + (1 + (n % 13)) * DAY - 12 * HOUR,
        rule: 'client-cert-expiring',
      };
    default:
      return { notBefore: at - 30 * DAY, notAfter: at + (30 + (n % 300)) * DAY, rule: null };
  }
}

/**
 * The n-th token user's token: ServiceAccount-style (bound, `kubectl create token`) and
 * OIDC-style id tokens alternate; 1 in 10 expired, 1 in 10 expiring, the rest valid.
 */
async function plantedToken(
  n: number,
  at: number,
): Promise<{ token: string; namespace?: string; rule: string | null }> {
  const phase = n % 20 < 2 ? 'expired' : n % 20 < 4 ? 'expiring' : 'valid';
  const rule = phase === 'valid' ? null : `token-${phase}`;
  // Issuers sign with RSA, ECDSA and EdDSA keys.
  const alg = TOKEN_ALGS[n % TOKEN_ALGS.length] as JwtAlg;
  if (n % 2 === 0) {
    const namespace = `team-${n % 40}`;
    const timing = {
      // `kubectl create token` gives an hour; this one ran out days ago.
      expired: { issuedAt: at - (2 + (n % 30)) * DAY, lifetime: HOUR },
      // A week-long token inside the 24-hour expiry warning window of tokens that live a day or more.
      expiring: { issuedAt: at - 7 * DAY + (2 + (n % 18)) * HOUR, lifetime: 7 * DAY },
      valid: { issuedAt: at - (n % 60) * DAY - HOUR, lifetime: YEAR },
    }[phase];
    const token = await serviceAccountToken({ namespace, name: `deployer-${n}`, alg, ...timing });
    return { token, namespace, rule };
  }
  const timing = {
    expired: { issuedAt: at - (1 + (n % 30)) * DAY },
    // One-hour id tokens: inside the 10-minute expiry warning window of short-lived tokens.
    expiring: { issuedAt: at - HOUR + (3 + (n % 6)) * MINUTE },
    valid: { issuedAt: at - (5 + (n % 20)) * MINUTE },
  }[phase];
  const token = await oidcIdToken({
    issuer: OIDC_ISSUERS[n % OIDC_ISSUERS.length],
    clientId: 'kubernetes',
    email: `engineer-${n}@example.com`,
    lifetime: HOUR,
    alg,
    ...timing,
  });
  return { token, rule };
}

/**
 * `contexts` contexts, each with its own cluster and user: even ones kubeadm-style
 * (client certificate signed by the cluster's CA), odd ones with a bearer token.
 */
export interface BenchOptions {
  contexts: number;
  /**
   * One key per certificate user, as in real kubeconfigs, instead of the fixtures' small
   * pool, of mixed types (RSA 2048, EC P-256, Ed25519): a decoder that memoizes keys by
   * content then pays for every key.
   */
  distinctKeys: boolean;
}

export async function writeBenchKubeconfig(
  dir: string,
  at: number,
  { contexts, distinctKeys }: BenchOptions,
): Promise<GeneratedKubeconfig> {
  const cas = createCas(at);
  const tally = new Tally();
  const secrets = new Set<string>(cas.map((ca) => toData(ca.certPem)));
  const entries: KubeconfigEntries = { clusters: [], contexts: [], users: [], currentContext: '' };
  const width = String(contexts - 1).length;

  const users = await Promise.all(
    Array.from({ length: contexts }, async (_, i) => {
      const n = Math.floor(i / 2);
      const clusterName = `${ENVIRONMENTS[i % ENVIRONMENTS.length]}-${String(i).padStart(width, '0')}`;
      const ca = cas[i % cas.length] as Ca;
      const cluster = {
        'certificate-authority-data': toData(ca.certPem),
        server: i % 2 === 0 ? `https://10.${i >> 8}.${i & 255}.10:6443` : `https://api.${clusterName}.k8s.example.com`,
      };
      if (i % 2 === 0) {
        const validity = certValidity(n, at);
        // Older kubeadm versions put the admin in system:masters: worth an info finding.
        const masters = n % 25 === 2;
        const cert = ca.issue({
          ...(distinctKeys ? { key: (KEY_TYPES[n % KEY_TYPES.length] as () => KeyPair)() } : {}),
          cn: 'kubernetes-admin',
          organizations: [masters ? 'system:masters' : 'kubeadm:cluster-admins'],
          notBefore: new Date(validity.notBefore),
          notAfter: new Date(validity.notAfter),
        });
        tally.add(validity.rule);
        tally.add(masters ? 'client-cert-system-masters' : null);
        const user = { 'client-certificate-data': toData(cert.certPem), 'client-key-data': toData(cert.keyPem) };
        return { clusterName, cluster, userName: `kubernetes-admin-${clusterName}`, user, context: 'kubernetes-admin' };
      }
      const planted = await plantedToken(n, at);
      tally.add(planted.rule);
      const userName = planted.namespace ? `deployer-${clusterName}` : `oidc-${clusterName}`;
      const context = planted.namespace ? `deployer-${n}` : 'oidc';
      return { clusterName, cluster, userName, user: { token: planted.token }, context, namespace: planted.namespace };
    }),
  );

  for (const u of users) {
    const contextName = `${u.context}@${u.clusterName}`;
    entries.clusters.push({ cluster: u.cluster, name: u.clusterName });
    entries.contexts.push({
      context: { cluster: u.clusterName, ...(u.namespace ? { namespace: u.namespace } : {}), user: u.userName },
      name: contextName,
    });
    entries.users.push({ name: u.userName, user: u.user });
    for (const value of Object.values(u.user)) secrets.add(value);
  }
  entries.currentContext = entries.contexts[0]?.name ?? '';

  const file = path.join(dir, 'config');
  const bytes = writeKubeconfig(file, entries);
  const certUsers = Math.ceil(contexts / 2);
  return {
    path: file,
    contexts,
    bytes,
    description: `${contexts} contexts (${certUsers} client certificates${distinctKeys ? ' with their own RSA, EC and Ed25519 keys' : ''}, ${contexts - certUsers} tokens)`,
    expected: tally.counts,
    secrets: [...secrets],
  };
}

/**
 * A 30-context file like a platform engineer's: EKS, GKE and kubelogin exec plugins, kind
 * and minikube (certificate files on disk), tokens, and the removed auth methods. Its
 * findings depend on what is installed, so the bench checks the contexts, not the findings.
 */
export async function writeMixedKubeconfig(dir: string, at: number): Promise<GeneratedKubeconfig> {
  const [ca] = createCas(at) as [Ca];
  const caData = toData(ca.certPem);
  const entries: KubeconfigEntries = { clusters: [], contexts: [], users: [], currentContext: '' };
  const secrets = new Set<string>([caData]);
  const add = (name: string, cluster: Entry, user: Entry, namespace?: string): void => {
    entries.clusters.push({ cluster, name });
    entries.contexts.push({ context: { cluster: name, ...(namespace ? { namespace } : {}), user: name }, name });
    entries.users.push({ name, user });
  };
  const clientCert = (cn: string, notAfter: number): Entry => {
    const cert = ca.issue({ cn, organizations: ['kubeadm:cluster-admins'], notAfter: new Date(notAfter) });
    return { 'client-certificate-data': toData(cert.certPem), 'client-key-data': toData(cert.keyPem) };
  };

  for (const [i, region] of [
    'eu-west-1',
    'us-east-1',
    'ap-southeast-2',
    'eu-central-1',
    'us-west-2',
    'eu-north-1',
  ].entries()) {
    const clusterName = ['payments', 'search', 'platform', 'data', 'edge', 'ml'][i] ?? 'eks';
    add(
      `arn:aws:eks:${region}:111122223333:cluster/${clusterName}`,
      {
        'certificate-authority-data': caData,
        server: `https://${(i + 10).toString(16).repeat(8)}.gr7.${region}.eks.amazonaws.com`,
      },
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          args: ['--region', region, 'eks', 'get-token', '--cluster-name', clusterName, '--output', 'json'],
          command: 'aws',
          env: [{ name: 'AWS_PROFILE', value: `${clusterName}-admin` }],
        },
      },
    );
  }
  for (const [i, location] of ['europe-west1', 'us-central1', 'asia-east1', 'europe-west4', 'us-east4'].entries()) {
    add(
      `gke_acme-prod-4821_${location}_cluster-${i}`,
      { 'certificate-authority-data': caData, server: `https://34.${76 + i}.12.${100 + i}` },
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'gke-gcloud-auth-plugin',
          installHint:
            'Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin',
          provideClusterInfo: true,
        },
      },
    );
  }
  for (const i of [0, 1, 2]) {
    add(
      `oidc-login-${i}`,
      { 'certificate-authority-data': caData, server: `https://k8s-${i}.corp.example.com:6443` },
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          args: ['oidc-login', 'get-token', '--oidc-issuer-url=https://dex.example.com', '--oidc-client-id=kubernetes'],
          command: 'kubectl',
          env: null,
          interactiveMode: 'IfAvailable',
          provideClusterInfo: false,
        },
      },
    );
  }
  for (const [i, notAfter] of [at + 300 * DAY, at + 5 * DAY, at - 3 * DAY, at + 200 * DAY, at + 12 * DAY].entries()) {
    add(
      `kind-dev-${i}`,
      { 'certificate-authority-data': caData, server: `https://127.0.0.1:${40_000 + i}` },
      clientCert('kubernetes-admin', notAfter),
    );
  }
  // minikube writes paths to files in ~/.minikube; the last one lost its key.
  const certDir = path.join(dir, 'minikube');
  mkdirSync(certDir, { recursive: true });
  writeFileSync(path.join(certDir, 'ca.crt'), ca.certPem);
  for (const i of [0, 1]) {
    const cert = ca.issue({
      cn: 'minikube-user',
      organizations: ['system:masters'],
      notAfter: new Date(at + 90 * DAY),
    });
    writeFileSync(path.join(certDir, `client-${i}.crt`), cert.certPem);
    if (i === 0) writeFileSync(path.join(certDir, `client-${i}.key`), cert.keyPem, { mode: 0o600 });
    secrets.add(cert.certPem).add(cert.keyPem);
    add(
      `minikube-${i}`,
      { 'certificate-authority': path.join(certDir, 'ca.crt'), server: `https://192.168.49.${2 + i}:8443` },
      {
        'client-certificate': path.join(certDir, `client-${i}.crt`),
        'client-key': path.join(certDir, `client-${i}.key`),
      },
      'default',
    );
  }
  add(
    'docker-desktop',
    { 'certificate-authority-data': caData, server: 'https://kubernetes.docker.internal:6443' },
    clientCert('docker-for-desktop', at + 300 * DAY),
  );
  const tokens = [
    await serviceAccountToken({ namespace: 'ci', name: 'deployer', issuedAt: at - 30 * MINUTE, lifetime: HOUR }),
    await serviceAccountToken({ namespace: 'ci', name: 'release', issuedAt: at - 2 * DAY, lifetime: HOUR }),
    await legacyServiceAccountToken({ namespace: 'ci', name: 'builder' }),
    await oidcIdToken({ issuedAt: at - 50 * MINUTE }),
    // Rancher-style opaque token: no expiry to read offline.
    'kubeconfig-u-bench7x2k9:q8w4e6r2t0y5u3i1o9p7a5s3d1f8g6h4j2k0l9z7x5c3v1b8',
  ];
  for (const [i, token] of tokens.entries()) {
    add(
      `ci-${i}`,
      { 'certificate-authority-data': caData, server: `https://ci-${i}.example.com:6443` },
      { token },
      'ci',
    );
  }
  const expiredIdToken = await oidcIdToken({ issuedAt: at - 3 * HOUR });
  add(
    'corp-oidc',
    { 'certificate-authority-data': caData, server: 'https://k8s.corp.example.com:6443' },
    {
      'auth-provider': {
        config: {
          'client-id': 'kubernetes',
          'client-secret': 'bench-client-secret-3f9c1e7a',
          'id-token': expiredIdToken,
          'idp-issuer-url': 'https://accounts.example.com',
          'refresh-token': 'bench-refresh-token-8d2b6c4e0f1a',
        },
        name: 'oidc',
      },
    },
  );
  add(
    'gke-legacy',
    { 'certificate-authority-data': caData, server: 'https://35.187.1.1' },
    {
      'auth-provider': {
        config: { 'cmd-args': 'config config-helper --format=json', 'cmd-path': '/usr/bin/gcloud' },
        name: 'gcp',
      },
    },
  );
  add(
    'old-basic',
    { 'insecure-skip-tls-verify': true, server: 'https://10.0.0.1:6443' },
    { password: 'bench-password-5e1d', username: 'admin' },
  );
  for (const token of [
    ...tokens,
    expiredIdToken,
    'bench-client-secret-3f9c1e7a',
    'bench-refresh-token-8d2b6c4e0f1a',
    'bench-password-5e1d',
  ]) {
    secrets.add(token);
  }
  for (const { user } of entries.users) {
    for (const key of ['client-certificate-data', 'client-key-data'] as const)
      if (typeof user[key] === 'string') secrets.add(user[key]);
  }
  entries.currentContext = entries.contexts[0]?.name ?? '';

  const file = path.join(dir, 'config');
  const bytes = writeKubeconfig(file, entries);
  return {
    path: file,
    contexts: entries.contexts.length,
    bytes,
    description: `${entries.contexts.length} contexts (mixed: exec plugins, certificates, tokens, auth-providers)`,
    expected: {},
    secrets: [...secrets],
  };
}
