/**
 * A client key read the way Go's tls.X509KeyPair reads it: the first PEM block whose
 * type ends in "PRIVATE KEY", parsed as PKCS #1, then PKCS #8, then SEC 1. Only the
 * public half is kept for matching against the certificate; messages quote kubectl's
 * own errors and never the key.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import {
  DerCursor,
  algorithmIdentifier,
  DerError,
  TAG,
  bitStringBytes,
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

/** The integers of RSAPrivateKey (RFC 8017) after the version and the modulus. */
const RSA_KEY_PARTS = ['the exponent', 'd', 'p', 'q', 'dP', 'dQ', 'qInv'];

/** RSAPrivateKey (RFC 8017): version, n, e, d, p, q, dP, dQ, qInv. */
function pkcs1(cursor: DerCursor): PublicPart {
  cursor.next(TAG.SEQUENCE, 'the RSA key');
  cursor.enter();
  cursor.next(TAG.INTEGER, 'the key version');
  if (smallInteger(cursor, cursor, 'the key version') > 1) throw new DerError('the RSA key version is unknown');
  cursor.next(TAG.INTEGER, 'the modulus');
  const modulus = integerBytes(cursor, cursor, 'the modulus');
  for (let i = 0; i < RSA_KEY_PARTS.length; i++) {
    const part = RSA_KEY_PARTS[i] as string;
    cursor.next(TAG.INTEGER, part);
    integerBytes(cursor, cursor, part);
  }
  cursor.leave();
  return { kind: 'rsa', modulus };
}

/** ECPrivateKey (RFC 5915): version 1, the private scalar, [0] curve, [1] public point. */
function sec1(cursor: DerCursor, curveFromAlgorithm?: string): PublicPart {
  cursor.next(TAG.SEQUENCE, 'the EC key');
  cursor.enter();
  cursor.next(TAG.INTEGER, 'the key version');
  if (smallInteger(cursor, cursor, 'the key version') !== 1) throw new DerError('the EC key version is unknown');
  cursor.next(TAG.OCTET_STRING, 'the private scalar');
  let curve = curveFromAlgorithm;
  if (cursor.optional(contextTag(0))) {
    cursor.enter();
    cursor.next(TAG.OID, 'the curve');
    curve = oid(cursor, cursor);
    cursor.leave();
  }
  let point: Uint8Array | undefined;
  if (cursor.optional(contextTag(1))) {
    cursor.enter();
    cursor.next(TAG.BIT_STRING, 'an element');
    point = bitStringBytes(cursor, cursor, 'the point');
    cursor.leave();
  }
  cursor.leave();
  return { kind: 'ec', curve, point };
}

/** The key inside a PKCS #8 envelope, the contents of `inner`; the cursor is back at the top level after it. */
function wrappedKey(
  cursor: DerCursor,
  inner: DerNode,
  algorithm: string,
  parameter?: DerNode,
  publicKey?: DerNode,
): PublicPart {
  // The curve is read before the key, whose errors would otherwise come first.
  const curve = algorithm === OID.ecPublicKey && parameter ? oid(cursor, parameter) : undefined;
  cursor.enterAt(inner.start, inner.end);
  let publicPart: PublicPart;
  switch (algorithm) {
    case OID.rsaEncryption:
      publicPart = pkcs1(cursor);
      break;
    case OID.ecPublicKey:
      publicPart = sec1(cursor, curve);
      break;
    case OID.ed25519:
      cursor.next(TAG.OCTET_STRING, 'the Ed25519 key');
      // [1] IMPLICIT BIT STRING: the leading byte counts unused bits.
      publicPart = { kind: 'ed25519', publicKey: publicKey && bitStringBytes(cursor, publicKey, 'the public key') };
      break;
    default:
      cursor.leave();
      return { kind: 'other', algorithm };
  }
  cursor.endOf('the key');
  cursor.leave();
  return publicPart;
}

/** PrivateKeyInfo / OneAsymmetricKey (RFC 5958): version, algorithm, the key, [0] attributes, [1] public key. */
function pkcs8(cursor: DerCursor): PublicPart {
  cursor.next(TAG.SEQUENCE, 'the PKCS #8 key');
  cursor.enter();
  cursor.next(TAG.INTEGER, 'the key version');
  smallInteger(cursor, cursor, 'the key version');
  const { algorithm, parameter } = algorithmIdentifier(cursor, 'the key algorithm');
  cursor.next(TAG.OCTET_STRING, 'the key');
  const inner = cursor.element();
  cursor.optional(contextTag(0));
  const publicKey = cursor.optional(0x81) ? cursor.element() : undefined;
  cursor.endOf('the PKCS #8 key');
  cursor.leave();
  return wrappedKey(cursor, inner, algorithm, parameter, publicKey);
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
