/**
 * A client key read the way Go's tls.X509KeyPair reads it: the first PEM block whose
 * type ends in "PRIVATE KEY", parsed as PKCS #1, then PKCS #8, then SEC 1. Like Go, the
 * public half is derived from the private material, never taken from the optional
 * public parts SEC 1 and PKCS #8 v2 keys may carry: an EC point from the scalar and an
 * Ed25519 key from the seed with node:crypto, an RSA modulus checked against its primes
 * and exponents as Go checks it (BigInt arithmetic: OpenSSL loads inconsistent RSA keys
 * without a word, and its loader costs milliseconds a key). Messages quote kubectl's own
 * errors and never the key.
 */
import { createECDH, createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import {
  DerCursor,
  algorithmIdentifier,
  DerError,
  TAG,
  contextTag,
  integerBytes,
  oid,
  smallInteger,
  type DerNode,
} from './der';
import { notPemReason, pemBlocks, showableType, type PemBlock } from './pem';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  x25519: '1.3.101.110',
} as const;

/** The elliptic curves Go's crypto/x509 supports, by OID, with node's names for them. */
export const GO_CURVES: Readonly<Record<string, string>> = {
  '1.3.132.0.33': 'secp224r1',
  '1.2.840.10045.3.1.7': 'prime256v1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
};

/** Byte length of each curve's order, for scalars. */
const SCALAR_BYTES: Readonly<Record<string, number>> = { secp224r1: 28, prime256v1: 32, secp384r1: 48, secp521r1: 66 };

/** The public half of a key: what Go compares a certificate's key with. */
export type PublicPart =
  | { kind: 'rsa'; modulus: Uint8Array }
  /** `point` uncompressed (0x04 X Y), as Go works with it. */
  | { kind: 'ec'; curve: string; point: Uint8Array }
  | { kind: 'ed25519'; publicKey: Uint8Array }
  /** A key Go parses but cannot use for a client certificate (X25519), or a certificate key of an unknown algorithm. */
  | { kind: 'other'; algorithm: string };

export interface PrivateKey {
  der: Buffer;
  format: 'pkcs1' | 'pkcs8' | 'sec1';
  public: PublicPart;
}

const PARSE_FAILED = 'kubectl: "tls: failed to parse private key"';

function big(bytes: Uint8Array): bigint {
  return bytes.length === 0
    ? 0n
    : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`);
}

/** The next INTEGER as a BigInt; Go's PKCS #1 parser refuses negative values. */
function positive(cursor: DerCursor, what: string): bigint {
  cursor.next(TAG.INTEGER, what);
  const bytes = integerBytes(cursor, cursor, what);
  if ((bytes[0] as number) >= 0x80) throw new DerError(`${what} is negative`);
  return big(bytes);
}

/**
 * The checks Go makes of an RSA key's numbers. kubectl 1.32 and older (Go 1.23's
 * rsa.Validate): n = p·q and e·d ≡ 1 mod p-1 and q-1. kubectl 1.33 and newer (Go 1.24)
 * use the CRT values instead: e·dP ≡ 1 mod p-1, e·dQ ≡ 1 mod q-1, q·qInv ≡ 1 mod p.
 * A key that breaks either set fails on some kubectl, so both are kept.
 */
function rsaInconsistency(
  n: bigint,
  e: bigint,
  numbers: Record<'d' | 'p' | 'q' | 'dP' | 'dQ' | 'qInv', bigint>,
): string | undefined {
  const { d, p, q, dP, dQ, qInv } = numbers;
  if (e < 2n || e > 0x7fffffffn) return 'its public exponent is out of the range Go accepts';
  if (n <= 0n || d <= 0n || p <= 1n || q <= 1n) return 'it holds a zero or negative value';
  if (p * q !== n) return 'its primes do not multiply to its modulus';
  if ((e * d) % (p - 1n) !== 1n || (e * d) % (q - 1n) !== 1n) {
    return 'its private exponent does not fit its primes (kubectl 1.32 and older refuse it)';
  }
  if ((e * dP) % (p - 1n) !== 1n || (e * dQ) % (q - 1n) !== 1n || (q * qInv) % p !== 1n) {
    return 'its CRT values do not fit its primes (kubectl 1.33 and newer refuse it)';
  }
  return undefined;
}

/** RSAPrivateKey (RFC 8017): version, n, e, d, p, q, dP, dQ, qInv[, other primes]. */
function pkcs1(cursor: DerCursor): PublicPart {
  cursor.next(TAG.SEQUENCE, 'the RSA key');
  cursor.enter();
  cursor.next(TAG.INTEGER, 'the key version');
  if (smallInteger(cursor, cursor, 'the key version') > 1) throw new DerError('the RSA key version is unknown');
  cursor.next(TAG.INTEGER, 'the modulus');
  const modulus = integerBytes(cursor, cursor, 'the modulus');
  const n = big(modulus);
  const e = positive(cursor, 'the exponent');
  const numbers = {
    d: positive(cursor, 'd'),
    p: positive(cursor, 'p'),
    q: positive(cursor, 'q'),
    dP: positive(cursor, 'dP'),
    dQ: positive(cursor, 'dQ'),
    qInv: positive(cursor, 'qInv'),
  };
  // Multi-prime keys (other primes after qInv) are left to the API server: no tool writes them.
  const inconsistency = cursor.done ? rsaInconsistency(n, e, numbers) : undefined;
  cursor.leave();
  if (inconsistency) throw new DerError(`the RSA key is inconsistent: ${inconsistency}`);
  return { kind: 'rsa', modulus };
}

/** The public point of `scalar` on a curve Go supports, uncompressed, derived as Go derives it. */
function ecPoint(curve: string | undefined, scalar: Uint8Array): Uint8Array {
  const name = curve === undefined ? undefined : GO_CURVES[curve];
  if (!name)
    throw new DerError(
      curve === undefined ? 'the EC key names no curve' : 'the EC key is on a curve Go does not support',
    );
  const size = SCALAR_BYTES[name] as number;
  // Go strips leading zero padding and left-pads short scalars.
  let start = 0;
  while (scalar.length - start > size) {
    if (scalar[start] !== 0) throw new DerError('the EC private key is too long');
    start += 1;
  }
  const padded = Buffer.alloc(size);
  padded.set(scalar.subarray(start), size - (scalar.length - start));
  try {
    const ecdh = createECDH(name);
    ecdh.setPrivateKey(padded);
    return ecdh.getPublicKey();
  } catch {
    throw new DerError('the EC private key is out of range for its curve');
  }
}

/** ECPrivateKey (RFC 5915): version 1, the private scalar, [0] curve, [1] public point (ignored, as Go ignores it). */
function sec1(cursor: DerCursor, curveFromAlgorithm?: string): PublicPart {
  cursor.next(TAG.SEQUENCE, 'the EC key');
  cursor.enter();
  cursor.next(TAG.INTEGER, 'the key version');
  if (smallInteger(cursor, cursor, 'the key version') !== 1) throw new DerError('the EC key version is unknown');
  cursor.next(TAG.OCTET_STRING, 'the private scalar');
  const scalar = cursor.bytes.subarray(cursor.start, cursor.end);
  let curve: string | undefined;
  if (cursor.optional(contextTag(0))) {
    cursor.enter();
    cursor.next(TAG.OID, 'the curve');
    curve = oid(cursor, cursor);
    cursor.leave();
  }
  cursor.optional(contextTag(1));
  cursor.leave();
  // Go takes the PKCS #8 envelope's curve over the key's own.
  const named = curveFromAlgorithm ?? curve;
  return { kind: 'ec', curve: named as string, point: ecPoint(named, scalar) };
}

/**
 * The Ed25519 public key of a 32-byte seed. node imports a private JWK from its `d` alone
 * (OpenSSL derives the public half from the seed; `x` must be present but is not read):
 * ~0.1 ms, where going through OpenSSL's PKCS #8 decoder takes ~2 ms.
 */
function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const d = Buffer.from(seed.buffer, seed.byteOffset, seed.length).toString('base64url');
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x: d }, format: 'jwk' });
  return Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x as string, 'base64url');
}

/** The key inside a PKCS #8 envelope, the contents of `inner`; the cursor is back at the top level after it. */
function wrappedKey(cursor: DerCursor, inner: DerNode, algorithm: string, parameter?: DerNode): PublicPart {
  switch (algorithm) {
    case OID.rsaEncryption:
    case OID.ecPublicKey: {
      // Go reads the curve only when the parameters are an OID.
      const curve = algorithm === OID.ecPublicKey && parameter?.tag === TAG.OID ? oid(cursor, parameter) : undefined;
      cursor.enterAt(inner.start, inner.end);
      const publicPart = algorithm === OID.rsaEncryption ? pkcs1(cursor) : sec1(cursor, curve);
      cursor.endOf('the key');
      cursor.leave();
      return publicPart;
    }
    case OID.ed25519: {
      if (parameter) throw new DerError('the Ed25519 key has parameters');
      cursor.enterAt(inner.start, inner.end);
      cursor.next(TAG.OCTET_STRING, 'the Ed25519 key');
      const seed = cursor.bytes.subarray(cursor.start, cursor.end);
      cursor.endOf('the key');
      cursor.leave();
      if (seed.length !== 32) throw new DerError('the Ed25519 key has the wrong length');
      return { kind: 'ed25519', publicKey: ed25519PublicKey(seed) };
    }
    case OID.x25519:
      return { kind: 'other', algorithm };
    default:
      throw new DerError('the key algorithm is unknown');
  }
}

/** PrivateKeyInfo / OneAsymmetricKey (RFC 5958): version, algorithm, the key; what follows is ignored, as Go ignores it. */
function pkcs8(cursor: DerCursor): PublicPart {
  cursor.next(TAG.SEQUENCE, 'the PKCS #8 key');
  cursor.enter();
  cursor.next(TAG.INTEGER, 'the key version');
  smallInteger(cursor, cursor, 'the key version');
  const { algorithm, parameter } = algorithmIdentifier(cursor, 'the key algorithm');
  cursor.next(TAG.OCTET_STRING, 'the key');
  const inner = cursor.element();
  cursor.leave();
  return wrappedKey(cursor, inner, algorithm, parameter);
}

type KeyFormat = PrivateKey['format'];

const FORMATS: readonly KeyFormat[] = ['pkcs1', 'pkcs8', 'sec1'];

const PARSERS: Record<KeyFormat, (cursor: DerCursor) => PublicPart> = {
  pkcs1,
  pkcs8,
  sec1: (cursor) => sec1(cursor),
};

/** The format the PEM type announces, whose error is the one worth reporting. */
function announced(type: string): KeyFormat {
  if (type === 'RSA PRIVATE KEY') return 'pkcs1';
  if (type === 'EC PRIVATE KEY') return 'sec1';
  return 'pkcs8';
}

function parseKeyDer(der: Buffer, type: string): Decoded<PrivateKey> {
  const errors: Partial<Record<KeyFormat, string>> = {};
  // Go tries every format whatever the PEM type says. Indexed: see contextFindings (shared/diagnose.ts).
  for (let i = 0; i < FORMATS.length; i++) {
    const format = FORMATS[i] as KeyFormat;
    try {
      const cursor = new DerCursor(der);
      const publicPart = PARSERS[format](cursor);
      cursor.endOf('the key');
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
    `ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${types.join(' ')}]")`
  );
}

export function readPrivateKey(text: string): Decoded<PrivateKey> {
  const blocks = pemBlocks(text);
  const block = blocks.find(isKeyBlock);
  if (!block) {
    return {
      ok: false,
      error: noKeyError(
        text,
        blocks.map((b) => b.type),
      ),
    };
  }
  if (block.type === 'ENCRYPTED PRIVATE KEY' || block.headers['Proc-Type']?.includes('ENCRYPTED')) {
    return { ok: false, error: `the key is encrypted with a passphrase, which kubectl cannot use (${PARSE_FAILED})` };
  }
  return parseKeyDer(block.der, block.type);
}

/** node's view of the key, for what the DER alone cannot settle; undefined when OpenSSL refuses it. */
function nativePrivateKey(key: PrivateKey): KeyObject | undefined {
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
