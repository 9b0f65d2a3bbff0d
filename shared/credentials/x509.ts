/**
 * X.509 certificates as kubectl reads them. The contract is Go's code:
 * crypto/x509.ParseCertificate for what a certificate must be, tls.X509KeyPair for a
 * client certificate and its key (only the first CERTIFICATE block is parsed; its key
 * must be RSA, ECDSA on P-224/256/384/521 or Ed25519, and equal the key derived from the
 * private material), and x509.CertPool.AppendCertsFromPEM for CA bundles (blocks of
 * other types, with headers, or that do not parse are skipped).
 *
 * The DER is walked in JS (der.ts says why), which also makes the checks Go makes and
 * OpenSSL does not. Signatures are checked with node's crypto.verify, and node's
 * X509Certificate steps in for the algorithms crypto.verify cannot take directly
 * (RSA-PSS). Errors describe the defect and never contain the input.
 */
import { ECDH, createHash, createPublicKey, hash, verify, X509Certificate, type KeyObject } from 'node:crypto';
import {
  DerCursor,
  algorithmIdentifier,
  DerError,
  TAG,
  bitStringBytes,
  booleanValue,
  contextTag,
  integerBytes,
  oid,
  smallInteger,
  stringValue,
  timeValue,
  view,
} from './der';
import { notPemReason, pemBlocks, showableType } from './pem';
import {
  GO_CURVES,
  OID as KEY_OID,
  readPrivateKey,
  type Decoded,
  type PrivateKey,
  type PublicPart,
} from './private-key';

export type { Decoded } from './private-key';

export interface CertificateInfo {
  /** "CN=alice, O=system:masters", in the certificate's order. */
  subject: string;
  /** The user name the API server's x509 authenticator takes (the last CN, as Go reads it). */
  commonName?: string;
  /** The groups the API server's x509 authenticator takes. */
  organizations: string[];
  issuer: string;
  /** Uppercase hex. */
  serialNumber: string;
  /** epoch ms */
  notBefore: number;
  /** epoch ms */
  notAfter: number;
  /** "AB:CD:...", as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprint256: string;
  isCA: boolean;
}

/** A decoded certificate with what signature and key checks need. */
export interface ParsedCertificate {
  info: CertificateInfo;
  der: Buffer;
  tbs: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  rawIssuer: Uint8Array;
  rawSubject: Uint8Array;
  /** The SubjectPublicKeyInfo element. */
  spki: Uint8Array;
  publicKey: PublicPart;
  /** The subjectKeyIdentifier extension's key id, when present and well formed. */
  subjectKeyId?: Uint8Array;
  /** The authorityKeyIdentifier extension's keyIdentifier, when present and well formed. */
  authorityKeyId?: Uint8Array;
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.17': 'postalCode',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

const BASIC_CONSTRAINTS = '2.5.29.19';
const SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
const AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';

interface Name {
  text: string;
  commonName?: string;
  organizations: string[];
}

/** Name ::= SEQUENCE OF SET OF { type, value }, the contents of the element at `start..end`. */
function readName(cursor: DerCursor, start: number, end: number): Name {
  const name: Name = { text: '', organizations: [] };
  // Built as one string (RDNs joined by ", ", the attributes of one by " + "): no arrays to join.
  let text = '';
  let rdns = 0;
  cursor.enterAt(start, end);
  while (!cursor.done) {
    cursor.next(TAG.SET, 'a name component');
    cursor.enter();
    let rdn = '';
    while (!cursor.done) {
      cursor.next(TAG.SEQUENCE, 'a name attribute');
      cursor.enter();
      cursor.next(TAG.OID, 'a name attribute');
      const type = oid(cursor, cursor);
      cursor.next(undefined, 'a name value');
      cursor.endOf('a name attribute');
      const value = stringValue(cursor, cursor);
      const label = ATTRIBUTE_NAMES[type] ?? type;
      cursor.leave();
      rdn = rdn === '' ? `${label}=${value}` : `${rdn} + ${label}=${value}`;
      if (label === 'CN') name.commonName = value;
      if (label === 'O') name.organizations.push(value);
    }
    cursor.leave();
    text = rdns++ === 0 ? rdn : `${text}, ${rdn}`;
  }
  cursor.leave();
  name.text = text;
  return name;
}

/** The distinguished-name attributes x509-certificate-exporter puts in its `subject_*` and `issuer_*` labels. */
export type NamePart = 'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN';
export const NAME_PARTS: readonly NamePart[] = ['C', 'ST', 'L', 'O', 'OU', 'CN'];

/**
 * A Name's parts as Go's pkix.Name holds them and the exporter labels them: the first country,
 * province, locality, organization and unit, and the last common name (FillFromRDNSequence
 * appends the others and overwrites CommonName). `raw` is the whole Name element (rawSubject, rawIssuer).
 */
export function nameParts(raw: Uint8Array): Partial<Record<NamePart, string>> {
  const parts: Partial<Record<NamePart, string>> = {};
  const cursor = new DerCursor(raw);
  cursor.next(TAG.SEQUENCE, 'a name');
  cursor.enter();
  while (!cursor.done) {
    cursor.next(TAG.SET, 'a name component');
    cursor.enter();
    while (!cursor.done) {
      cursor.next(TAG.SEQUENCE, 'a name attribute');
      cursor.enter();
      cursor.next(TAG.OID, 'a name attribute');
      const label = ATTRIBUTE_NAMES[oid(cursor, cursor)];
      cursor.next(undefined, 'a name value');
      const value = stringValue(cursor, cursor);
      cursor.leave();
      if (value === undefined || !(NAME_PARTS as readonly (string | undefined)[]).includes(label)) continue;
      const part = label as NamePart;
      if (part === 'CN' || parts[part] === undefined) parts[part] = value;
    }
    cursor.leave();
  }
  cursor.leave();
  return parts;
}

const NULL_PARAMETERS = '0500';

/**
 * SubjectPublicKeyInfo, the contents of the element at `start..end`, checked as Go's
 * parsePublicKey checks it: RSA with NULL parameters, EC on a curve Go supports with an
 * uncompressed point on it, Ed25519 of 32 bytes without parameters. Other algorithms
 * parse (Go leaves their key unread) but cannot be a client certificate's.
 */
function readSpki(cursor: DerCursor, start: number, end: number): PublicPart {
  cursor.enterAt(start, end);
  const { algorithm, parameter } = algorithmIdentifier(cursor, 'the public key algorithm');
  cursor.next(TAG.BIT_STRING, 'the public key');
  const key = bitStringBytes(cursor, cursor, 'the public key');
  const keyStart = cursor.start + 1;
  const keyEnd = cursor.end;
  cursor.endOf('the public key');
  cursor.leave();
  switch (algorithm) {
    case KEY_OID.rsaEncryption: {
      const raw = parameter && Buffer.from(view(cursor.bytes, parameter.header, parameter.end)).toString('hex');
      if (raw !== NULL_PARAMETERS) {
        throw new DerError('its RSA key lacks the NULL parameters', 'x509: RSA key missing NULL parameters');
      }
      cursor.enterAt(keyStart, keyEnd);
      cursor.next(TAG.SEQUENCE, 'the RSA public key');
      cursor.enter();
      cursor.next(TAG.INTEGER, 'the modulus');
      const modulus = integerBytes(cursor, cursor, 'the modulus');
      cursor.next(TAG.INTEGER, 'the exponent');
      integerBytes(cursor, cursor, 'the exponent');
      cursor.leave();
      cursor.leave();
      if ((modulus[0] as number) >= 0x80)
        throw new DerError('its RSA modulus is negative', 'x509: RSA modulus is not a positive number');
      return { kind: 'rsa', modulus };
    }
    case KEY_OID.ecPublicKey: {
      if (parameter?.tag !== TAG.OID) throw new DerError('its EC key names no curve', 'x509: invalid ECDSA parameters');
      const curve = oid(cursor, parameter);
      const name = GO_CURVES[curve];
      if (!name)
        throw new DerError(
          `its EC key is on a curve Go does not support (${curve})`,
          'x509: unsupported elliptic curve',
        );
      if (!onCurve(name, key)) {
        throw new DerError(
          'its EC point is not an uncompressed point on its curve',
          'x509: failed to unmarshal elliptic curve point',
        );
      }
      return { kind: 'ec', curve, point: key };
    }
    case KEY_OID.ed25519:
      if (parameter)
        throw new DerError('its Ed25519 key has parameters', 'x509: Ed25519 key encoded with illegal parameters');
      if (key.length !== 32)
        throw new DerError('its Ed25519 key has the wrong size', 'x509: wrong Ed25519 public key size');
      return { kind: 'ed25519', publicKey: key };
    default:
      return { kind: 'other', algorithm };
  }
}

/** Whether `point` is an uncompressed point on the curve (Go's elliptic.Unmarshal refuses compressed ones). */
function onCurve(curve: string, point: Uint8Array): boolean {
  if (point[0] !== 4) return false;
  try {
    ECDH.convertKey(point, curve);
    return true;
  } catch {
    return false;
  }
}

interface Extensions {
  isCa: boolean;
  subjectKeyId?: Uint8Array;
  authorityKeyId?: Uint8Array;
}

/**
 * A key identifier extension's id. Go reads these ids only to pick candidate issuers,
 * never to reject a certificate, so one that does not decode counts as absent.
 */
function keyId(cursor: DerCursor, start: number, end: number, authority: boolean): Uint8Array | undefined {
  const depth = cursor.depth;
  try {
    cursor.enterAt(start, end);
    if (!authority) {
      cursor.next(TAG.OCTET_STRING, 'the key identifier');
      return view(cursor.bytes, cursor.start, cursor.end);
    }
    cursor.next(TAG.SEQUENCE, 'the authority key identifier');
    cursor.enter();
    // keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL.
    return cursor.optional(0x80) ? view(cursor.bytes, cursor.start, cursor.end) : undefined;
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    return undefined;
  } finally {
    cursor.unwind(depth);
  }
}

/** BasicConstraints: SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }; whether cA. */
function basicConstraintsCa(cursor: DerCursor, start: number, end: number): boolean {
  const depth = cursor.depth;
  try {
    cursor.enterAt(start, end);
    cursor.next(TAG.SEQUENCE, 'the basic constraints');
    cursor.endOf('the basic constraints');
    cursor.enter();
    const isCa = cursor.optional(TAG.BOOLEAN) && booleanValue(cursor, cursor);
    if (cursor.optional(TAG.INTEGER)) integerBytes(cursor, cursor, 'the path length');
    cursor.endOf('the basic constraints');
    return isCa;
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    throw new DerError('its basic constraints are malformed', 'x509: invalid basic constraints');
  } finally {
    cursor.unwind(depth);
  }
}

const SUBJECT_ALT_NAME = '2.5.29.17';
/** GeneralName tags Go reads as IA5String text, with the name its error gives them. */
const SAN_TEXT: Readonly<Record<number, string>> = {
  0x81: 'rfc822Name',
  0x82: 'dNSName',
  0x86: 'uniformResourceIdentifier',
};
const IP_ADDRESS = 0x87;

/** The subjectAltName extension, checked as Go's parseSANExtension checks it (names must be ASCII, IPs 4 or 16 bytes). */
function checkSubjectAltName(cursor: DerCursor, start: number, end: number): void {
  const depth = cursor.depth;
  try {
    cursor.enterAt(start, end);
    cursor.next(TAG.SEQUENCE, 'the subject alternative names');
    cursor.enter();
    while (!cursor.done) {
      cursor.next(undefined, 'a subject alternative name');
      const kind = SAN_TEXT[cursor.tag];
      if (kind && cursor.bytes.subarray(cursor.start, cursor.end).some((byte) => byte >= 0x80)) {
        throw new DerError(`its subject alternative ${kind} is not ASCII`, `x509: SAN ${kind} is malformed`);
      }
      const length = cursor.end - cursor.start;
      if (cursor.tag === IP_ADDRESS && length !== 4 && length !== 16) {
        throw new DerError(
          'its subject alternative IP address has the wrong length',
          `x509: cannot parse IP address of length ${length}`,
        );
      }
    }
  } finally {
    cursor.unwind(depth);
  }
}

/**
 * The extensions, the contents of the `[3]` element at `start..end`. Go refuses a
 * certificate with an extension twice, or a critical flag that is not a DER boolean.
 */
function readExtensions(cursor: DerCursor, start: number, end: number): Extensions {
  const found: Extensions = { isCa: false };
  // Go checks every extension's frame and id first, then reads the values it knows: two passes.
  const values = new Map<string, [number, number]>();
  cursor.enterAt(start, end);
  cursor.next(TAG.SEQUENCE, 'the extensions');
  cursor.enter();
  while (!cursor.done) {
    cursor.next(TAG.SEQUENCE, 'an extension');
    cursor.enter();
    cursor.next(TAG.OID, 'an extension');
    const id = oid(cursor, cursor);
    if (cursor.optional(TAG.BOOLEAN)) {
      const flag = cursor.bytes[cursor.start];
      if (cursor.end - cursor.start !== 1 || (flag !== 0 && flag !== 0xff)) {
        throw new DerError('an extension has a malformed critical flag', 'x509: malformed extension critical field');
      }
    }
    cursor.next(TAG.OCTET_STRING, 'an extension value');
    cursor.endOf('an extension');
    cursor.leave();
    if (values.has(id)) {
      throw new DerError(
        `it holds extension ${id} twice`,
        `x509: certificate contains duplicate extension with OID "${id}"`,
      );
    }
    values.set(id, [cursor.start, cursor.end]);
  }
  cursor.leave();
  cursor.leave();
  for (const [id, [valueStart, valueEnd]] of values) {
    if (id === SUBJECT_KEY_IDENTIFIER) found.subjectKeyId = keyId(cursor, valueStart, valueEnd, false);
    if (id === AUTHORITY_KEY_IDENTIFIER) found.authorityKeyId = keyId(cursor, valueStart, valueEnd, true);
    if (id === BASIC_CONSTRAINTS) found.isCa = basicConstraintsCa(cursor, valueStart, valueEnd);
    if (id === SUBJECT_ALT_NAME) checkSubjectAltName(cursor, valueStart, valueEnd);
  }
  return found;
}

function fingerprint(der: Buffer): string {
  // One-shot hash: a Hash object per certificate cost ~20 µs each while the code was cold.
  const hex = hash('sha256', der, 'hex').toUpperCase();
  return hex.replace(/(..)(?!$)/g, '$1:');
}

/** Whether two ranges of `bytes` hold the same bytes (short ones: a loop beats Buffer#compare's argument checks). */
function sameBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i += 1) if (bytes[aStart + i] !== bytes[bStart + i]) return false;
  return true;
}

/**
 * Walked with one DerCursor: a reader per level and a node per element made ~10 KB of
 * garbage per certificate, and hundreds of certificates kept the collector busy.
 */
function parseCertificate(der: Buffer): ParsedCertificate {
  const cursor = new DerCursor(der);
  cursor.next(TAG.SEQUENCE, 'the certificate');
  cursor.endOf('the certificate');
  cursor.enter();
  cursor.next(TAG.SEQUENCE, 'the certificate body');
  const tbsHeader = cursor.header;
  const tbsStart = cursor.start;
  const tbsEnd = cursor.end;
  cursor.next(TAG.SEQUENCE, 'the signature algorithm');
  const algorithmHeader = cursor.header;
  const algorithmStart = cursor.start;
  const algorithmEnd = cursor.end;
  cursor.next(TAG.BIT_STRING, 'the signature');
  const signature = bitStringBytes(cursor, cursor, 'the signature');
  cursor.endOf('the certificate');

  cursor.enterAt(tbsStart, tbsEnd);
  let version = 0;
  if (cursor.optional(contextTag(0))) {
    cursor.enter();
    cursor.next(TAG.INTEGER, 'the version');
    version = smallInteger(cursor, cursor, 'the version');
    if (version > 2) throw new DerError('the version is unknown', 'x509: invalid version');
    cursor.leave();
  }
  cursor.next(TAG.INTEGER, 'the serial number');
  let serial: Uint8Array;
  try {
    serial = integerBytes(cursor, cursor, 'the serial number');
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    throw new DerError(error.message, 'x509: malformed serial number');
  }
  // Go (and so kubectl) refuses negative serial numbers since Go 1.23.
  if ((serial[0] as number) >= 0x80)
    throw new DerError('the serial number is negative', 'x509: negative serial number');
  cursor.next(TAG.SEQUENCE, 'the signature algorithm');
  if (!sameBytes(der, algorithmHeader, algorithmEnd, cursor.header, cursor.end)) {
    throw new DerError(
      'the inner and outer signature algorithms differ',
      "x509: inner and outer signature algorithm identifiers don't match",
    );
  }
  cursor.next(TAG.SEQUENCE, 'the issuer');
  const issuerHeader = cursor.header;
  const issuerStart = cursor.start;
  const issuerEnd = cursor.end;
  // Read in Go's order (issuer, validity, subject, key, extensions): a certificate with several defects fails on the first.
  const issuer = readName(cursor, issuerStart, issuerEnd);
  cursor.next(TAG.SEQUENCE, 'the validity');
  cursor.enter();
  cursor.next(undefined, 'notBefore');
  const notBefore = timeValue(cursor, cursor, 'notBefore');
  cursor.next(undefined, 'notAfter');
  const notAfter = timeValue(cursor, cursor, 'notAfter');
  cursor.endOf('the validity');
  cursor.leave();
  cursor.next(TAG.SEQUENCE, 'the subject');
  const subjectHeader = cursor.header;
  const subjectStart = cursor.start;
  const subjectEnd = cursor.end;
  const subject = readName(cursor, subjectStart, subjectEnd);
  cursor.next(TAG.SEQUENCE, 'the public key');
  const spkiHeader = cursor.header;
  const spkiStart = cursor.start;
  const spkiEnd = cursor.end;
  const publicKey = readSpki(cursor, spkiStart, spkiEnd);
  cursor.optional(0x81);
  cursor.optional(0x82);
  const hasExtensions = cursor.optional(contextTag(3));
  const extensionsStart = cursor.start;
  const extensionsEnd = cursor.end;
  cursor.endOf('the certificate body');
  cursor.leave();

  // Go reads extensions of version 3 certificates only.
  const found: Extensions =
    hasExtensions && version === 2 ? readExtensions(cursor, extensionsStart, extensionsEnd) : { isCa: false };
  // Serial and fingerprint are evidence, read only for findings: worked out on first use.
  let serialNumber: string | undefined;
  let fingerprint256: string | undefined;
  const info: CertificateInfo = {
    subject: subject.text,
    organizations: subject.organizations,
    issuer: issuer.text,
    get serialNumber() {
      // Read from the certificate's own bytes (`serial` is a view of them): no copy of it.
      const start = serial.byteOffset - der.byteOffset + (serial[0] === 0 && serial.length > 1 ? 1 : 0);
      return (serialNumber ??= der
        .toString('hex', start, serial.byteOffset - der.byteOffset + serial.length)
        .toUpperCase());
    },
    notBefore,
    notAfter,
    get fingerprint256() {
      return (fingerprint256 ??= fingerprint(der));
    },
    isCA: found.isCa,
  };
  if (subject.commonName !== undefined) info.commonName = subject.commonName;
  cursor.enterAt(algorithmStart, algorithmEnd);
  cursor.next(TAG.OID, 'the signature algorithm');
  const signatureAlgorithm = oid(cursor, cursor);
  cursor.leave();
  const parsedCertificate: ParsedCertificate = {
    info,
    der,
    tbs: view(der, tbsHeader, tbsEnd),
    signatureAlgorithm,
    signature,
    rawIssuer: view(der, issuerHeader, issuerEnd),
    rawSubject: view(der, subjectHeader, subjectEnd),
    spki: view(der, spkiHeader, spkiEnd),
    publicKey,
  };
  if (found.subjectKeyId) parsedCertificate.subjectKeyId = found.subjectKeyId;
  if (found.authorityKeyId) parsedCertificate.authorityKeyId = found.authorityKeyId;
  return parsedCertificate;
}

/** A CERTIFICATE block parsed, or why not: in words, and in Go's words (what kubectl prints). */
type CertificateResult = { ok: true; value: ParsedCertificate } | { ok: false; error: string; go: string };

/** The CERTIFICATE blocks of a PEM text, each parsed or with the reason it does not parse. */
export interface CertificateBundle {
  certificates: CertificateResult[];
  /** The types of the other PEM blocks (a key where a certificate belongs...). */
  otherTypes: string[];
  /** Whether each CERTIFICATE block has headers: CA bundles skip those. */
  withHeaders: boolean[];
  /** Why the text holds no PEM block at all. */
  notPem?: string;
}

function parseResult(der: Buffer): CertificateResult {
  try {
    return { ok: true, value: parseCertificate(der) };
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    return {
      ok: false,
      error: `it is not a valid X.509 certificate: ${error.message}`,
      go: error.go ?? 'x509: malformed certificate',
    };
  }
}

export function readCertificates(text: string): CertificateBundle {
  const bundle: CertificateBundle = { certificates: [], otherTypes: [], withHeaders: [] };
  const blocks = pemBlocks(text);
  for (const block of blocks) {
    if (block.type !== 'CERTIFICATE') {
      bundle.otherTypes.push(showableType(block.type));
    } else {
      bundle.certificates.push(parseResult(block.der));
      bundle.withHeaders.push(Object.keys(block.headers).length > 0);
    }
  }
  if (blocks.length === 0) bundle.notPem = notPemReason(text);
  return bundle;
}

function parsed(results: readonly CertificateResult[]): ParsedCertificate[] {
  return results.flatMap((c) => (c.ok ? [c.value] : []));
}

/**
 * The certificate chain kubectl sends (tls.X509KeyPair): the first CERTIFICATE block
 * must parse; the others go to the server unread, so only those that parse are kept.
 */
export function clientChain(bundle: CertificateBundle): Decoded<ParsedCertificate[]> {
  const [leaf] = bundle.certificates;
  if (!leaf) {
    const { otherTypes, notPem } = bundle;
    if (notPem !== undefined) {
      return { ok: false, error: `${notPem} (kubectl: "tls: failed to find any PEM data in certificate input")` };
    }
    if (otherTypes.length === 1 && otherTypes[0]?.endsWith('PRIVATE KEY')) {
      return {
        ok: false,
        error:
          'it holds a private key, not a certificate (kubectl: "tls: failed to find certificate PEM data in ' +
          'certificate input, but did find a private key; PEM inputs may have been switched")',
      };
    }
    return {
      ok: false,
      error:
        `it holds no CERTIFICATE block, only ${otherTypes.join(', ')} (kubectl: "tls: failed to find ` +
        `"CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: ` +
        `[${otherTypes.join(' ')}]")`,
    };
  }
  if (!leaf.ok) return { ok: false, error: `its certificate: ${leaf.error} (kubectl: "${leaf.go}")` };
  return { ok: true, value: parsed(bundle.certificates) };
}

/**
 * The CAs client-go trusts from a bundle: x509.CertPool.AppendCertsFromPEM keeps the
 * CERTIFICATE blocks without headers that parse; with none, kubectl fails with the
 * error client-go's createErrorParsingCAData finds. An empty bundle is no bundle:
 * kubectl then verifies with the system roots.
 */
export function trustedCas(bundle: CertificateBundle): Decoded<ParsedCertificate[]> {
  const usable = bundle.certificates.filter((_, i) => !bundle.withHeaders[i]);
  const cas = parsed(usable);
  if (cas.length > 0) return { ok: true, value: cas };
  const prefix = 'kubectl: "unable to load root certificates: ';
  const failed = usable.find((c) => !c.ok);
  if (failed && !failed.ok) {
    return { ok: false, error: `${failed.error} (${prefix}failed to parse certificate: ${failed.go}")` };
  }
  if (bundle.notPem !== undefined)
    return { ok: false, error: `${bundle.notPem} (${prefix}unable to parse bytes as PEM block")` };
  const only = [
    ...bundle.otherTypes,
    ...(usable.length < bundle.certificates.length ? ['CERTIFICATE with headers'] : []),
  ];
  return {
    ok: false,
    error: `it holds no usable CERTIFICATE block, only ${only.join(', ')} (${prefix}no valid certificate authority data seen")`,
  };
}

/** Every certificate of a PEM bundle, leaf first; an error if any block does not parse. */
export function decodeCertificates(pem: string): Decoded<CertificateInfo[]> {
  const bundle = readCertificates(pem);
  const chain = clientChain(bundle);
  if (!chain.ok) return chain;
  const broken = bundle.certificates.findIndex((c) => !c.ok);
  if (broken >= 0)
    return { ok: false, error: `certificate ${broken + 1} of ${bundle.certificates.length} does not parse` };
  return { ok: true, value: chain.value.map((c) => c.info) };
}

/** Byte equality without copying either side (Buffer.from(a) of a view copies it). */
function equalBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && Buffer.compare(a, b) === 0;
}

/**
 * Does the key belong to the certificate? As tls.X509KeyPair decides it: the same key
 * type, and the same RSA modulus, EC point or Ed25519 key (the key's derived from its
 * private material, private-key.ts).
 */
export function keyMatches(certificate: ParsedCertificate, key: PrivateKey): Decoded<boolean> {
  const [mine, theirs] = [certificate.publicKey, key.public];
  if (mine.kind === 'other') {
    return {
      ok: false,
      error: `its certificate's key algorithm ${mine.algorithm} is not one Go can use (kubectl: "tls: unknown public key algorithm")`,
    };
  }
  if (mine.kind === 'rsa' && theirs.kind === 'rsa')
    return { ok: true, value: equalBytes(mine.modulus, theirs.modulus) };
  if (mine.kind === 'ec' && theirs.kind === 'ec') return { ok: true, value: equalBytes(mine.point, theirs.point) };
  if (mine.kind === 'ed25519' && theirs.kind === 'ed25519') {
    return { ok: true, value: equalBytes(mine.publicKey, theirs.publicKey) };
  }
  return { ok: true, value: false };
}

/** Whether the key in `keyPem` belongs to the leaf certificate of `certPem`. */
export function keyMatchesCertificate(certPem: string, keyPem: string): Decoded<boolean> {
  const chain = clientChain(readCertificates(certPem));
  if (!chain.ok) return chain;
  const key = readPrivateKey(keyPem);
  if (!key.ok) return key;
  return keyMatches(chain.value[0] as ParsedCertificate, key.value);
}

/** The CA's public key as node needs it to verify (~0.15 ms: the key-id check below usually spares it). */
function publicKeyOf(ca: ParsedCertificate): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.from(ca.spki), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

/** Signature algorithm -> digest, for the algorithms crypto.verify takes directly. */
const DIGESTS: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
};

/** Did `ca` sign `certificate`? Go's rule: the issuer name matches the CA's subject byte for byte, and the signature verifies. */
function issuedBy(certificate: ParsedCertificate, ca: ParsedCertificate): boolean {
  if (!equalBytes(certificate.rawIssuer, ca.rawSubject)) return false;
  // The same issuer name and the same key id (kubeadm, cert-manager and openssl certificates
  // carry both ids) settle it without the ~20 µs signature check: the signature could then
  // only fail on a certificate tampered with after signing, which the API server refuses by
  // itself and which is not what the rules look for (a CA re-created with a new key has a
  // new key id). Different ids do not settle it the other way: Go only ranks candidate
  // issuers by key id and still tries the signature, so that case goes on to verify.
  const authorityKeyId = certificate.authorityKeyId;
  if (authorityKeyId?.length && equalBytes(authorityKeyId, ca.subjectKeyId)) return true;
  const key = publicKeyOf(ca);
  if (!key) return false;
  try {
    const digest = DIGESTS[certificate.signatureAlgorithm];
    if (digest !== undefined) return verify(digest, certificate.tbs, key, certificate.signature);
    return new X509Certificate(certificate.der).verify(key);
  } catch {
    return false;
  }
}

/**
 * Does the chain lead to one of the CAs? From the leaf, through the intermediates the
 * bundle carries, to a CA that signed the last of them (or is one of them).
 */
export function chainsTo(chain: readonly ParsedCertificate[], cas: readonly ParsedCertificate[]): boolean {
  let current = chain[0];
  const intermediates = chain.slice(1);
  while (current) {
    const cert: ParsedCertificate = current;
    if (cas.some((ca) => ca.der.equals(cert.der) || issuedBy(cert, ca))) return true;
    const index = intermediates.findIndex((candidate) => issuedBy(cert, candidate));
    current = index < 0 ? undefined : intermediates.splice(index, 1)[0];
  }
  return false;
}

/** Whether a CA in `caPem` signed the certificate in `certPem` (directly, or through the bundle's intermediates). */
export function signedBy(certPem: string, caPem: string): boolean {
  const chain = clientChain(readCertificates(certPem));
  const cas = trustedCas(readCertificates(caPem));
  return chain.ok && cas.ok && chainsTo(chain.value, cas.value);
}

/** SHA-256 of the certificate's SubjectPublicKeyInfo, lowercase hex (compare with the key's). */
export function certificatePublicKeySha256(certificate: ParsedCertificate): string {
  return createHash('sha256').update(certificate.spki).digest('hex');
}

export function keyKind(part: PublicPart): string {
  return part.kind === 'other' ? part.algorithm : part.kind.toUpperCase();
}
