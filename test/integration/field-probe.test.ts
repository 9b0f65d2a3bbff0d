/**
 * What users hit in the field, against real processes: kubectl and the probe meeting a server
 * that redirects, that is not the Kubernetes API, or that demands a client certificate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { probeContext } from '../../electron/core/probe/probe';
import type { ProbeResult, Snapshot } from '../../shared/facts';
import { kubeconfigFor, startApiServer, type ApiServer } from '../fixtures/apiserver';
import { KUBECTL, runKubectl } from '../fixtures/kubectl';
import { createCa, toData } from '../fixtures/pki';
import { snapshotFrom } from '../support/snapshot';
import { tempDir } from '../support/temp';

const CANARY = 'kubeward-canary-Vb7Nc2Rt9Yw4Lp6Qs1Dz';
const CONFIG = '/home/u/.kube/config';
const servers: ApiServer[] = [];

async function server(options: Parameters<typeof startApiServer>[0] = {}): Promise<ApiServer> {
  const s = await startApiServer(options);
  servers.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function snapshotOf(yaml: string): Snapshot {
  return snapshotFrom({ sources: { [CONFIG]: yaml } });
}

function probe(snapshot: Snapshot, timeoutMs = 5_000): Promise<ProbeResult> {
  return probeContext(snapshot, 'stand-in', { timeoutMs, env: {} });
}

describe('a server that redirects', () => {
  /** Two stand-ins sharing a CA, so a client that follows the redirect gets through TLS at the target. */
  async function redirecting() {
    const ca = createCa({ cn: 'kubernetes' });
    const elsewhere = await server({ ca, tokens: { [CANARY]: { username: 'bob' } } });
    const target = elsewhere.url.replace('127.0.0.1', 'localhost');
    const api = await server({ ca, mode: 'redirect', redirectTo: target });
    return { api, elsewhere, target };
  }

  it.skipIf(!KUBECTL)('kubectl follows it as a GET and sends the credential to the target', async () => {
    const { api, elsewhere } = await redirecting();
    const result = await runKubectl(kubeconfigFor(api, { token: CANARY }), ['auth', 'whoami'], tempDir('redirect'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MethodNotAllowed');
    expect(api.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 302']);
    // The POST became a GET at the other host, and the token went along: the target knew who it was.
    expect(elsewhere.requests).toEqual([
      expect.objectContaining({ method: 'GET', credential: 'bearer', username: 'bob', status: 405 }),
    ]);
  });

  it('the probe does not follow it: the credential never reaches the target', async () => {
    const { api, elsewhere, target } = await redirecting();
    const result = await probe(snapshotOf(kubeconfigFor(api, { token: CANARY })));
    expect(result).toMatchObject({ state: 'answered', status: 302, location: new URL(target).origin });
    expect(elsewhere.connections).toBe(0);
  });
});

describe('answers that are not the Kubernetes API', () => {
  it('an SSO sign-in page: html, with its title', async () => {
    const api = await server({ mode: 'html-login' });
    const result = await probe(snapshotOf(kubeconfigFor(api, { token: CANARY })));
    expect(result).toMatchObject({
      state: 'answered',
      status: 200,
      notApi: 'html',
      pageTitle: 'Sign in - Example Corp SSO',
    });
  });

  it('an endless body: cut at the memory cap, well within the deadline', async () => {
    const api = await server({ mode: 'endless-body' });
    const started = Date.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await probe(snapshotOf(kubeconfigFor(api, { token: CANARY })), 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ state: 'answered', status: 200, notApi: 'too-large' });
    // The probe keeps at most its 1 MiB cap of the body, whatever the server sends.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('a server that demands a client certificate: said in words, not an OpenSSL alert', async () => {
    const api = await server({ mode: 'require-client-cert' });
    const result = await probe(snapshotOf(kubeconfigFor(api, { token: CANARY })));
    expect(result).toMatchObject({
      state: 'network-error',
      code: 'CLIENT_CERT_REQUIRED',
      message: 'the server requires a client certificate, and this context sends none',
      timedOut: false,
    });
  });
});

describe('a client certificate the server refuses', () => {
  /**
   * A mutual-TLS endpoint that trusts another CA than the one that issued the context's certificate. Node's
   * server refuses it without a TLS alert: it just closes, in the handshake (TLS 1.2) or after the client's
   * side of it is done (TLS 1.3), where the close races the request.
   */
  async function refusing(maxTlsVersion: 'TLSv1.2' | 'TLSv1.3') {
    const ca = createCa({ cn: 'kubernetes' });
    const api = await server({
      ca,
      clientCa: createCa({ cn: 'kubernetes' }),
      mode: 'require-client-cert',
      maxTlsVersion,
    });
    const cert = ca.issue({ cn: 'alice', organizations: ['dev'] });
    const yaml = kubeconfigFor(api, {
      'client-certificate-data': toData(cert.certPem),
      'client-key-data': toData(cert.keyPem),
    });
    return { api, yaml };
  }

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`is said to be refused, on every try, over ${version}`, async () => {
      const { api, yaml } = await refusing(version);
      for (let i = 0; i < 5; i++) {
        const result = await probe(snapshotOf(yaml));
        expect(result).toMatchObject({ state: 'network-error', code: 'CLIENT_CERT_REJECTED', timedOut: false });
      }
      // Nothing got past TLS: no request, with the certificate or without.
      expect(api.requests).toEqual([]);
    });

    it.skipIf(!KUBECTL)(`leaves kubectl with only a dropped connection over ${version}`, async () => {
      const { yaml } = await refusing(version);
      const result = await runKubectl(yaml, ['auth', 'whoami'], tempDir('refused-cert'));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Unable to connect to the server: (EOF|.*connection reset by peer)/);
    });
  }

  it('a server that merely hangs up is not said to refuse the certificate', async () => {
    const ca = createCa({ cn: 'kubernetes' });
    const api = await server({ ca, mode: 'hang-up' });
    const cert = ca.issue({ cn: 'alice', organizations: ['dev'] });
    const result = await probe(
      snapshotOf(
        kubeconfigFor(api, { 'client-certificate-data': toData(cert.certPem), 'client-key-data': toData(cert.keyPem) }),
      ),
    );
    expect(result).toMatchObject({ state: 'network-error', code: 'ECONNRESET', stage: 'response' });
  });
});

describe.skipIf(!KUBECTL)('kubectl against the same servers', () => {
  it('cannot use a sign-in page, and fails in the handshake without a client certificate', async () => {
    const html = await server({ mode: 'html-login' });
    const page = await runKubectl(kubeconfigFor(html, { token: CANARY }), ['auth', 'whoami'], tempDir('html'));
    expect(page.code).not.toBe(0);
    expect(page.stderr).toContain("serializer for text/html; charset=utf-8 doesn't exist");
    const mtls = await server({ mode: 'require-client-cert' });
    const cert = await runKubectl(kubeconfigFor(mtls, { token: CANARY }), ['auth', 'whoami'], tempDir('mtls'));
    expect(cert.code).not.toBe(0);
    expect(cert.stderr).toContain('remote error: tls: certificate required');
  });
});
