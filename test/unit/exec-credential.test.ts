import { describe, expect, it } from 'vitest';
import { parseExecCredential } from '../../shared/exec/credential';
import { execClusterInfo, execInfoJson } from '../../shared/exec/exec-info';
import { newKeyPair, selfSigned, toData } from '../fixtures/pki';
import { snapshotFrom } from '../support/snapshot';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const SECRET = 'canary-token-7Hk2Lm9Qx4Rt';

function output(fields: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', spec: {}, ...fields });
}

function reasonOf(stdout: string, apiVersion = V1): string {
  const parsed = parseExecCredential(stdout, apiVersion);
  if (parsed.ok) throw new Error('expected the output to be rejected');
  expect(parsed.reason).not.toContain(SECRET);
  return parsed.reason;
}

describe('parseExecCredential', () => {
  it('reads a token and an RFC 3339 expiry of the declared apiVersion', () => {
    const stdout = output({ status: { token: SECRET, expirationTimestamp: '2026-11-28T13:45:49Z' } });
    expect(parseExecCredential(stdout, V1)).toEqual({
      ok: true,
      credential: { apiVersion: V1, token: SECRET, expirationTimestamp: Date.parse('2026-11-28T13:45:49Z') },
    });
  });

  it('accepts fractional seconds and offsets, as Go does', () => {
    const stdout = output({ status: { token: SECRET, expirationTimestamp: '2026-11-28T14:45:49.250+01:00' } });
    const parsed = parseExecCredential(stdout, V1);
    expect(parsed.ok && parsed.credential.expirationTimestamp).toBe(Date.parse('2026-11-28T13:45:49.250Z'));
  });

  it('reads a credential without expiry (cached for the process lifetime)', () => {
    const parsed = parseExecCredential(output({ status: { token: SECRET } }), V1);
    expect(parsed).toEqual({ ok: true, credential: { apiVersion: V1, token: SECRET } });
  });

  it('reads YAML, which client-go also decodes', () => {
    const yaml = `apiVersion: ${V1BETA1}\nkind: ExecCredential\nstatus:\n  token: ${SECRET}\n`;
    expect(parseExecCredential(yaml, V1BETA1)).toEqual({
      ok: true,
      credential: { apiVersion: V1BETA1, token: SECRET },
    });
  });

  it('reads a matching client certificate and key', () => {
    const { certPem, keyPem } = selfSigned({ cn: 'jane', organizations: ['devs'] });
    const parsed = parseExecCredential(
      output({ status: { clientCertificateData: certPem, clientKeyData: keyPem } }),
      V1,
    );
    expect(parsed).toEqual({
      ok: true,
      credential: { apiVersion: V1, clientCertificateData: certPem, clientKeyData: keyPem },
    });
  });

  it('rejects a key that does not belong to the certificate', () => {
    const { certPem } = selfSigned({ cn: 'jane' });
    const other = newKeyPair().privateKeyPem;
    expect(reasonOf(output({ status: { clientCertificateData: certPem, clientKeyData: other } }))).toMatch(
      /does not belong to the client certificate/,
    );
  });

  it('rejects certificate data that is not PEM (kubeconfig-style base64 is a common mistake)', () => {
    const { certPem, keyPem } = selfSigned({ cn: 'jane' });
    expect(reasonOf(output({ status: { clientCertificateData: toData(certPem), clientKeyData: keyPem } }))).toBe(
      'status.clientCertificateData is not a PEM certificate',
    );
  });

  it.each([
    ['nothing', '', 'the plugin printed nothing on stdout'],
    ['junk', `Welcome ${SECRET}`, /^stdout is not a JSON \(or YAML\) object \(\d+ bytes\)$/],
    ['a JSON array', `["${SECRET}"]`, /not a JSON \(or YAML\) object/],
    [
      'another kind',
      JSON.stringify({ apiVersion: V1, kind: 'Secret', data: { token: SECRET } }),
      'stdout is not an ExecCredential (it has kind Secret)',
    ],
    [
      'no kind',
      JSON.stringify({ apiVersion: V1, status: { token: SECRET } }),
      'stdout is not an ExecCredential (it has no kind)',
    ],
    ['no status', output({}), /has no status/],
    ['an empty status', output({ status: {} }), /no token and no client certificate\/key pair/],
    [
      'a certificate without key',
      output({ status: { clientCertificateData: 'x' } }),
      /only a client certificate or only a key/,
    ],
    ['a numeric token', output({ status: { token: 42 } }), 'status.token is not a string'],
    [
      'a non-RFC 3339 expiry',
      output({ status: { token: SECRET, expirationTimestamp: '2026-11-28 13:45' } }),
      /not an RFC 3339 time/,
    ],
    ['an epoch expiry', output({ status: { token: SECRET, expirationTimestamp: 1795876999 } }), /not an RFC 3339 time/],
  ])('rejects %s', (_, stdout, reason) => {
    expect(reasonOf(stdout)).toMatch(reason);
  });

  it("rejects another apiVersion than the kubeconfig declares, in kubectl's words", () => {
    const stdout = JSON.stringify({ apiVersion: V1BETA1, kind: 'ExecCredential', status: { token: SECRET } });
    expect(reasonOf(stdout, V1)).toContain(
      `exec plugin is configured to use API version ${V1}, plugin returned version ${V1BETA1}`,
    );
  });

  it('never repeats an apiVersion that could be a token', () => {
    const stdout = JSON.stringify({ apiVersion: `${SECRET}!=`, kind: 'ExecCredential', status: { token: SECRET } });
    expect(reasonOf(stdout, V1)).toContain('plugin returned version an unrecognised value');
  });
});

describe('KUBERNETES_EXEC_INFO', () => {
  const CA = selfSigned({ cn: 'ca' }).certPem;

  function clusterOf(cluster: Record<string, unknown>, files: Record<string, string> = {}) {
    const snapshot = snapshotFrom({
      sources: {
        '/home/u/.kube/config': JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'c', cluster }],
          users: [],
          contexts: [],
        }),
      },
      files,
    });
    const named = snapshot.config.clusters.get('c');
    if (!named) throw new Error('no cluster');
    return execClusterInfo(named.value, snapshot);
  }

  it('is interactive: false without cluster info, with the newline Go ends it with', () => {
    expect(execInfoJson(V1)).toBe(`{"kind":"ExecCredential","apiVersion":"${V1}","spec":{"interactive":false}}\n`);
  });

  it('carries the cluster with client-go field names and order, CA bytes from the data', () => {
    const info = clusterOf({
      server: 'https://api.example.test:6443',
      'certificate-authority-data': toData(CA),
      'insecure-skip-tls-verify': false,
      'proxy-url': 'socks5://127.0.0.1:1080',
      'tls-server-name': 'kubernetes',
    });
    expect(info.ok).toBe(true);
    if (!info.ok) return;
    expect(execInfoJson(V1, info.cluster)).toBe(
      `{"kind":"ExecCredential","apiVersion":"${V1}","spec":{"cluster":{"server":"https://api.example.test:6443",` +
        `"tls-server-name":"kubernetes","certificate-authority-data":"${toData(CA)}","proxy-url":"socks5://127.0.0.1:1080",` +
        `"config":null},"interactive":false}}\n`,
    );
  });

  it('reads the CA from the certificate-authority file, and says so when it cannot', () => {
    const fromFile = clusterOf({ server: 'https://a', 'certificate-authority': '/etc/ca.pem' }, { '/etc/ca.pem': CA });
    expect(fromFile.ok && fromFile.cluster['certificate-authority-data']).toBe(toData(CA));
    expect(clusterOf({ server: 'https://a', 'certificate-authority': '/etc/gone.pem' })).toEqual({
      ok: false,
      reason: expect.stringContaining('failed to load CA bundle for execProvider'),
    });
  });

  it('says insecure-skip-tls-verify only when set', () => {
    const info = clusterOf({ server: 'https://a', 'insecure-skip-tls-verify': true });
    expect(info.ok && info.cluster).toEqual({ server: 'https://a', 'insecure-skip-tls-verify': true, config: null });
  });
});
