/**
 * The background-cost bench's world (bench/background.ts): a 30-context kubeconfig (10 EKS,
 * 5 GKE, 5 kubelogin, 10 static), a temp HOME with kubelogin token caches, and stand-in
 * plugins on PATH. The stand-ins are small Node scripts, since the real `aws`,
 * `gke-gcloud-auth-plugin` and `kubelogin` need the network (or a browser) to mint tokens;
 * each appends one line per spawn to a log and reads the simulated time from a file the
 * bench sets, so the credentials they print expire in simulated time.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { createCa, DAY, toData } from '../test/fixtures/pki';
import { legacyServiceAccountToken, oidcIdToken, serviceAccountToken, signJwt, seconds } from '../test/fixtures/jwt';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export type PluginKind = 'aws' | 'gke' | 'kubelogin';

/** What a kubelogin context's token cache holds at the start. */
export type KubeloginCacheState =
  'valid' | 'refreshable' | 'refreshable-opaque' | 'browser-no-refresh' | 'browser-refresh-expired';

export interface PluginContext {
  context: string;
  kind: PluginKind;
  /** What the stand-in logs to say which context ran it: cluster name (aws), server (gke), client id (kubelogin). */
  key: string;
  /** How long one credential of this plugin lives. */
  lifetimeMs: number;
  /** kubelogin only: whether its cache lets it run without a browser. */
  cache?: KubeloginCacheState;
}

export interface BackgroundWorld {
  kubeconfig: string;
  home: string;
  /** The stand-ins' directory, to put first on PATH. */
  binDir: string;
  /** Holds the simulated time, epoch ms, as text: the stand-ins read it. */
  clockFile: string;
  /** One JSON line per stand-in spawn (SpawnRecord). */
  spawnLog: string;
  contexts: number;
  /** Every cluster's name (here also its context's): the bench turns their probes off. */
  clusters: string[];
  plugins: PluginContext[];
  /** Every exec entry's command and args, to approve them as the desktop's Settings would. */
  execs: { command: string; args: string[] }[];
}

export interface SpawnRecord {
  plugin: PluginKind;
  key: string;
  /** Simulated epoch ms. */
  at: number;
  /** kubelogin: what it did; a browser login is what the background must never cause. */
  outcome: 'token' | 'cached' | 'refreshed' | 'browser';
  /** When the credential it printed expires (simulated epoch ms); none when it failed. */
  expiresAt?: number;
}

export const AWS_LIFETIME_MS = 14 * MINUTE;
const GKE_LIFETIME_MS = HOUR;
const ID_TOKEN_LIFETIME_MS = HOUR;
const KUBELOGIN_ISSUER = 'https://dex.corp.example.com';
const KUBELOGIN_CACHES: readonly KubeloginCacheState[] = [
  'valid',
  'refreshable',
  'refreshable-opaque',
  'browser-no-refresh',
  'browser-refresh-expired',
];

/** What every stand-in does first: read the simulated time and log this spawn. */
const PRELUDE = `
const { appendFileSync, readFileSync } = require('node:fs');
const now = Number(readFileSync(process.env.KUBEWARD_BENCH_CLOCK, 'utf8'));
const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.findIndex((a) => a === name || a.startsWith(name + '='));
  if (at < 0) return undefined;
  return args[at].includes('=') ? args[at].slice(name.length + 1) : args[at + 1];
};
const logSpawn = (plugin, key, outcome, expiresAt) =>
  appendFileSync(process.env.KUBEWARD_BENCH_SPAWNS, JSON.stringify({ plugin, key, at: now, outcome, expiresAt }) + '\\n');
// Like the real plugins: seconds, UTC, a Z.
const timestamp = (ms) => new Date(ms).toISOString().replace(/\\.\\d{3}Z$/, 'Z');
const credential = (token, expiresAt) =>
  JSON.stringify({
    kind: 'ExecCredential',
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    spec: {},
    status: { expirationTimestamp: timestamp(expiresAt), token },
  });
`;

/** `aws eks get-token`: a presigned-STS-URL token that expires in 14 minutes (aws-cli's TOKEN_EXPIRATION_MINS). */
const AWS = `${PRELUDE}
const cluster = flag('--cluster-name');
const region = flag('--region');
logSpawn('aws', cluster, 'token', now + ${AWS_LIFETIME_MS});
const date = timestamp(now).replace(/[-:]/g, '');
const url =
  'https://sts.' + region + '.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15' +
  '&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F' + date.slice(0, 8) + '%2F' + region +
  '%2Fsts%2Faws4_request&X-Amz-Date=' + date + '&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id' +
  '&X-Amz-Signature=' + require('node:crypto').createHash('sha256').update(cluster + now).digest('hex');
process.stdout.write(credential('k8s-aws-v1.' + Buffer.from(url).toString('base64url'), now + ${AWS_LIFETIME_MS}) + '\\n');
`;

/** gke-gcloud-auth-plugin: an hour-long access token; the cluster comes in KUBERNETES_EXEC_INFO (provideClusterInfo). */
const GKE = `${PRELUDE}
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
logSpawn('gke', info.spec.cluster.server, 'token', now + ${GKE_LIFETIME_MS});
const token = 'ya29.' + require('node:crypto').randomBytes(48).toString('base64url');
process.stdout.write(credential(token, now + ${GKE_LIFETIME_MS}) + '\\n');
`;

/**
 * int128 kubelogin's get-token: the cached id_token while it is valid, else a refresh (a new id_token,
 * written back to the cache, as kubelogin does), else the browser login, which here only logs and fails.
 */
const KUBELOGIN = `${PRELUDE}
const { createHash, createHmac, randomBytes } = require('node:crypto');
const { readdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const issuer = flag('--oidc-issuer-url');
const clientId = flag('--oidc-client-id');
const dir = path.join(process.env.HOME, '.kube', 'cache', 'oidc-login');
const claims = (jwt) => {
  try { return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()); } catch { return undefined; }
};
let file;
let cache;
const readEntry = (name) => {
  try { return JSON.parse(readFileSync(path.join(dir, name), 'utf8')); } catch { return {}; }
};
// Other logins' files, which another stand-in may be rewriting right now (the real kubelogin opens only its own).
for (const name of readdirSync(dir)) {
  const entry = readEntry(name);
  const c = claims(entry.id_token);
  if (c && c.iss === issuer && [].concat(c.aud).includes(clientId)) [file, cache] = [path.join(dir, name), entry];
}
const idClaims = cache && claims(cache.id_token);
if (idClaims && idClaims.exp * 1000 > now) {
  logSpawn('kubelogin', clientId, 'cached', idClaims.exp * 1000);
  process.stdout.write(credential(cache.id_token, idClaims.exp * 1000) + '\\n');
  process.exit(0);
}
const refresh = cache && cache.refresh_token ? claims(cache.refresh_token) ?? {} : undefined;
if (refresh && !(refresh.exp > 0 && refresh.exp * 1000 <= now)) {
  const iat = Math.floor(now / 1000);
  logSpawn('kubelogin', clientId, 'refreshed', (iat + ${seconds(ID_TOKEN_LIFETIME_MS)}) * 1000);
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = b64({ alg: 'HS256', typ: 'JWT' }) + '.' +
    b64({ iss: issuer, sub: 'CgVqYW5lEgVsb2NhbA', aud: clientId, iat, exp: iat + ${seconds(ID_TOKEN_LIFETIME_MS)} });
  const idToken = body + '.' + createHmac('sha256', randomBytes(32)).update(body).digest('base64url');
  writeFileSync(file, JSON.stringify({ id_token: idToken, refresh_token: cache.refresh_token }), { mode: 0o600 });
  process.stdout.write(credential(idToken, (iat + ${seconds(ID_TOKEN_LIFETIME_MS)}) * 1000) + '\\n');
  process.exit(0);
}
logSpawn('kubelogin', clientId, 'browser');
process.stderr.write('Please visit the following URL in your browser: http://localhost:8000\\n');
process.stderr.write('error: get-token: authentication error: authcode-browser error: context deadline exceeded\\n');
process.exit(1);
`;

function writeStandIn(binDir: string, name: string, body: string): void {
  const file = path.join(binDir, name);
  // The node running the bench, by absolute path: the plugins' PATH holds only the stand-ins.
  writeFileSync(file, `#!${process.execPath}\n'use strict';\n${body}`, { mode: 0o755 });
  chmodSync(file, 0o755);
}

/** A kubelogin cache entry in the given state at `at`, named as the stand-in finds it (by iss/aud, like kubeward). */
async function writeKubeloginCache(dir: string, clientId: string, state: KubeloginCacheState, at: number) {
  const idToken = await oidcIdToken({
    issuer: KUBELOGIN_ISSUER,
    clientId,
    email: `${clientId}@corp.example.com`,
    // Valid: 40 minutes left; every other state: expired an hour ago.
    issuedAt: state === 'valid' ? at - 20 * MINUTE : at - 2 * HOUR,
    lifetime: ID_TOKEN_LIFETIME_MS,
  });
  // Keycloak-style refresh tokens are JWTs whose exp is the session's end; Dex's are opaque.
  const refreshJwt = (exp: number) =>
    signJwt({
      iss: KUBELOGIN_ISSUER,
      aud: KUBELOGIN_ISSUER,
      typ: 'Refresh',
      iat: seconds(at - DAY),
      exp: seconds(exp),
    });
  const refreshToken = {
    valid: await refreshJwt(at + 30 * DAY),
    refreshable: await refreshJwt(at + 30 * DAY),
    'refreshable-opaque': `ChlvcGFxdWUtcmVmcmVzaC0${clientId.length}`,
    'browser-no-refresh': undefined,
    'browser-refresh-expired': await refreshJwt(at - HOUR),
  }[state];
  const name = createHash('sha256').update(`${KUBELOGIN_ISSUER}\n${clientId}`).digest('hex');
  const cache = { id_token: idToken, ...(refreshToken ? { refresh_token: refreshToken } : {}) };
  writeFileSync(path.join(dir, name), JSON.stringify(cache), { mode: 0o600 });
}

type Entry = Record<string, unknown>;

/** Writes the world into `dir` with credentials and caches planted relative to `at` (epoch ms). */
export async function writeBackgroundWorld(dir: string, at: number): Promise<BackgroundWorld> {
  const binDir = path.join(dir, 'bin');
  const home = path.join(dir, 'home');
  const cacheDir = path.join(home, '.kube', 'cache', 'oidc-login');
  for (const d of [binDir, cacheDir]) mkdirSync(d, { recursive: true });
  writeStandIn(binDir, 'aws', AWS);
  writeStandIn(binDir, 'gke-gcloud-auth-plugin', GKE);
  writeStandIn(binDir, 'kubelogin', KUBELOGIN);

  const ca = createCa({ cn: 'kubernetes', notBefore: new Date(at - 400 * DAY), notAfter: new Date(at + 3000 * DAY) });
  const caData = toData(ca.certPem);
  const clusters: { name: string; cluster: Entry }[] = [];
  const contexts: { name: string; context: Entry }[] = [];
  const users: { name: string; user: Entry }[] = [];
  const plugins: PluginContext[] = [];
  const execs: BackgroundWorld['execs'] = [];
  const add = (name: string, server: string, user: Entry): void => {
    clusters.push({ name, cluster: { 'certificate-authority-data': caData, server } });
    contexts.push({ name, context: { cluster: name, user: name } });
    users.push({ name, user });
    const exec = user.exec as { command: string; args?: string[] } | undefined;
    if (exec) execs.push({ command: exec.command, args: exec.args ?? [] });
  };

  const regions = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'eu-central-1', 'us-west-2'];
  for (let i = 0; i < 10; i++) {
    const region = regions[i % regions.length] as string;
    const cluster = `team-${i}`;
    const name = `arn:aws:eks:${region}:111122223333:cluster/${cluster}`;
    const args = ['--region', region, 'eks', 'get-token', '--cluster-name', cluster, '--output', 'json'];
    add(name, `https://${(i + 10).toString(16).repeat(16)}.gr7.${region}.eks.amazonaws.com`, {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        args,
        command: 'aws',
        env: [{ name: 'AWS_PROFILE', value: `${cluster}-admin` }],
        interactiveMode: 'IfAvailable',
        provideClusterInfo: false,
      },
    });
    plugins.push({ context: name, kind: 'aws', key: cluster, lifetimeMs: AWS_LIFETIME_MS });
  }
  for (let i = 0; i < 5; i++) {
    const name = `gke_acme-prod-4821_europe-west${i + 1}_cluster-${i}`;
    const server = `https://34.${76 + i}.12.${100 + i}`;
    add(name, server, {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'gke-gcloud-auth-plugin',
        installHint: 'Install gke-gcloud-auth-plugin for use with kubectl',
        provideClusterInfo: true,
      },
    });
    plugins.push({ context: name, kind: 'gke', key: server, lifetimeMs: GKE_LIFETIME_MS });
  }
  for (const [i, state] of KUBELOGIN_CACHES.entries()) {
    const clientId = `kubernetes-${i}`;
    const name = `oidc@k8s-${i}.corp.example.com`;
    await writeKubeloginCache(cacheDir, clientId, state, at);
    add(name, `https://k8s-${i}.corp.example.com:6443`, {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        args: ['get-token', `--oidc-issuer-url=${KUBELOGIN_ISSUER}`, `--oidc-client-id=${clientId}`],
        command: 'kubelogin',
        interactiveMode: 'IfAvailable',
        provideClusterInfo: false,
      },
    });
    plugins.push({ context: name, kind: 'kubelogin', key: clientId, lifetimeMs: ID_TOKEN_LIFETIME_MS, cache: state });
  }
  // Static credentials that last well past the simulated day: nothing about them changes.
  for (let i = 0; i < 5; i++) {
    const cert = ca.issue({
      cn: 'kubernetes-admin',
      organizations: ['kubeadm:cluster-admins'],
      notAfter: new Date(at + (200 + i * 30) * DAY),
    });
    add(`kind-dev-${i}`, `https://127.0.0.1:${40_000 + i}`, {
      'client-certificate-data': toData(cert.certPem),
      'client-key-data': toData(cert.keyPem),
    });
  }
  const tokens = [
    await serviceAccountToken({ namespace: 'ci', name: 'deployer', issuedAt: at - DAY, lifetime: 365 * DAY }),
    await serviceAccountToken({ namespace: 'ci', name: 'release', issuedAt: at - 10 * DAY, lifetime: 90 * DAY }),
    await legacyServiceAccountToken({ namespace: 'ci', name: 'builder' }),
    'kubeconfig-u-bench7x2k9:q8w4e6r2t0y5u3i1o9p7a5s3d1f8g6h4j2k0l9z7x5c3v1b8',
    'glpat-static-bench-token-0000000000',
  ];
  for (const [i, token] of tokens.entries()) add(`ci-${i}`, `https://ci-${i}.example.com:6443`, { token });

  const kubeconfig = path.join(dir, 'kube', 'config');
  mkdirSync(path.dirname(kubeconfig), { recursive: true });
  const text = stringify(
    {
      apiVersion: 'v1',
      clusters,
      contexts,
      'current-context': contexts[0]?.name,
      kind: 'Config',
      preferences: {},
      users,
    },
    { lineWidth: 0, indentSeq: false },
  );
  writeFileSync(kubeconfig, text, { mode: 0o600 });
  const clockFile = path.join(dir, 'clock');
  const spawnLog = path.join(dir, 'spawns.jsonl');
  setSimulatedTime(clockFile, at);
  writeFileSync(spawnLog, '');
  return {
    kubeconfig,
    home,
    binDir,
    clockFile,
    spawnLog,
    contexts: contexts.length,
    clusters: clusters.map((c) => c.name),
    plugins,
    execs,
  };
}

export function setSimulatedTime(clockFile: string, at: number): void {
  writeFileSync(clockFile, String(at));
}

export function readSpawns(spawnLog: string): SpawnRecord[] {
  return readFileSync(spawnLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SpawnRecord);
}
