import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import clientCertInvalid from '../../shared/rules/client-cert-invalid';
import clientCertKeyMismatch from '../../shared/rules/client-cert-key-mismatch';
import { newEcKeyPair } from '../fixtures/pki';
import { testRule } from '../support/rule-tester';
import { data, makeClientCerts, run, subject } from '../support/subjects/client-cert';

const c = makeClientCerts();

const pkcs8 = (pem: string) => createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
// forge already writes certificates with CRLF; node writes keys with LF.
const crlf = (pem: string) => pem.replace(/\r?\n/g, '\r\n');

testRule(clientCertKeyMismatch, {
  valid: [
    { name: 'the matching key', subject: () => subject({ user: data(c.valid) }) },
    {
      name: "a key that does not parse (client-cert-invalid's)",
      subject: () => subject({ user: data(c.valid, 'garbage') }),
    },
    { name: 'the matching EC key', subject: () => subject({ user: data(c.ecCert, c.ecKey) }) },
  ],
  invalid: [
    {
      name: 'names a key of another type, as Go does',
      subject: () => subject({ user: data(c.ecCert, c.strangerKey) }),
      findings: [
        {
          detail: ['tls: private key type does not match public key type'],
          evidenceMatching: { certificateKeyType: 'EC', keyType: 'RSA' },
        },
      ],
    },
    {
      name: 'compares EC keys: another P-256 key does not match',
      subject: () => subject({ user: data(c.ecCert, newEcKeyPair()) }),
      findings: [{ evidenceMatching: { certificateKeyType: 'EC', keyType: 'EC' } }],
    },
  ],
});

describe('client-cert-key-mismatch', () => {
  it('fires for the key of another certificate, with both public key hashes', () => {
    const [finding, ...rest] = run(clientCertKeyMismatch, { user: data(c.valid, c.strangerKey) });
    expect(rest).toEqual([]);
    expect(finding?.detail).toContain('"error: tls: private key does not match public key"');
    expect(finding?.evidence).toMatchObject({ certificateKeyType: 'RSA', keyType: 'RSA', keyField: 'client-key-data' });
    expect(finding?.evidence.certificatePublicKeySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(finding?.evidence.keyPublicKeySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(finding?.evidence.keyPublicKeySha256).not.toBe(finding?.evidence.certificatePublicKeySha256);
    expect(finding?.paths?.map((p) => p.id)).toEqual(['find-key', 'kubeadm', 'admin']);
    expect(finding?.paths?.[0]?.steps[0]?.title).toContain(String(finding?.evidence.certificatePublicKeySha256));
  });

  it('reads keys as PKCS #8 and with CRLF line ends, as Go does', () => {
    for (const [cert, key] of [
      [c.valid, pkcs8(c.valid.keyPem)],
      [c.ecCert, pkcs8(c.ecKey.privateKeyPem)],
      [c.valid, crlf(c.valid.keyPem)],
    ] as const) {
      expect(run(clientCertKeyMismatch, { user: data(cert, key) })).toEqual([]);
      expect(run(clientCertInvalid, { user: data(crlf(cert.certPem), key) })).toEqual([]);
    }
    expect(run(clientCertKeyMismatch, { user: data(c.valid, pkcs8(c.strangerKey.privateKeyPem)) })).toHaveLength(1);
  });

  it('reports a passphrase-protected key as unusable', () => {
    const encrypted = createPrivateKey(c.valid.keyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' })
      .toString();
    const [finding] = run(clientCertInvalid, { user: data(c.valid, encrypted) });
    expect(finding?.evidence.reason).toContain('encrypted with a passphrase');
    expect(run(clientCertKeyMismatch, { user: data(c.valid, encrypted) })).toEqual([]);
  });
});
