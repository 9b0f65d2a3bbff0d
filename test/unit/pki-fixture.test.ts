import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCa, DAY, selfSigned } from '../fixtures/pki';

describe('PKI fixture', () => {
  it('issues client certificates that really verify against their CA and match their key', () => {
    const notAfter = new Date(Date.UTC(2027, 0, 2));
    const ca = createCa({ cn: 'test-ca' });
    const leaf = ca.issue({ cn: 'alice', organizations: ['system:masters', 'dev'], notAfter });
    const cert = new X509Certificate(leaf.certPem);
    expect(cert.subject).toBe('CN=alice\nO=system:masters\nO=dev');
    expect(cert.issuer).toBe('CN=test-ca');
    expect(new Date(cert.validTo).getTime()).toBe(notAfter.getTime());
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(leaf.keyPem))).toBe(true);
    expect(new X509Certificate(ca.certPem).ca).toBe(true);
  });

  it('makes server certificates with SANs, and self-signed ones that no other CA verifies', () => {
    const ca = createCa();
    const server = ca.issue({ cn: 'apiserver', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], serverAuth: true });
    expect(new X509Certificate(server.certPem).subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    const stray = selfSigned({ cn: 'stray', notBefore: new Date(Date.now() + DAY) });
    expect(new X509Certificate(stray.certPem).verify(new X509Certificate(ca.certPem).publicKey)).toBe(false);
  });
});
