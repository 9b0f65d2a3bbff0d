/**
 * A new private key and the PKCS#10 request for it: node's crypto makes the key, node-forge
 * builds and signs the request. forge signs requests with RSA keys only (its
 * CertificationRequest.sign computes `<md>WithRSAEncryption`), so a certificate with an
 * EC or Ed25519 key renews with an RSA key, and only when the user asked for that.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import type { PublicPart } from '../../../shared/credentials/private-key';
import { keyKind } from '../../../shared/credentials/x509';

const generateRsa = promisify(generateKeyPair);
const DEFAULT_RSA_BITS = 2048;

export interface SigningRequest {
  /** PKCS#1 PEM, as kubeadm writes client keys. */
  keyPem: string;
  /** SubjectPublicKeyInfo PEM, to check the issued certificate carries this key. */
  publicKeyPem: string;
  requestPem: string;
}

/** The RSA modulus length of the old key, so the new one is as strong; 2048 for another key type. */
function rsaBits(old: PublicPart): number {
  if (old.kind !== 'rsa') return DEFAULT_RSA_BITS;
  let bytes = old.modulus.length;
  for (const byte of old.modulus) {
    if (byte !== 0) break;
    bytes -= 1;
  }
  return bytes * 8;
}

/** Why a key of this type cannot be renewed as it is, or undefined when it can (RSA, or RSA was asked for). */
export function unsignableKey(old: PublicPart, keyType: 'rsa' | undefined): string | undefined {
  if (old.kind === 'rsa' || keyType === 'rsa') return undefined;
  return (
    `the certificate's key is ${keyKind(old)}, and node-forge signs certificate requests with RSA keys only: ` +
    "renew with a new RSA key instead (the guide's renewal step does)"
  );
}

export async function signingRequest(
  old: PublicPart,
  subject: { commonName: string; organizations: readonly string[] },
): Promise<SigningRequest> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: rsaBits(old),
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // UTF8String, as Go's x509 writes names: PrintableString cannot hold the ':' of system:* names. forge
  // takes the ASN.1 type here (x509.js _dnToAsn1), which @types/node-forge calls a Class.
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  csr.setSubject([
    { name: 'commonName', value: subject.commonName, valueTagClass: utf8 },
    ...subject.organizations.map((value) => ({ name: 'organizationName', value, valueTagClass: utf8 })),
  ]);
  csr.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { keyPem: privateKey, publicKeyPem: publicKey, requestPem: forge.pki.certificationRequestToPem(csr) };
}
