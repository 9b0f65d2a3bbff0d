import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../shared/facts';
import serverTlsUntrusted from '../../shared/rules/server-tls-untrusted';
import { testRule } from '../support/rule-tester';
import { commandsOf, NOW } from '../support/rules';
import { QUIET_PROBES, run, SERVER_CERT, subjectWith } from '../support/subjects/probe';

testRule(serverTlsUntrusted, {
  meta: { needs: 'probe' },
  valid: [
    ...QUIET_PROBES,
    {
      name: 'an expired certificate (server-cert-expired)',
      subject: () =>
        subjectWith({}, { state: 'tls-error', code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }),
    },
  ],
});

describe('server-tls-untrusted', () => {
  const untrusted: ProbeResult = {
    state: 'tls-error',
    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    message: 'unable to verify the first certificate',
    serverCertificate: SERVER_CERT,
  };

  it('reports a server the cluster CA did not sign, with the certificate as evidence and the re-fetch steps', () => {
    const findings = run(serverTlsUntrusted, { cluster: 'certificate-authority-data: Zm9v' }, untrusted);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain(
      'does not verify against the certificate-authority-data of cluster prod-cluster',
    );
    expect(findings[0]?.detail).toContain('"x509: certificate signed by unknown authority"');
    expect(findings[0]?.detail).toContain('issued by CN=some-other-ca');
    expect(findings[0]?.evidence).toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      serverSubject: 'CN=kube-apiserver',
      serverIssuer: 'CN=some-other-ca',
      serverFingerprintSha256: SERVER_CERT.fingerprint256,
      serverNotAfter: '2027-03-28T12:00:00Z',
    });
    expect(commandsOf(findings)[0]).toBe(
      'openssl s_client -connect api.prod.example.com:6443 -servername api.prod.example.com </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName',
    );
  });

  it("names the system's roots when the kubeconfig gives no CA", () => {
    expect(run(serverTlsUntrusted, {}, untrusted)[0]?.detail).toContain("the system's trusted roots");
  });

  it('offers tls-server-name when the certificate is for another name', () => {
    const probe: ProbeResult = {
      state: 'tls-error',
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      message: "Hostname/IP does not match certificate's altnames",
      serverCertificate: SERVER_CERT,
    };
    const findings = run(serverTlsUntrusted, { server: 'https://127.0.0.1:16443' }, probe);
    expect(findings[0]?.title).toBe('API server certificate is for another name');
    expect(findings[0]?.detail).toContain('is not valid for 127.0.0.1: it names DNS:kubernetes');
    expect(commandsOf(findings)[0]).toBe(
      'kubectl config --kubeconfig /home/u/.kube/config set-cluster prod-cluster --tls-server-name=kubernetes',
    );
    // A tunnel kept on purpose, or the wrong address: two ways, asked first, each ending with its check.
    expect(findings[0]?.paths?.map((p) => [p.id, p.steps.at(-1)?.command])).toEqual([
      ['tls-server-name', 'kubectl auth whoami --context prod'],
      ['refetch', 'kubectl auth whoami --context prod'],
    ]);
  });

  it('points at the clock for a certificate that is not valid yet', () => {
    const probe: ProbeResult = {
      state: 'tls-error',
      code: 'CERT_NOT_YET_VALID',
      message: 'certificate is not yet valid',
      serverCertificate: { ...SERVER_CERT, notBefore: NOW + 3_600_000 },
    };
    const findings = run(serverTlsUntrusted, {}, probe, 'darwin');
    expect(findings[0]?.detail).toContain('2026-06-01 13:00 UTC (in 1 hour)');
    expect(commandsOf(findings)).toContain('sudo sntp -sS time.apple.com');
  });
});
