import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicKeySha256, readPrivateKey } from '../../shared/credentials/private-key';
import {
  certificatePublicKeySha256,
  clientChain,
  decodeCertificates,
  keyMatchesCertificate,
  readCertificates,
  signedBy,
  type CertificateInfo,
  type ParsedCertificate,
} from '../../shared/credentials/x509';
import { type Ca, createCa, type IssuedCert, newEcKeyPair, newKeyPair, selfSigned } from '../fixtures/pki';

const NOT_BEFORE = new Date(Date.UTC(2026, 0, 1, 8, 30, 15));
const NOT_AFTER = new Date(Date.UTC(2027, 0, 1, 8, 30, 15));

let ca: Ca;
let alice: IssuedCert;

beforeAll(() => {
  ca = createCa({
    cn: 'kubernetes',
    notBefore: new Date(Date.UTC(2025, 0, 1)),
    notAfter: new Date(Date.UTC(2035, 0, 1)),
  });
  alice = ca.issue({
    cn: 'alice',
    organizations: ['system:masters', 'dev'],
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
  });
});

function decodeOne(pem: string): CertificateInfo {
  const decoded = decodeCertificates(pem);
  if (!decoded.ok) throw new Error(decoded.error);
  const [info, ...rest] = decoded.value;
  expect(rest).toEqual([]);
  return info as CertificateInfo;
}

/** What OpenSSL (node's X509Certificate) reads from the same certificate: the oracle for the DER walk. */
function opensslView(pem: string): CertificateInfo {
  const cert = new X509Certificate(pem);
  const parts = cert.subject.split('\n');
  const values = (label: string) =>
    parts.filter((p) => p.startsWith(`${label}=`)).map((p) => p.slice(label.length + 1));
  return {
    subject: parts.join(', '),
    commonName: values('CN').at(-1),
    organizations: values('O'),
    issuer: cert.issuer.split('\n').join(', '),
    serialNumber: cert.serialNumber,
    notBefore: Date.parse(cert.validFrom),
    notAfter: Date.parse(cert.validTo),
    fingerprint256: cert.fingerprint256,
    isCA: cert.ca,
  };
}

/** A PEM whose DER was changed by `edit` (the signature no longer matches; parsing is what is tested). */
function editedPem(pem: string, edit: (asn1: forge.asn1.Asn1) => void): string {
  const asn1 = forge.asn1.fromDer(forge.pem.decode(pem)[0]?.body ?? '');
  edit(asn1);
  return forge.pem.encode({ type: 'CERTIFICATE', body: forge.asn1.toDer(asn1).getBytes() });
}

function tbsFields(asn1: forge.asn1.Asn1): forge.asn1.Asn1[] {
  return ((asn1.value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1).value as forge.asn1.Asn1[];
}

describe('decodeCertificates', () => {
  it('reads what OpenSSL reads: subject, groups, issuer, serial, validity, fingerprint, CA flag', () => {
    const info = decodeOne(alice.certPem);
    expect(info).toEqual(opensslView(alice.certPem));
    expect(info).toMatchObject({
      subject: 'CN=alice, O=system:masters, O=dev',
      commonName: 'alice',
      organizations: ['system:masters', 'dev'],
      issuer: 'CN=kubernetes',
      notBefore: NOT_BEFORE.getTime(),
      notAfter: NOT_AFTER.getTime(),
      isCA: false,
    });
    expect(decodeOne(ca.certPem)).toEqual(opensslView(ca.certPem));
    expect(decodeOne(ca.certPem).isCA).toBe(true);
  });

  it('reads GeneralizedTime (from 2050 on) and UTF-8 names as OpenSSL does', () => {
    const far = ca.issue({ cn: 'zoë', organizations: ['équipe'], notAfter: new Date(Date.UTC(2051, 5, 1, 0, 0, 1)) });
    const info = decodeOne(far.certPem);
    expect(info.notAfter).toBe(Date.UTC(2051, 5, 1, 0, 0, 1));
    expect(info.notAfter).toBe(opensslView(far.certPem).notAfter);
    expect(info.notBefore).toBe(opensslView(far.certPem).notBefore);
    // forge writes non-ASCII as UTF8String only when asked; whatever it wrote, both readers agree.
    expect(info.subject).toBe(opensslView(far.certPem).subject);
  });

  it('keeps a bundle in order, leaf first', () => {
    const decoded = decodeCertificates(`${alice.certPem}${ca.certPem}`);
    expect(decoded.ok && decoded.value.map((c) => [c.commonName, c.isCA])).toEqual([
      ['alice', false],
      ['kubernetes', true],
    ]);
  });

  it('skips text around the PEM blocks, as Go does', () => {
    expect(decodeOne(`Bag Attributes\nsubject=/CN=alice\n${alice.certPem}\n# trailing note\n`).commonName).toBe(
      'alice',
    );
  });

  it.each([
    ['empty text', () => '', /it is empty/],
    ['text without PEM', () => 'hello\n', /holds no PEM block.*failed to find any PEM data in certificate input/],
    ['a PEM base64-encoded twice', () => `${Buffer.from(alice.certPem).toString('base64')}\n`, /base64-encoded twice/],
    ['a key', () => alice.keyPem, /private key, not a certificate.*PEM inputs may have been switched/],
    ['a public key', () => newEcKeyPair().publicKeyPem, /no CERTIFICATE block, only PUBLIC KEY/],
    [
      'a body that is not base64',
      () => '-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n',
      /the body must be valid base64.*failed to find any PEM data/,
    ],
    [
      'DER that is not a certificate',
      () => '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n',
      /not a valid X.509 certificate/,
    ],
  ])('reports %s without quoting it', (_, make, message) => {
    const input = make();
    const decoded = decodeCertificates(input);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.error).toMatch(message);
    for (const line of input.split('\n').filter((l) => l.length > 8 && !l.startsWith('-----'))) {
      expect(decoded.error).not.toContain(line.slice(0, 16));
    }
  });

  it('recognises binary DER where PEM belongs', () => {
    const der = new X509Certificate(alice.certPem).raw.toString('latin1');
    const decoded = decodeCertificates(der);
    expect(decoded.ok ? '' : decoded.error).toMatch(/binary data \(DER\?\)/);
  });

  it('refuses what Go refuses: trailing data, a truncated body, a negative serial, mismatched algorithms', () => {
    const der = forge.pem.decode(alice.certPem)[0]?.body ?? '';
    const withTrailing = forge.pem.encode({ type: 'CERTIFICATE', body: `${der}\x00\x00` });
    const truncated = forge.pem.encode({ type: 'CERTIFICATE', body: der.slice(0, der.length - 10) });
    const negative = editedPem(alice.certPem, (asn1) => {
      (tbsFields(asn1)[1] as forge.asn1.Asn1).value = '\x80\x01\x02';
    });
    const otherAlgorithm = editedPem(alice.certPem, (asn1) => {
      const algorithm = (tbsFields(asn1)[2] as forge.asn1.Asn1).value as forge.asn1.Asn1[];
      (algorithm[0] as forge.asn1.Asn1).value = forge.asn1.oidToDer('1.2.840.113549.1.1.12').getBytes();
    });
    const errors = [withTrailing, truncated, negative, otherAlgorithm].map((pem) => {
      const decoded = decodeCertificates(pem);
      return decoded.ok ? 'parsed' : decoded.error;
    });
    expect(errors).toEqual([
      expect.stringMatching(/trailing data/),
      expect.stringMatching(/truncated/),
      expect.stringMatching(/serial number is negative/),
      expect.stringMatching(/signature algorithms differ/),
    ]);
  });

  it('fails the whole bundle when a later certificate does not parse', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n';
    const decoded = decodeCertificates(`${alice.certPem}${broken}`);
    expect(decoded.ok ? '' : decoded.error).toBe('certificate 2 of 2 does not parse');
  });
});

describe('keyMatchesCertificate', () => {
  it('matches a certificate with its own key, in PKCS #1 and PKCS #8', () => {
    const pkcs8 = createPrivateKey(alice.keyPem).export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(keyMatchesCertificate(alice.certPem, alice.keyPem)).toEqual({ ok: true, value: true });
    expect(keyMatchesCertificate(alice.certPem, pkcs8)).toEqual({ ok: true, value: true });
  });

  it("rejects another certificate's key, and a key of another type", () => {
    const bob = selfSigned({ cn: 'bob' });
    const ec = newEcKeyPair();
    expect(bob.keyPem).not.toBe(alice.keyPem);
    expect(keyMatchesCertificate(alice.certPem, bob.keyPem)).toEqual({ ok: true, value: false });
    expect(keyMatchesCertificate(alice.certPem, ec.privateKeyPem)).toEqual({ ok: true, value: false });
  });

  it('matches EC keys (k3s), in SEC 1 and PKCS #8', () => {
    const key = newEcKeyPair();
    const k3s = ca.issue({ cn: 'system:admin', organizations: ['system:masters'], key });
    const pkcs8 = createPrivateKey(key.privateKeyPem).export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(new X509Certificate(k3s.certPem).checkPrivateKey(createPrivateKey(key.privateKeyPem))).toBe(true);
    expect(keyMatchesCertificate(k3s.certPem, key.privateKeyPem)).toEqual({ ok: true, value: true });
    expect(keyMatchesCertificate(k3s.certPem, pkcs8)).toEqual({ ok: true, value: true });
    expect(keyMatchesCertificate(k3s.certPem, newEcKeyPair().privateKeyPem)).toEqual({ ok: true, value: false });
  });

  it('derives the public point when an EC key leaves it out, as Go does', () => {
    const key = newEcKeyPair();
    const k3s = ca.issue({ cn: 'k3s', key });
    const d = Buffer.from(createPrivateKey(key.privateKeyPem).export({ format: 'jwk' }).d ?? '', 'base64url');
    const { asn1 } = forge;
    const sec1 = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, '\x01'),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, d.toString('binary')),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.2.840.10045.3.1.7').getBytes()),
      ]),
    ]);
    const bare = forge.pem.encode({ type: 'EC PRIVATE KEY', body: asn1.toDer(sec1).getBytes() });
    const parsed = readPrivateKey(bare);
    const derived = parsed.ok && parsed.value.public.kind === 'ec' ? Buffer.from(parsed.value.public.point) : undefined;
    expect(derived?.toString('base64url')).toBe(
      Buffer.from(createPublicKey(key.publicKeyPem).export({ format: 'der', type: 'spki' }))
        .subarray(-65)
        .toString('base64url'),
    );
    expect(keyMatchesCertificate(k3s.certPem, bare)).toEqual({ ok: true, value: true });
    expect(keyMatchesCertificate(ca.issue({ cn: 'other', key: newEcKeyPair() }).certPem, bare)).toEqual({
      ok: true,
      value: false,
    });
  });

  it.each([
    ['no PEM at all', () => 'not a key', /failed to find any PEM data in key input/],
    ['a certificate', () => alice.certPem, /found a certificate rather than a key/],
    ['a public key', () => newEcKeyPair().publicKeyPem, /skipping PEM blocks of the following types: \[PUBLIC KEY\]/],
    [
      'an encrypted PKCS #8 key',
      () =>
        createPrivateKey(alice.keyPem).export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-128-cbc',
          passphrase: 'x',
        }) as string,
      /encrypted with a passphrase.*tls: failed to parse private key/,
    ],
    [
      'a legacy encrypted PKCS #1 key',
      () =>
        createPrivateKey(alice.keyPem).export({
          type: 'pkcs1',
          format: 'pem',
          cipher: 'aes-128-cbc',
          passphrase: 'x',
        }) as string,
      /encrypted with a passphrase/,
    ],
    [
      'a truncated key',
      () => {
        const body = forge.pem.decode(alice.keyPem)[0]?.body ?? '';
        return forge.pem.encode({ type: 'RSA PRIVATE KEY', body: body.slice(0, 300) });
      },
      /the key does not parse: .*tls: failed to parse private key/,
    ],
  ])('is an error for %s, never quoting the key', (_, make, message) => {
    const keyPem = make();
    const result = keyMatchesCertificate(alice.certPem, keyPem);
    expect(result.ok ? 'matched' : result.error).toMatch(message);
    const body = keyPem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    for (const line of body) expect(JSON.stringify(result)).not.toContain(line);
  });

  it('gives the public key hashes openssl prints, the same for a certificate and its key', () => {
    const parsed = readPrivateKey(alice.keyPem);
    const chain = clientChain(readCertificates(alice.certPem));
    if (!parsed.ok || !chain.ok) throw new Error('fixture does not parse');
    const spki = new X509Certificate(alice.certPem).publicKey.export({ type: 'spki', format: 'der' });
    const expected = createHash('sha256').update(spki).digest('hex');
    expect(publicKeySha256(parsed.value)).toBe(expected);
    expect(certificatePublicKeySha256(chain.value[0] as ParsedCertificate)).toBe(expected);
    const other = readPrivateKey(selfSigned({ cn: 'bob' }).keyPem);
    expect(other.ok && publicKeySha256(other.value)).not.toBe(expected);
  });
});

describe('signedBy', () => {
  it('accepts a certificate the CA signed and refuses one from another CA of the same name', () => {
    // kubeadm names every cluster CA "kubernetes": the name alone proves nothing. (Its own key, not the pool's.)
    const otherCa = createCa({ cn: 'kubernetes', key: newKeyPair() });
    const stranger = otherCa.issue({ cn: 'alice' });
    expect(signedBy(alice.certPem, ca.certPem)).toBe(true);
    expect(signedBy(stranger.certPem, ca.certPem)).toBe(false);
    expect(signedBy(stranger.certPem, `${ca.certPem}${otherCa.certPem}`)).toBe(true);
    expect(signedBy(selfSigned({ cn: 'alice' }).certPem, ca.certPem)).toBe(false);
  });

  it('follows the intermediates the client bundle carries', () => {
    const intermediate = createCa({ cn: 'client-ca', issuer: ca });
    const leaf = intermediate.issue({ cn: 'carol' });
    expect(signedBy(`${leaf.certPem}${intermediate.certPem}`, ca.certPem)).toBe(true);
    expect(signedBy(leaf.certPem, ca.certPem)).toBe(false);
    expect(signedBy(leaf.certPem, intermediate.certPem)).toBe(true);
  });

  it('verifies ECDSA signatures', () => {
    const ecCa = createCa({ cn: 'k3s-client-ca', key: newEcKeyPair() });
    const leaf = ecCa.issue({ cn: 'system:admin', key: newEcKeyPair() });
    expect(new X509Certificate(leaf.certPem).verify(new X509Certificate(ecCa.certPem).publicKey)).toBe(true);
    expect(signedBy(leaf.certPem, ecCa.certPem)).toBe(true);
    expect(signedBy(leaf.certPem, ca.certPem)).toBe(false);
  });

  it('is false for input that does not parse', () => {
    expect(signedBy('nope', ca.certPem)).toBe(false);
    expect(signedBy(alice.certPem, 'nope')).toBe(false);
  });
});
