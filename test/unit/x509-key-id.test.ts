import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCertificates, signedBy } from '../../shared/credentials/x509';
import { newKeyPair, type KeyPair } from '../fixtures/pki';

let caKey: KeyPair;
let otherKey: KeyPair;
let leafKey: KeyPair;
let caPem: string;

/** The subjectKeyIdentifier forge (and openssl) derive: SHA-1 of the RSAPublicKey, as a byte string. */
function keyIdOf(key: KeyPair): string {
  return forge.pki
    .getPublicKeyFingerprint(forge.pki.publicKeyFromPem(key.publicKeyPem), {
      type: 'RSAPublicKey',
      md: forge.md.sha1.create(),
    })
    .getBytes();
}

/** A real certificate with a chosen key id claim: kubeadm-style certificates carry both ids. */
function certificate(options: {
  cn: string;
  key: KeyPair;
  signer: KeyPair;
  isCa: boolean;
  authorityKeyId?: string;
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(options.key.publicKeyPem);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.UTC(2026, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2027, 0, 1));
  cert.setSubject([{ shortName: 'CN', value: options.cn }]);
  cert.setIssuer([{ shortName: 'CN', value: 'kubernetes' }]);
  const extensions: object[] = [{ name: 'basicConstraints', cA: options.isCa }, { name: 'subjectKeyIdentifier' }];
  if (options.authorityKeyId !== undefined) {
    extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: options.authorityKeyId });
  }
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(options.signer.privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function leaf(signer: KeyPair, authorityKeyId?: string): string {
  return certificate({ cn: 'alice', key: leafKey, signer, isCa: false, authorityKeyId });
}

function hex(bytes: Uint8Array | undefined): string | undefined {
  return bytes && Buffer.from(bytes).toString('hex');
}

beforeAll(() => {
  [caKey, otherKey, leafKey] = [newKeyPair(), newKeyPair(), newKeyPair()];
  caPem = certificate({ cn: 'kubernetes', key: caKey, signer: caKey, isCa: true });
});

describe('key identifiers', () => {
  it('reads the subject and authority key ids', () => {
    const [ca] = readCertificates(caPem).certificates;
    const [withId] = readCertificates(leaf(caKey, keyIdOf(caKey))).certificates;
    const [withoutId] = readCertificates(leaf(caKey)).certificates;
    const expected = Buffer.from(keyIdOf(caKey), 'binary').toString('hex');
    expect(ca?.ok && hex(ca.value.subjectKeyId)).toBe(expected);
    expect(withId?.ok && hex(withId.value.authorityKeyId)).toBe(expected);
    expect(withoutId?.ok && withoutId.value.authorityKeyId).toBeUndefined();
  });

  it("takes a matching key id as the CA's signature, without verifying it", () => {
    expect(signedBy(leaf(caKey, keyIdOf(caKey)), caPem)).toBe(true);
    // The documented trade-off: only a certificate tampered with after signing claims the CA's id with another key.
    expect(signedBy(leaf(otherKey, keyIdOf(caKey)), caPem)).toBe(true);
  });

  it('verifies the signature when the key ids differ, as Go does', () => {
    expect(signedBy(leaf(caKey, keyIdOf(otherKey)), caPem)).toBe(true);
    expect(signedBy(leaf(otherKey, keyIdOf(otherKey)), caPem)).toBe(false);
  });

  it('verifies the signature when the certificate has no authority key id', () => {
    expect(signedBy(leaf(caKey), caPem)).toBe(true);
    expect(signedBy(leaf(otherKey), caPem)).toBe(false);
  });
});
