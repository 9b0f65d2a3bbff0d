/**
 * The stand-in API server is only worth its tests if clients meet there what they
 * meet at kube-apiserver. The real kubectl is the judge: pointed at the stand-in,
 * it must print exactly what it prints against a cluster (identities, the
 * Unauthorized and Forbidden lines, its x509 errors, its timeouts). What kubectl
 * cannot show (anonymous answers, the Date header, the request log) is checked
 * with plain HTTPS requests.
 */
import { request } from 'node:https';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  certificateUser,
  kubeconfigFor,
  startApiServer,
  type ApiServer,
  type KubeconfigOptions,
} from '../fixtures/apiserver';
import { oidcIdToken, serviceAccountToken, verificationKey } from '../fixtures/jwt';
import { KUBECTL, runKubectl, type KubectlResult } from '../fixtures/kubectl';
import { createCa, DAY, newKeyPair } from '../fixtures/pki';
import { tempDir } from '../support/temp';

if (!KUBECTL) console.warn('apiserver-fidelity: kubectl is not on PATH, skipping the kubectl fidelity tests');

const home = tempDir('apiserver');

const STATIC_TOKEN = 'canary-static-7f3a9c1e5b';
const UNAUTHORIZED = 'error: You must be logged in to the server (Unauthorized)';
const TLS_PREFIX = 'Unable to connect to the server: tls: failed to verify certificate: x509: ';

const servers: ApiServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

async function serve(...args: Parameters<typeof startApiServer>): Promise<ApiServer> {
  const server = await startApiServer(...args);
  servers.push(server);
  return server;
}

function kubectl(
  server: ApiServer,
  user: Record<string, unknown>,
  args: string[],
  options: KubeconfigOptions = {},
): Promise<KubectlResult> {
  return runKubectl(kubeconfigFor(server, user, options), args, home);
}

async function whoami(
  server: ApiServer,
  user: Record<string, unknown>,
  options: KubeconfigOptions = {},
): Promise<unknown> {
  const result = await kubectl(server, user, ['auth', 'whoami', '-o', 'json'], options);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describe.skipIf(!KUBECTL)('kubectl against the stand-in', () => {
  let main: ApiServer;
  beforeAll(async () => {
    main = await serve({
      tokens: { [STATIC_TOKEN]: { username: 'bob', uid: 'bob-uid', groups: ['dev'] } },
      jwtKeys: [await verificationKey('RS256'), await verificationKey('ES256')],
    });
  });

  describe('authentication', () => {
    it('prints the client certificate identity: CN as the user, O as groups', async () => {
      const alice = main.clientCa.issue({ cn: 'alice', organizations: ['system:masters', 'ops'] });
      expect(await whoami(main, certificateUser(alice))).toEqual({
        kind: 'SelfSubjectReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: null },
        status: { userInfo: { username: 'alice', groups: ['system:masters', 'ops', 'system:authenticated'] } },
      });
      expect(main.requests).toContainEqual({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        credential: 'client-certificate',
        username: 'alice',
        status: 201,
      });
    });

    it('prints the static token user, and never records the token', async () => {
      const review = (await whoami(main, { token: STATIC_TOKEN })) as { status: unknown };
      expect(review.status).toEqual({
        userInfo: { username: 'bob', uid: 'bob-uid', groups: ['dev', 'system:authenticated'] },
      });
      expect(main.requests.some((r) => r.credential === 'bearer' && r.username === 'bob')).toBe(true);
      expect(JSON.stringify(main.requests)).not.toContain('canary');
    });

    it('prints a ServiceAccount JWT as system:serviceaccount:NS:NAME with its uid and groups', async () => {
      const token = await serviceAccountToken({ namespace: 'ci', name: 'deployer', issuedAt: Date.now() });
      const review = (await whoami(main, { token })) as { status: unknown };
      expect(review.status).toEqual({
        userInfo: {
          username: 'system:serviceaccount:ci:deployer',
          uid: '5b3c1a7e-0d2f-4c55-9d6a-1f2e3d4c5b6a',
          groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
        },
      });
    });

    it('verifies JWTs against every configured key (an ES256 OIDC id_token)', async () => {
      const token = await oidcIdToken({ issuedAt: Date.now(), alg: 'ES256' });
      const review = (await whoami(main, { token })) as { status: { userInfo: { username: string } } };
      expect(review.status.userInfo.username).toBe('248289761001');
    });

    it('accepts a JWT expired within the 60 s leeway and rejects one past it', async () => {
      const hour = 3_600_000;
      const justExpired = await serviceAccountToken({ issuedAt: Date.now() - hour - 30_000, name: 'late' });
      expect(await whoami(main, { token: justExpired })).toMatchObject({
        status: { userInfo: { username: 'system:serviceaccount:prod:late' } },
      });
      const expired = await serviceAccountToken({ issuedAt: Date.now() - hour - 90_000 });
      const result = await kubectl(main, { token: expired }, ['auth', 'whoami']);
      expect(result.stderr.trim()).toBe(UNAUTHORIZED);
      expect(result.code).toBe(1);
    });

    it('rejects an unknown token with the Unauthorized line', async () => {
      const result = await kubectl(main, { token: 'canary-unknown-token' }, ['auth', 'whoami']);
      expect(result.stderr.trim()).toBe(UNAUTHORIZED);
      expect(result.stdout).toBe('');
      expect(JSON.stringify(main.requests)).not.toContain('canary');
    });

    it('rejects a client certificate from another CA of the same name, past its notAfter, or for servers', async () => {
      // Every kubeadm cluster's CA is CN=kubernetes: the same name, another key.
      const stranger = createCa({ cn: 'kubernetes', key: newKeyPair() }).issue({ cn: 'mallory' });
      const expired = main.clientCa.issue({
        cn: 'old',
        notBefore: new Date(Date.now() - 2 * DAY),
        notAfter: new Date(Date.now() - DAY),
      });
      const serverOnly = main.clientCa.issue({ cn: 'web', serverAuth: true });
      for (const cert of [stranger, expired, serverOnly]) {
        const result = await kubectl(main, certificateUser(cert), ['auth', 'whoami']);
        expect(result.stderr.trim()).toBe(UNAUTHORIZED);
      }
      expect(main.requests.some((r) => r.credential === 'client-certificate' && r.status === 401)).toBe(true);
    });
  });

  describe('authorization', () => {
    it('prints RBAC’s Forbidden line for a user without a grant, and lists for one with it', async () => {
      const denied = await kubectl(main, { token: STATIC_TOKEN }, ['get', 'pods']);
      expect(denied.stderr.trim()).toBe(
        'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"',
      );
      const admin = main.clientCa.issue({ cn: 'admin', organizations: ['system:masters'] });
      const allowed = await kubectl(main, certificateUser(admin), ['get', 'pods']);
      expect(allowed.stderr.trim()).toBe('No resources found in default namespace.');
      expect(allowed.code).toBe(0);
    });
  });

  describe('SelfSubjectReview versions', () => {
    it('falls back to v1beta1 on the 404 NotFound of v1', async () => {
      const beta = await serve({ tokens: { t: { username: 'bob' } }, selfSubjectReview: ['v1beta1'] });
      expect(await whoami(beta, { token: 't' })).toMatchObject({ apiVersion: 'authentication.k8s.io/v1beta1' });
      const statuses = beta.requests.filter((r) => r.path.endsWith('/selfsubjectreviews')).map((r) => r.status);
      expect(statuses).toEqual([404, 201]);
    });

    it('says the API is not enabled when no version is served', async () => {
      const none = await serve({ tokens: { t: { username: 'bob' } }, selfSubjectReview: [] });
      const result = await kubectl(none, { token: 't' }, ['auth', 'whoami']);
      expect(result.stderr).toMatch(/^error: the selfsubjectreviews API is not enabled in the cluster\n/);
    });
  });

  describe('TLS', () => {
    it('reports an untrusted server certificate, and trusts it with insecure-skip-tls-verify', async () => {
      const server = await serve({ tokens: { t: { username: 'bob' } }, serverCert: { untrusted: true } });
      const result = await kubectl(server, { token: 't' }, ['auth', 'whoami']);
      expect(result.stderr.trim()).toBe(`${TLS_PREFIX}certificate signed by unknown authority`);
      expect(server.requests).toEqual([]);
      const skipped = await kubectl(server, { token: 't' }, ['auth', 'whoami'], { insecureSkipTlsVerify: true });
      expect(skipped.stdout).toMatch(/^Username\s+bob$/m);
    });

    it('reports an expired server certificate', async () => {
      const server = await serve({ serverCert: { expired: true } });
      const result = await kubectl(server, { token: 't' }, ['auth', 'whoami']);
      expect(result.stderr.trim()).toMatch(
        new RegExp(`^${TLS_PREFIX}certificate has expired or is not yet valid: current time \\S+Z is after \\S+Z$`),
      );
    });

    it('checks the name kubectl is told (tls-server-name) against the certificate SANs', async () => {
      const server = await serve({
        tokens: { t: { username: 'bob' } },
        serverCert: { dnsNames: ['apiserver.internal'], ipAddresses: [] },
      });
      const byIp = await kubectl(server, { token: 't' }, ['auth', 'whoami']);
      expect(byIp.stderr.trim()).toBe(
        `${TLS_PREFIX}cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs`,
      );
      const wrong = await kubectl(server, { token: 't' }, ['auth', 'whoami'], { tlsServerName: 'other.internal' });
      expect(wrong.stderr.trim()).toBe(`${TLS_PREFIX}certificate is valid for apiserver.internal, not other.internal`);
      const named = await kubectl(server, { token: 't' }, ['auth', 'whoami'], { tlsServerName: 'apiserver.internal' });
      expect(named.stdout).toMatch(/^Username\s+bob$/m);
    });
  });

  describe('hostile servers', () => {
    // kubectl from the image may be a dispatcher that first asks /version (to pick a kubectl), so two timeouts.
    const BOUND_MS = 12_000;

    it.concurrent.each(['silent-tcp', 'silent-http', 'slow-drip'] as const)(
      '%s: --request-timeout=2s times out',
      async (mode) => {
        const server = await serve({ mode });
        const result = await kubectl(server, { token: 't' }, ['auth', 'whoami', '--request-timeout=2s']);
        // Go words it after whichever timer fires first: the request context or http.Client.Timeout.
        expect(result.stderr).toMatch(
          /^Unable to connect to the server: .*(context deadline exceeded|Client\.Timeout exceeded while awaiting headers)/m,
        );
        expect(result.elapsedMs).toBeGreaterThanOrEqual(2_000);
        expect(result.elapsedMs).toBeLessThan(BOUND_MS);
        expect(server.connections).toBeGreaterThan(0);
        // Only the modes that finish the handshake see (and record) a request.
        expect(server.requests.length > 0).toBe(mode !== 'silent-tcp');
      },
    );

    it('garbage: kubectl reports a malformed HTTP response', async () => {
      const server = await serve({ mode: 'garbage' });
      const result = await kubectl(server, { token: 't' }, ['auth', 'whoami']);
      expect(result.stderr).toMatch(
        /^Unable to connect to the server: net\/http: HTTP\/1\.x transport connection broken: malformed HTTP response/,
      );
    });

    it('redirect: kubectl follows a 302 to another host as a GET and sends the bearer token there too', async () => {
      const target = await serve({ tokens: { [STATIC_TOKEN]: { username: 'bob' } } });
      const redirect = await serve({
        mode: 'redirect',
        ca: target.clientCa,
        redirectTo: target.url.replace('127.0.0.1', 'localhost'),
      });
      const result = await kubectl(redirect, { token: STATIC_TOKEN }, ['auth', 'whoami']);
      expect(redirect.requests.every((r) => r.status === 302)).toBe(true);
      expect(target.requests).toContainEqual({
        method: 'GET',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        credential: 'bearer',
        username: 'bob',
        status: 405,
      });
      expect(result.stderr.trim()).toBe(
        'Error from server (MethodNotAllowed): the server does not allow this method on the requested resource',
      );
    });
  });
});

interface Answer {
  status: number;
  date?: string;
  body: unknown;
}

/** One HTTPS request to the stand-in, trusting its CA. */
function fetchFrom(server: ApiServer, method: string, urlPath: string, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${urlPath}`,
      { method, ca: server.caPem, headers: token ? { Authorization: `Bearer ${token}` } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, date: res.headers.date, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the stand-in on its own', () => {
  it('answers 401 with kube’s Status body when there is no credential and anonymous is off', async () => {
    const server = await serve();
    expect(await fetchFrom(server, 'GET', '/version')).toMatchObject({
      status: 401,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      },
    });
    expect(server.requests).toEqual([{ method: 'GET', path: '/version', credential: 'none', status: 401 }]);
  });

  it('serves system:anonymous the version only, as RBAC’s public-info-viewer does', async () => {
    const server = await serve({ anonymous: true, tokens: { t: { username: 'bob' } } });
    expect((await fetchFrom(server, 'GET', '/version')).status).toBe(200);
    expect((await fetchFrom(server, 'GET', '/api')).body).toMatchObject({
      code: 403,
      message: 'forbidden: User "system:anonymous" cannot get path "/api"',
    });
    expect((await fetchFrom(server, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews')).body).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'selfsubjectreviews.authentication.k8s.io is forbidden: User "system:anonymous" cannot create resource "selfsubjectreviews" in API group "authentication.k8s.io" at the cluster scope',
    });
    // A credential that fails is a 401 even where anonymous requests are allowed.
    expect((await fetchFrom(server, 'GET', '/version', 'wrong')).status).toBe(401);
    expect((await fetchFrom(server, 'GET', '/api', 't')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  });

  it('skews the Date header by dateSkewMs', async () => {
    const skew = -10 * 60_000;
    const server = await serve({ dateSkewMs: skew, tokens: { t: { username: 'bob' } } });
    const before = Date.now();
    const answer = await fetchFrom(server, 'GET', '/version', 't');
    const offset = Date.parse(answer.date ?? '') - before;
    // The header has whole seconds: the server's clock lands within a second (plus the round trip) of ours + skew.
    expect(offset).toBeGreaterThan(skew - 1_000);
    expect(offset).toBeLessThan(skew + 2_000);
  });

  it('stop() closes connections it never answered', async () => {
    const server = await startApiServer({ mode: 'silent-tcp' });
    const socket = connect(server.port, '127.0.0.1');
    await vi.waitFor(() => expect(server.connections).toBe(1));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await server.stop();
    await closed;
  });
});
