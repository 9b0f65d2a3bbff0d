/**
 * A client key read the way Go's tls.X509KeyPair reads it: the first PEM block whose
 * type ends in "PRIVATE KEY", parsed as PKCS #1, then PKCS #8, then SEC 1. Only the
 * public half is kept for matching against the certificate; messages quote kubectl's
 * own errors and never the key.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { DerError, DerReader, TAG, bitStringBytes, contextTag, integerBytes, oid, smallInteger } from './der';
import { notPemReason, pemBlocks, showableType, type PemBlock } from './pem';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
} as const;

/** The public half of a key, as far as the DER states it. */
export type PublicPart =
  | { kind: 'rsa'; modulus: Uint8Array }
  /** `point` is absent when a private key leaves out its optional public key. */
  | { kind: 'ec'; curve?: string; point?: Uint8Array }
  | { kind: 'ed25519'; publicKey?: Uint8Array }
  | { kind: 'other'; algorithm: string };

export interface PrivateKey {
  der: Buffer;
  format: 'pkcs1' | 'pkcs8' | 'sec1';
  public: PublicPart;
}

const PARSE_FAILED = 'kubectl: "tls: failed to parse private key"';

/** RSAPrivateKey (RFC 8017): version, n, e, d, p, q, dP, dQ, qInv. */
function pkcs1(reader: DerReader): PublicPart {
  const key = reader.inside(reader.next(TAG.SEQUENCE, 'the RSA key'));
  if (smallInteger(key, key.next(TAG.INTEGER, 'the key version'), 'the key version') > 1) {
    throw new DerError('the RSA key version is unknown');
  }
  const modulus = integerBytes(key, key.next(TAG.INTEGER, 'the modulus'), 'the modulus');
  for (const part of ['the exponent', 'd', 'p', 'q', 'dP', 'dQ', 'qInv']) {
    integerBytes(key, key.next(TAG.INTEGER, part), part);
  }
  return { kind: 'rsa', modulus };
}

/** ECPrivateKey (RFC 5915): version 1, the private scalar, [0] curve, [1] public point. */
function sec1(reader: DerReader, curveFromAlgorithm?: string): PublicPart {
  const key = reader.inside(reader.next(TAG.SEQUENCE, 'the EC key'));
  if (smallInteger(key, key.next(TAG.INTEGER, 'the key version'), 'the key version') !== 1) {
    throw new DerError('the EC key version is unknown');
  }
  key.next(TAG.OCTET_STRING, 'the private scalar');
  const params = key.optional(contextTag(0));
  const curve = params ? oid(key, key.inside(params).next(TAG.OID, 'the curve')) : curveFromAlgorithm;
  const publicKey = key.optional(contextTag(1));
  const point = publicKey ? bitStringBytes(key, key.inside(publicKey).next(TAG.BIT_STRING), 'the point') : undefined;
  return { kind: 'ec', curve, point };
}

/** PrivateKeyInfo / OneAsymmetricKey (RFC 5958): version, algorithm, the key, [0] attributes, [1] public key. */
function pkcs8(reader: DerReader): PublicPart {
  const info = reader.inside(reader.next(TAG.SEQUENCE, 'the PKCS #8 key'));
  smallInteger(info, info.next(TAG.INTEGER, 'the key version'), 'the key version');
  const algorithm = info.inside(info.next(TAG.SEQUENCE, 'the key algorithm'));
  const algorithmOid = oid(algorithm, algorithm.next(TAG.OID, 'the key algorithm'));
  const parameter = algorithm.optional(TAG.OID);
  const inner = info.next(TAG.OCTET_STRING, 'the key');
  info.optional(contextTag(0));
  const publicKey = info.optional(0x81);
  info.end('the PKCS #8 key');
  const innerReader = info.inside(inner);
  let publicPart: PublicPart;
  switch (algorithmOid) {
    case OID.rsaEncryption:
      publicPart = pkcs1(innerReader);
      break;
    case OID.ecPublicKey:
      publicPart = sec1(innerReader, parameter && oid(algorithm, parameter));
      break;
    case OID.ed25519:
      innerReader.next(TAG.OCTET_STRING, 'the Ed25519 key');
      // [1] IMPLICIT BIT STRING: the leading byte counts unused bits.
      publicPart = { kind: 'ed25519', publicKey: publicKey && bitStringBytes(info, publicKey, 'the public key') };
      break;
    default:
      return { kind: 'other', algorithm: algorithmOid };
  }
  innerReader.end('the key');
  return publicPart;
}

type KeyFormat = PrivateKey['format'];

const PARSERS: Record<KeyFormat, (reader: DerReader) => PublicPart> = {
  pkcs1,
  pkcs8,
  sec1: (reader) => sec1(reader),
};

/** The format the PEM type announces, whose error is the one worth reporting. */
function announced(type: string): KeyFormat {
  if (type === 'RSA PRIVATE KEY') return 'pkcs1';
  if (type === 'EC PRIVATE KEY') return 'sec1';
  return 'pkcs8';
}

function parseKeyDer(der: Buffer, type: string): Decoded<PrivateKey> {
  const errors: Partial<Record<KeyFormat, string>> = {};
  // Go tries every format whatever the PEM type says.
  for (const format of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    try {
      const reader = new DerReader(der);
      const publicPart = PARSERS[format](reader);
      reader.end('the key');
      return { ok: true, value: { der, format, public: publicPart } };
    } catch (error) {
      if (!(error instanceof DerError)) throw error;
      errors[format] = error.message;
    }
  }
  return { ok: false, error: `the key does not parse: ${errors[announced(type)]} (${PARSE_FAILED})` };
}

function isKeyBlock(block: PemBlock): boolean {
  return block.type === 'PRIVATE KEY' || block.type.endsWith(' PRIVATE KEY');
}

/** Go's X509KeyPair errors, for text without a usable key block. */
function noKeyError(text: string, skipped: readonly string[]): string {
  if (skipped.length === 0) {
    return `${notPemReason(text)} (kubectl: "tls: failed to find any PEM data in key input")`;
  }
  if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') {
    return 'it holds a certificate, not a private key (kubectl: "tls: found a certificate rather than a key in the PEM for the private key")';
  }
  const types = skipped.map(showableType);
  return (
    `it holds no PRIVATE KEY block, only ${types.join(', ')} (kubectl: "tls: failed to find PEM block with type ` +
    `ending in \\"PRIVATE KEY\\" in key input after skipping PEM blocks of the following types: [${types.join(' ')}]")`
  );
}

export function readPrivateKey(text: string): Decoded<PrivateKey> {
  // Go skips blocks whose body is not base64 as if they were not there.
  const blocks = pemBlocks(text).filter((b) => b.der !== undefined);
  const block = blocks.find(isKeyBlock);
  if (!block?.der)
    return {
      ok: false,
      error: noKeyError(
        text,
        blocks.map((b) => b.type),
      ),
    };
  if (block.type === 'ENCRYPTED PRIVATE KEY' || block.headers['Proc-Type']?.includes('ENCRYPTED')) {
    return { ok: false, error: `the key is encrypted with a passphrase, which kubectl cannot use (${PARSE_FAILED})` };
  }
  return parseKeyDer(block.der, block.type);
}

/** node's view of the key, for what the DER alone cannot settle; undefined when OpenSSL refuses it. */
export function nativePrivateKey(key: PrivateKey): KeyObject | undefined {
  try {
    return createPrivateKey({ key: key.der, format: 'der', type: key.format });
  } catch {
    return undefined;
  }
}

/**
 * SHA-256 of the key's public half as SubjectPublicKeyInfo DER, in lowercase hex: what
 * `openssl pkey -in KEY -pubout -outform DER | openssl dgst -sha256` prints, to compare keys.
 */
export function publicKeySha256(key: PrivateKey): string | undefined {
  const native = nativePrivateKey(key);
  if (!native) return undefined;
  const spki = createPublicKey(native).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}
