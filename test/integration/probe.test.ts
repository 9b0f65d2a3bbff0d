/**
 * The API server probe against the TLS stand-in on loopback: real handshakes, real
 * client certificates and signed JWTs, and the hostile servers a probe must survive.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ExecCredentialCache } from '../../electron/core/exec/credential-cache';
import { runExecPlugins } from '../../electron/core/exec/plugin';
import { cliExecPolicy } from '../../electron/core/exec/policy';
import { findCommand } from '../../electron/core/exec/find-command';
import { probeAll, probeContext } from '../../electron/core/probe/probe';
import { runBounded } from '../../electron/core/probe/pool';
import { proxyRoute } from '../../electron/core/probe/proxy';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import { diagnose } from '../../shared/diagnose';
import type { ExecRun, ProbeResult, Snapshot } from '../../shared/facts';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { certificateUser, kubeconfigFor, startApiServer, type ApiServer } from '../fixtures/apiserver';
import { seconds, serviceAccountToken, signJwt, verificationKey } from '../fixtures/jwt';
import { createCa, toData } from '../fixtures/pki';
import { snapshotFrom } from '../support/snapshot';
import { hostWith, PLATFORM } from '../support/host';
import { tempDir } from '../support/temp';

const CANARY = 'kubeward-canary-Qm4Xr8Tz2Lv6Hn9Pw3Ks';
const CONFIG = '/home/u/.kube/config';
const FIXED_NOW = Date.parse('2026-06-01T12:00:00Z');

const servers: ApiServer[] = [];

async function server(options: Parameters<typeof startApiServer>[0] = {}): Promise<ApiServer> {
  const s = await startApiServer(options);
  servers.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function snapshotOf(yaml: string, files: Record<string, string> = {}): Snapshot {
  return snapshotFrom({ sources: { [CONFIG]: yaml }, files });
}

async function probe(snapshot: Snapshot, options: Parameters<typeof probeContext>[2] = {}): Promise<ProbeResult> {
  return probeContext(snapshot, 'stand-in', { timeoutMs: 5_000, env: {}, ...options });
}

function tokenUser(token: string): Record<string, string> {
  return { token };
}

function expectAnswered(result: ProbeResult): Extract<ProbeResult, { state: 'answered' }> {
  if (result.state !== 'answered') throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
  return result;
}

function reportJson(snapshot: Snapshot, probes: Map<string, ProbeResult>): string {
  const env = { now: Date.now(), expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS, platform: 'linux' as const };
  return JSON.stringify(diagnose({ ...snapshot, probes }, env, { kind: 'all' }));
}

describe('whoami against the stand-in', () => {
  it('answers 201 with the identity of a client certificate signed by the cluster CA', async () => {
    const api = await server();
    const cert = api.clientCa.issue({ cn: 'alice', organizations: ['dev'] });
    const result = expectAnswered(
      await probe(snapshotOf(kubeconfigFor(api, certificateUser(cert))), { now: () => FIXED_NOW }),
    );
    expect(result).toMatchObject({
      request: 'POST /apis/authentication.k8s.io/v1/selfsubjectreviews',
      status: 201,
      identity: { username: 'alice', groups: ['dev', 'system:authenticated'] },
      credential: { presented: ['client-certificate'] },
      localDate: FIXED_NOW,
    });
    expect(result.serverDate).toBeGreaterThan(FIXED_NOW);
    expect(api.requests).toEqual([
      {
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        credential: 'client-certificate',
        username: 'alice',
        status: 201,
      },
    ]);
  });

  it('identifies a ServiceAccount by its bound token', async () => {
    const api = await server({ jwtKeys: [await verificationKey()] });
    const token = await serviceAccountToken({ issuedAt: Date.now() - 60_000, namespace: 'prod', name: 'deployer' });
    const result = expectAnswered(await probe(snapshotOf(kubeconfigFor(api, tokenUser(token)))));
    expect(result.status).toBe(201);
    expect(result.identity?.username).toBe('system:serviceaccount:prod:deployer');
    expect(result.credential).toEqual({ presented: ['token'] });
  });

  it('falls back to the v1beta1 review on 404, then to GET /api', async () => {
    const beta = await server({ selfSubjectReview: ['v1beta1'], tokens: { [CANARY]: { username: 'bob' } } });
    const betaResult = expectAnswered(await probe(snapshotOf(kubeconfigFor(beta, tokenUser(CANARY)))));
    expect(betaResult).toMatchObject({
      request: 'POST /apis/authentication.k8s.io/v1beta1/selfsubjectreviews',
      status: 201,
      identity: { username: 'bob' },
    });
    expect(beta.requests.map((r) => r.status)).toEqual([404, 201]);

    const none = await server({ selfSubjectReview: [], tokens: { [CANARY]: { username: 'bob' } } });
    const noneResult = expectAnswered(await probe(snapshotOf(kubeconfigFor(none, tokenUser(CANARY)))));
    expect(noneResult).toMatchObject({ request: 'GET /api', status: 200 });
    expect(noneResult.identity).toBeUndefined();
    expect(none.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /apis/authentication.k8s.io/v1/selfsubjectreviews 404',
      'POST /apis/authentication.k8s.io/v1beta1/selfsubjectreviews 404',
      'GET /api 200',
    ]);
  });

  it('gets 401 for a JWT expired past the 60 s leeway, and never echoes the token', async () => {
    const api = await server({ jwtKeys: [await verificationKey()] });
    const issuedAt = Date.now() - 2 * 3_600_000;
    const expired = await serviceAccountToken({ issuedAt, lifetime: 3_600_000 });
    const result = expectAnswered(await probe(snapshotOf(kubeconfigFor(api, tokenUser(expired)))));
    expect(result).toMatchObject({ status: 401, message: 'Unauthorized', credential: { presented: ['token'] } });
    expect(JSON.stringify(result)).not.toContain(expired);

    const snapshot = snapshotOf(kubeconfigFor(api, tokenUser(expired)));
    const report = reportJson(snapshot, new Map([['stand-in', result]]));
    const rules = (JSON.parse(report) as ReturnType<typeof diagnose>).contexts[0]?.findings.map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['server-unauthorized', 'token-expired']));
    expect(report).not.toContain(expired);
  });

  it('scrubs the sent token from whatever the server says back', async () => {
    const api = await server({ tokens: { [CANARY]: { username: `echo:${CANARY}`, groups: [`g-${CANARY}`] } } });
    const result = expectAnswered(await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY)))));
    expect(result.status).toBe(201);
    expect(result.identity?.username).toBe('echo:[redacted]');
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('accepts a JWT expired inside the leeway, as kube-apiserver does', async () => {
    const api = await server({ jwtKeys: [await verificationKey()] });
    const now = Date.now();
    const token = await signJwt({ sub: 'carol', iat: seconds(now - 600_000), exp: seconds(now - 20_000) });
    expect(expectAnswered(await probe(snapshotOf(kubeconfigFor(api, tokenUser(token))))).status).toBe(201);
  });

  it('gets 403 as system:anonymous when no credential is sent', async () => {
    const api = await server({ anonymous: true });
    const result = expectAnswered(await probe(snapshotOf(kubeconfigFor(api, {}))));
    expect(result.status).toBe(403);
    expect(result.message).toContain('User "system:anonymous" cannot create resource "selfsubjectreviews"');
    expect(result.credential).toEqual({ presented: [] });
  });

  it('records the skew of the server Date header against the local clock', async () => {
    const api = await server({ dateSkewMs: -7 * 60_000, tokens: { [CANARY]: { username: 'bob' } } });
    const result = expectAnswered(await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY))), { now: Date.now }));
    const skew = (result.serverDate ?? 0) - result.localDate;
    expect(skew).toBeGreaterThan(-7 * 60_000 - 2_000);
    expect(skew).toBeLessThan(-7 * 60_000 + 2_000);
  });

  it('sends the token an exec plugin returned, and nothing when the plugin failed', async () => {
    const api = await server({ tokens: { [CANARY]: { username: 'exec-user' } } });
    const yaml = kubeconfigFor(api, {
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'plugin', interactiveMode: 'Never' },
    });
    const ok: ExecRun = { state: 'ok', credential: { apiVersion: 'v1', token: CANARY }, cached: false, durationMs: 1 };
    const snapshot = { ...snapshotOf(yaml), execRuns: new Map([['stand-in', ok]]) };
    const result = expectAnswered(await probe(snapshot));
    expect(result).toMatchObject({ status: 201, identity: { username: 'exec-user' } });
    expect(result.credential).toEqual({ presented: ['token'], from: 'exec' });

    const failed: ExecRun = {
      state: 'failed',
      exitCode: 1,
      timedOut: false,
      cause: 'no-cloud-credentials',
      stderrTail: 'Unable to locate credentials',
      durationMs: 1,
    };
    const failedSnapshot = { ...snapshotOf(yaml), execRuns: new Map([['stand-in', failed]]) };
    expect(await probe(failedSnapshot)).toEqual({ state: 'skipped', reason: 'no-credential' });
    expect(api.connections).toBe(1);
  });

  it('presents the client certificate an exec plugin returned', async () => {
    const api = await server();
    const cert = api.clientCa.issue({ cn: 'exec-cert', organizations: ['ops'] });
    const yaml = kubeconfigFor(api, {
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'plugin', interactiveMode: 'Never' },
    });
    const credential = { apiVersion: 'v1', clientCertificateData: cert.certPem, clientKeyData: cert.keyPem };
    const run: ExecRun = { state: 'ok', credential, cached: true, durationMs: 0 };
    const result = expectAnswered(await probe({ ...snapshotOf(yaml), execRuns: new Map([['stand-in', run]]) }));
    expect(result.identity?.username).toBe('exec-cert');
    expect(result.credential).toEqual({ presented: ['client-certificate'], from: 'exec' });
  });
});

describe('TLS as kubectl does it', () => {
  it('refuses a server whose certificate the kubeconfig CA did not sign, before sending anything', async () => {
    const api = await server({ serverCert: { untrusted: true }, tokens: { [CANARY]: { username: 'bob' } } });
    const result = await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY))));
    expect(result).toMatchObject({ state: 'tls-error', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    if (result.state !== 'tls-error') return;
    expect(result.serverCertificate?.subject).toBe('CN=kube-apiserver');
    expect(result.serverCertificate?.issuer).toBe('CN=some-other-ca');
    expect(result.serverCertificate?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(api.connections).toBe(1);
    expect(api.requests).toEqual([]);
  });

  it('refuses a server trusted through another CA', async () => {
    const api = await server({ tokens: { [CANARY]: { username: 'bob' } } });
    const other = createCa({ cn: 'another-cluster' });
    const result = await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY), { caPem: other.certPem })));
    expect(result.state).toBe('tls-error');
    expect(api.requests).toEqual([]);
  });

  it('reports an expired server certificate as CERT_HAS_EXPIRED with its dates', async () => {
    const api = await server({ serverCert: { expired: true }, tokens: { [CANARY]: { username: 'bob' } } });
    const result = await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY))));
    expect(result).toMatchObject({ state: 'tls-error', code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' });
    if (result.state !== 'tls-error') return;
    expect(result.serverCertificate?.notAfter).toBeLessThan(Date.now());
    expect(api.requests).toEqual([]);
  });

  it('verifies the name in tls-server-name instead of the host', async () => {
    const api = await server({
      serverCert: { dnsNames: ['api.internal.example'], ipAddresses: [] },
      tokens: { [CANARY]: { username: 'bob' } },
    });
    const byHost = await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY))));
    expect(byHost).toMatchObject({ state: 'tls-error', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    if (byHost.state === 'tls-error') expect(byHost.message).toContain('127.0.0.1');
    expect(api.requests).toEqual([]);

    const yaml = kubeconfigFor(api, tokenUser(CANARY), { tlsServerName: 'api.internal.example' });
    expect(expectAnswered(await probe(snapshotOf(yaml))).identity?.username).toBe('bob');
  });

  it('skips verification with insecure-skip-tls-verify, as kubectl does', async () => {
    const api = await server({ serverCert: { untrusted: true }, tokens: { [CANARY]: { username: 'bob' } } });
    const yaml = kubeconfigFor(api, tokenUser(CANARY), { insecureSkipTlsVerify: true });
    expect(expectAnswered(await probe(snapshotOf(yaml))).status).toBe(201);
  });

  it('does not probe a cluster kubectl refuses: insecure-skip-tls-verify together with a CA', async () => {
    const api = await server();
    const yaml = kubeconfigFor(api, tokenUser(CANARY)).replace(
      'certificate-authority-data',
      'insecure-skip-tls-verify: true\n      certificate-authority-data',
    );
    expect(await probe(snapshotOf(yaml))).toEqual({ state: 'skipped', reason: 'invalid-config' });
    expect(api.connections).toBe(0);
  });

  it('reads the CA, client certificate, key and token file from disk', async () => {
    const api = await server({ jwtKeys: [await verificationKey()] });
    const dir = tempDir('probe');
    const cert = api.clientCa.issue({ cn: 'from-files' });
    writeFileSync(path.join(dir, 'ca.crt'), api.caPem);
    writeFileSync(path.join(dir, 'client.crt'), cert.certPem);
    writeFileSync(path.join(dir, 'client.key'), cert.keyPem, { mode: 0o600 });
    const token = await serviceAccountToken({ issuedAt: Date.now() - 60_000, name: 'file-token' });
    writeFileSync(path.join(dir, 'token'), `${token}\n`);
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: api.url, 'certificate-authority': 'ca.crt' } }],
      users: [
        { name: 'cert', user: { 'client-certificate': 'client.crt', 'client-key': 'client.key' } },
        // The readable tokenFile wins over the inline token.
        { name: 'file', user: { tokenFile: 'token', token: CANARY } },
      ],
      contexts: [
        { name: 'by-cert', context: { cluster: 'c', user: 'cert' } },
        { name: 'by-file', context: { cluster: 'c', user: 'file' } },
      ],
      'current-context': 'by-cert',
    };
    const file = path.join(dir, 'config');
    writeFileSync(file, stringify(config), { mode: 0o600 });
    const snapshot = await gatherSnapshot({
      kubeconfig: file,
      host: hostWith(dir, { PATH: process.env.PATH }),
    });
    const results = await probeAll(snapshot, { timeoutMs: 5_000, env: {} });
    expect(expectAnswered(results.get('by-cert') as ProbeResult).identity?.username).toBe('from-files');
    expect(expectAnswered(results.get('by-file') as ProbeResult).identity?.username).toBe(
      'system:serviceaccount:prod:file-token',
    );
  });
});

describe('hostile and absent servers', () => {
  it('reports a refused connection', async () => {
    const api = await server();
    await api.stop();
    const result = await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY))));
    expect(result).toMatchObject({ state: 'network-error', code: 'ECONNREFUSED', timedOut: false, stage: 'connect' });
  });

  it('reports a name that does not resolve', async () => {
    const api = await server();
    const yaml = kubeconfigFor(api, tokenUser(CANARY), { server: 'https://kubeward-probe.invalid:6443' });
    const result = await probe(snapshotOf(yaml), { timeoutMs: 3_000 });
    expect(result).toMatchObject({ state: 'network-error', stage: 'dns' });
    if (result.state === 'network-error') expect(['ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT']).toContain(result.code);
  });

  it('does not follow a redirect, and the credential never reaches the other host', async () => {
    const elsewhere = await server({ tokens: { [CANARY]: { username: 'bob' } } });
    const api = await server({ mode: 'redirect', redirectTo: elsewhere.url, tokens: { [CANARY]: { username: 'b' } } });
    const result = expectAnswered(await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY)))));
    expect(result).toMatchObject({ status: 302, location: elsewhere.url });
    expect(elsewhere.connections).toBe(0);
    expect(api.requests).toHaveLength(1);
  });

  it('reports an answer that is not HTTP', async () => {
    const api = await server({ mode: 'garbage' });
    const result = await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY))));
    expect(result).toMatchObject({ state: 'network-error', timedOut: false, stage: 'response' });
    if (result.state === 'network-error') {
      expect(result.code).toMatch(/^HPE_/);
      expect(result.message).toContain('not HTTP');
    }
  });

  it('bounds a slow drip by the deadline', async () => {
    const api = await server({ mode: 'slow-drip' });
    const started = Date.now();
    const result = await probe(snapshotOf(kubeconfigFor(api, tokenUser(CANARY))), { timeoutMs: 1_500 });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(result).toMatchObject({ state: 'network-error', code: 'ETIMEDOUT', timedOut: true, stage: 'response' });
  });

  function manyClusters(all: readonly ApiServer[]): string {
    return stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: all.map((s, i) => ({
        name: `c${i}`,
        cluster: { server: s.url, 'certificate-authority-data': toData(s.caPem) },
      })),
      users: [{ name: 'u', user: { token: CANARY } }],
      contexts: all.map((_, i) => ({ name: `ctx${i}`, context: { cluster: `c${i}`, user: 'u' } })),
    });
  }

  it('probes many servers at once: more silent servers than slots still cost one deadline in all', async () => {
    const tokens = { [CANARY]: { username: 'bob' } };
    const silentTcp = await Promise.all(Array.from({ length: 5 }, () => server({ mode: 'silent-tcp' })));
    const good = await Promise.all(Array.from({ length: 6 }, () => server({ tokens })));
    const silentHttp = await Promise.all(Array.from({ length: 5 }, () => server({ mode: 'silent-http', tokens })));
    const all = [...silentTcp, ...good, ...silentHttp];
    const timeoutMs = 1_500;
    const started = Date.now();
    const results = await probeAll(snapshotOf(manyClusters(all)), { timeoutMs, concurrency: 4, env: {} });
    expect(Date.now() - started).toBeLessThan(timeoutMs + 1_000);
    expect([...results.keys()]).toEqual(all.map((_, i) => `ctx${i}`));
    const states = [...results.values()].map((r) => (r.state === 'network-error' ? `${r.code}@${r.stage}` : r.state));
    expect(states).toEqual([
      ...silentTcp.map(() => 'ETIMEDOUT@tls'),
      ...good.map(() => 'answered'),
      ...silentHttp.map(() => 'ETIMEDOUT@response'),
    ]);
    expect(reportJson(snapshotOf(manyClusters(all)), results)).not.toContain(CANARY);
  });

  it('probes a cluster and user pair once for all its contexts, and skips disabled contexts', async () => {
    const api = await server({ tokens: { [CANARY]: { username: 'bob' } } });
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: api.url, 'certificate-authority-data': toData(api.caPem) } }],
      users: [{ name: 'u', user: { token: CANARY } }],
      contexts: ['a', 'b', 'muted'].map((name) => ({ name, context: { cluster: 'c', user: 'u', namespace: name } })),
    };
    const results = await probeAll(snapshotOf(stringify(config)), {
      env: {},
      enabled: (name) => name !== 'muted',
    });
    expect(results.get('a')).toBe(results.get('b'));
    expect(expectAnswered(results.get('a') as ProbeResult).identity?.username).toBe('bob');
    expect(results.get('muted')).toEqual({ state: 'skipped', reason: 'disabled' });
    expect(api.connections).toBe(1);
  });
});

/** A minimal HTTP CONNECT proxy that records what it was asked to reach. */
async function connectProxy(): Promise<{ url: string; targets: string[]; close: () => Promise<void> }> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.once('data', (head: Buffer) => {
      const match = /^CONNECT ([^ ]+):(\d+) HTTP\/1\.1/.exec(head.toString('latin1'));
      if (!match?.[1] || !match[2]) return client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      targets.push(`${match[1]}:${match[2]}`);
      const upstream = connect(Number(match[2]), match[1], () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => resolve());
      }),
  };
}

describe('proxy-url', () => {
  it('tunnels through an http:// proxy with CONNECT', async () => {
    const api = await server({ tokens: { [CANARY]: { username: 'bob' } } });
    const proxy = await connectProxy();
    try {
      const yaml = kubeconfigFor(api, tokenUser(CANARY)).replace(
        'certificate-authority-data',
        `proxy-url: ${proxy.url}\n      certificate-authority-data`,
      );
      expect(expectAnswered(await probe(snapshotOf(yaml))).identity?.username).toBe('bob');
      expect(proxy.targets).toEqual([`127.0.0.1:${api.port}`]);
    } finally {
      await proxy.close();
    }
  });

  it('reports a proxy that cannot be reached as the network error it is', async () => {
    const api = await server();
    const proxy = await connectProxy();
    await proxy.close();
    const yaml = kubeconfigFor(api, tokenUser(CANARY)).replace(
      'certificate-authority-data',
      `proxy-url: ${proxy.url}\n      certificate-authority-data`,
    );
    const result = await probe(snapshotOf(yaml));
    expect(result).toMatchObject({ state: 'network-error', code: 'ECONNREFUSED', proxy: proxy.url });
    expect(api.connections).toBe(0);
  });

  it('skips socks5 and https proxies, which the probe does not speak', async () => {
    const api = await server();
    for (const url of ['socks5://127.0.0.1:1080', 'https://proxy.example:3128']) {
      const yaml = kubeconfigFor(api, tokenUser(CANARY)).replace(
        'certificate-authority-data',
        `proxy-url: ${url}\n      certificate-authority-data`,
      );
      expect(await probe(snapshotOf(yaml))).toEqual({ state: 'skipped', reason: 'unsupported-proxy' });
    }
    expect(api.connections).toBe(0);
  });
});

describe('the proxy kubectl would use (Go http.ProxyFromEnvironment)', () => {
  const route = (server: string, env: Record<string, string>, proxyUrl?: string) => {
    const r = proxyRoute(new URL(server), proxyUrl, env);
    return 'url' in r ? `${r.kind} ${r.url.href}` : r.kind;
  };

  it('takes HTTPS_PROXY for https servers, and proxy-url over the environment', () => {
    const env = { HTTPS_PROXY: 'proxy.corp:3128', HTTP_PROXY: 'http://other:80' };
    expect(route('https://api.example.com', env)).toBe('http http://proxy.corp:3128/');
    expect(route('http://api.example.com', env)).toBe('http http://other/');
    expect(route('https://api.example.com', env, 'http://cluster-proxy:8080')).toBe('http http://cluster-proxy:8080/');
    expect(route('https://api.example.com', { https_proxy: 'socks5://s:1080' })).toBe('unsupported socks5://s:1080');
    expect(route('https://api.example.com', {}, 'ftp://p:21')).toBe('invalid');
  });

  it('never proxies loopback, and honours NO_PROXY domains, IPs, CIDRs, ports and *', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy });
    expect(route('https://127.0.0.1:6443', env(''))).toBe('direct');
    expect(route('https://localhost:6443', env(''))).toBe('direct');
    expect(route('https://[::1]:6443', env(''))).toBe('direct');
    expect(route('https://api.corp.example', env('corp.example'))).toBe('direct');
    expect(route('https://corp.example', env('corp.example'))).toBe('direct');
    expect(route('https://corp.example', env('.corp.example'))).toBe('http http://proxy:3128/');
    expect(route('https://a.corp.example', env('*.corp.example'))).toBe('direct');
    expect(route('https://notcorp.example', env('corp.example'))).toBe('http http://proxy:3128/');
    expect(route('https://10.1.2.3:6443', env('10.0.0.0/8'))).toBe('direct');
    expect(route('https://11.1.2.3:6443', env('10.0.0.0/8'))).toBe('http http://proxy:3128/');
    expect(route('https://10.1.2.3:6443', env('10.1.2.3'))).toBe('direct');
    expect(route('https://api.example.com:6443', env('api.example.com:443'))).toBe('http http://proxy:3128/');
    expect(route('https://api.example.com', env('api.example.com:443'))).toBe('direct');
    expect(route('https://anything.example', env('*'))).toBe('direct');
  });
});

const kubectl = await promisify(execFile)('kubectl', ['version', '--client'])
  .then(() => true)
  .catch(() => false);

describe.skipIf(!kubectl)('kubectl as the oracle (skipped: kubectl is not on PATH)', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('probe-kubectl');
  });

  async function kubectlWhoami(yaml: string): Promise<{ out: string; failed: boolean }> {
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, yaml, { mode: 0o600 });
    return promisify(execFile)('kubectl', ['auth', 'whoami', '-o', 'json', '--request-timeout=5s'], {
      env: { ...process.env, KUBECONFIG: file },
    })
      .then(({ stdout }) => ({ out: stdout, failed: false }))
      .catch((error: { stderr?: string }) => ({ out: error.stderr ?? '', failed: true }));
  }

  it('agrees with kubectl auth whoami on who a certificate is, and on a rejected token', async () => {
    const api = await server({ selfSubjectReview: ['v1beta1'] });
    const cert = api.clientCa.issue({ cn: 'oracle', organizations: ['team-a'] });
    const yaml = kubeconfigFor(api, certificateUser(cert));
    const ours = expectAnswered(await probe(snapshotOf(yaml)));
    const theirs = await kubectlWhoami(yaml);
    const review = JSON.parse(theirs.out) as { status: { userInfo: { username: string; groups: string[] } } };
    expect(ours.identity).toEqual({ username: review.status.userInfo.username, groups: review.status.userInfo.groups });

    const rejected = kubeconfigFor(api, tokenUser(CANARY));
    expect(expectAnswered(await probe(snapshotOf(rejected))).status).toBe(401);
    const kubectlRejected = await kubectlWhoami(rejected);
    expect(kubectlRejected.failed).toBe(true);
    expect(kubectlRejected.out).toContain('Unauthorized');
  });
});

const aws = await findCommand('aws', { path: process.env.PATH, platform: PLATFORM });

describe.skipIf(!aws.resolved)('a real EKS token (skipped: aws is not on PATH)', () => {
  it('is rejected by the stand-in, and the finding explains the IAM mapping without showing token or key', async () => {
    const api = await server();
    const dir = tempDir('probe-eks');
    const secretKey = 'kubewardCanary/ProbeSecret+0123456789abcdEF';
    const user = {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod'],
        env: [
          { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' },
          { name: 'AWS_SECRET_ACCESS_KEY', value: secretKey },
        ],
      },
    };
    const file = path.join(dir, 'config');
    writeFileSync(file, kubeconfigFor(api, user), { mode: 0o600 });
    const snapshot = await gatherSnapshot({
      kubeconfig: file,
      host: hostWith(dir, { PATH: process.env.PATH }),
    });
    const execRuns = await runExecPlugins(snapshot, {
      policy: cliExecPolicy,
      cache: new ExecCredentialCache(),
      env: { PATH: process.env.PATH, HOME: dir },
      timeoutMs: 30_000,
    });
    const run = execRuns.get('stand-in');
    expect(run?.state).toBe('ok');
    const token = run?.state === 'ok' ? (run.credential.token ?? '') : '';
    expect(token).toMatch(/^k8s-aws-v1\./);

    const live = { ...snapshot, execRuns };
    const probes = await probeAll(live, { timeoutMs: 5_000, env: {} });
    expect(probes.get('stand-in')).toMatchObject({
      state: 'answered',
      status: 401,
      credential: { presented: ['token'], from: 'exec' },
    });
    expect(api.requests.map((r) => r.credential)).toEqual(['bearer']);

    const report = reportJson(live, probes);
    const finding = (JSON.parse(report) as ReturnType<typeof diagnose>).contexts[0]?.findings.find(
      (f) => f.rule === 'server-unauthorized',
    );
    expect(finding?.detail).toContain('IAM principal');
    expect(finding?.fix.steps.map((step) => step.command)).toContain(
      'aws eks list-access-entries --cluster-name prod --region eu-west-1',
    );
    expect(report).not.toContain(token);
    expect(report).not.toContain(secretKey);
  });
});

describe('the probe pool', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('keeps at most `limit` quick tasks in flight', async () => {
    let active = 0;
    let peak = 0;
    const tasks = Array.from({ length: 20 }, () => async () => {
      active += 1;
      peak = Math.max(peak, active);
      await sleep(20);
      active -= 1;
    });
    await runBounded(tasks, { limit: 4, holdMs: 10_000 });
    expect(peak).toBe(4);
  });

  it('lets stalled tasks give their slot up after holdMs, without cutting them short', async () => {
    const startedAt: number[] = [];
    const finished: number[] = [];
    const origin = Date.now();
    const tasks = Array.from({ length: 8 }, (_, i) => async () => {
      startedAt.push(Date.now() - origin);
      await sleep(600);
      finished.push(i);
    });
    await runBounded(tasks, { limit: 2, holdMs: 50 });
    expect(finished).toHaveLength(8);
    // Four rounds of two, each after the previous round's hold, all before the first task ends (600 ms).
    expect(Math.max(...startedAt)).toBeLessThan(600);
  });

  it('rejects when a task throws', async () => {
    const boom = async () => {
      throw new Error('boom');
    };
    await expect(runBounded([boom, async () => undefined], { limit: 1, holdMs: 10 })).rejects.toThrow('boom');
  });
});
