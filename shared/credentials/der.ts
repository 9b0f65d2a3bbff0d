/**
 * A small, strict DER reader for what Go's crypto/x509 checks and node:crypto (OpenSSL)
 * does not, so that kubeward refuses exactly the certificates and keys kubectl refuses:
 * the time forms Go accepts (UTCTime with or without seconds, `Z` or a `±hhmm` offset;
 * GeneralizedTime with seconds; never fractions, `+0000` or impossible dates), the
 * string types Go validates in names (PrintableString, UTF8String, IA5String,
 * NumericString, BMPString; any other type is refused), minimal integers, duplicate
 * extensions and strict booleans (x509.ts), and RSA key consistency (private-key.ts).
 * It also reads the fields the rules report: OpenSSL's decoders (X509Certificate,
 * createPrivateKey) take 0.1-5 ms an object, too slow for a kubeconfig with a
 * thousand client certificates and keys (bench/x509-decoders.ts). Errors are fixed
 * phrases: they never quote the bytes, which may belong to a private key; `go` is
 * the error kubectl prints for the same defect.
 */

import { isUtf8 } from 'node:buffer';

export class DerError extends Error {
  constructor(
    message: string,
    /** kubectl's own words for the defect, when Go names it (most structural defects are "malformed certificate"). */
    readonly go?: string,
  ) {
    super(message);
  }
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** `[n]` context-specific, constructed (EXPLICIT tagging, or an IMPLICIT SEQUENCE). */
export function contextTag(n: number): number {
  return 0xa0 | n;
}

/** One element: its tag and where its contents are in the buffer. */
export interface DerNode {
  tag: number;
  /** Offset of the tag byte: `bytes.subarray(header, end)` is the whole element. */
  header: number;
  /** Offset of the contents. */
  start: number;
  end: number;
}

/** Where elements are read from. */
export interface DerSource {
  readonly bytes: Uint8Array;
}

/**
 * Walks DER without an object per element (a kubeconfig holds hundreds of certificates and
 * keys): the element last read is the cursor's own tag, header, start and end, so the cursor
 * is the node the value readers take, and nesting is a stack of bounds, not a reader per level.
 */
export class DerCursor implements DerSource, DerNode {
  tag = 0;
  header = 0;
  start = 0;
  end = 0;
  private pos = 0;
  private limit: number;
  /** The position and limit of each enclosing level, in pairs. */
  private readonly outer: number[] = [];

  constructor(readonly bytes: Uint8Array) {
    this.limit = bytes.length;
  }

  get done(): boolean {
    return this.pos >= this.limit;
  }

  /** Reads the next element, which must carry `tag` when one is given. */
  next(tag: number | undefined, what: string): void {
    if (this.pos >= this.limit) throw new DerError(`${what} is missing`);
    readHeader(this.bytes, this.pos, this.limit, this);
    if (tag !== undefined && this.tag !== tag) throw new DerError(`${what} has the wrong type`);
    this.pos = this.end;
  }

  /** Reads the next element if it carries `tag` (OPTIONAL and DEFAULT fields); whether it did. */
  optional(tag: number): boolean {
    if (this.pos >= this.limit || this.bytes[this.pos] !== tag) return false;
    this.next(tag, 'an element');
    return true;
  }

  /** The element just read, to come back to after reading on. */
  element(): DerNode {
    return { tag: this.tag, header: this.header, start: this.start, end: this.end };
  }

  /** Walks the contents of the element just read; `leave` returns after it. */
  enter(): void {
    this.enterAt(this.start, this.end);
  }

  /** Walks `bytes[start..end)`, the contents of an element read earlier; `leave` returns to where the cursor was. */
  enterAt(start: number, end: number): void {
    this.outer.push(this.pos, this.limit);
    this.pos = start;
    this.limit = end;
  }

  leave(): void {
    this.limit = this.outer.pop() as number;
    this.pos = this.outer.pop() as number;
  }

  /** How many levels are entered: `unwind` returns there when a failed read left some open. */
  get depth(): number {
    return this.outer.length / 2;
  }

  unwind(depth: number): void {
    while (this.outer.length > depth * 2) this.leave();
  }

  /** Fails on bytes left over after the elements the current level defines. */
  endOf(what: string): void {
    if (this.pos < this.limit) throw new DerError(`${what} has trailing data`);
  }
}

/**
 * `bytes[start..end)` as a plain Uint8Array over the same memory. A Buffer's subarray makes a
 * Buffer through its JS constructor (~0.5 µs while cold); a certificate needs a dozen views.
 */
export function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

/** Reads the header of the element at `at` into `node`. */
function readHeader(bytes: Uint8Array, at: number, limit: number, node: DerNode): void {
  if (at + 2 > limit) throw new DerError('the data is truncated');
  const tag = bytes[at] as number;
  // X.509 never uses high tag numbers; refusing them keeps the reader simple.
  if ((tag & 0x1f) === 0x1f) throw new DerError('an element has an unsupported tag');
  let length = bytes[at + 1] as number;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0 is BER's indefinite length, never DER; over 4 bytes is far beyond any certificate.
    if (count === 0 || count > 4) throw new DerError('an element has an invalid length');
    if (start + count > limit) throw new DerError('the data is truncated');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[start + i] as number);
    if (length < 0x80 || bytes[start] === 0) throw new DerError('an element has a non-minimal length');
    start += count;
  }
  if (start + length > limit) throw new DerError('the data is truncated');
  node.tag = tag;
  node.header = at;
  node.start = start;
  node.end = start + length;
}

/** A positive or zero INTEGER in minimal encoding (serials, key components); its content bytes. */
export function integerBytes(source: DerSource, node: DerNode, what: string): Uint8Array {
  const bytes = view(source.bytes, node.start, node.end);
  // Indexed, not destructured: destructuring a typed array runs its iterator.
  const first = bytes[0];
  const second = bytes[1];
  if (first === undefined) throw new DerError(`${what} is empty`);
  if (second !== undefined && ((first === 0 && second < 0x80) || (first === 0xff && second >= 0x80))) {
    throw new DerError(`${what} is not minimally encoded`);
  }
  return bytes;
}

/** A small INTEGER (versions). */
export function smallInteger(source: DerSource, node: DerNode, what: string): number {
  const bytes = integerBytes(source, node, what);
  if (bytes.length > 4 || (bytes[0] as number) >= 0x80) throw new DerError(`${what} is out of range`);
  let value = 0;
  for (let i = 0; i < bytes.length; i += 1) value = value * 256 + (bytes[i] as number);
  return value;
}

export function oid(source: DerSource, node: DerNode): string {
  // Read in place, not through a subarray view: this runs for every name attribute and
  // extension of every certificate, and the views were ~1 MB of garbage at 500 certificates.
  const { bytes } = source;
  const { start, end } = node;
  if (end === start) throw new DerError('an object identifier is empty');
  const x = bytes[start + 1] as number;
  const y = bytes[start + 2] as number;
  if (end - start === 3 && bytes[start] === 0x55 && x < 0x80 && y < 0x80) {
    // The common `2.5.x.y` in single-byte arcs (name attributes, X.509 extensions): always well formed.
    return `2.5.${x}.${y}`;
  }
  return decodeOid(bytes, start, end);
}

function decodeOid(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  let value = 0;
  for (let i = start; i < end; i += 1) {
    const byte = bytes[i] as number;
    if (value === 0 && byte === 0x80) throw new DerError('an object identifier is not minimally encoded');
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('an object identifier is out of range');
    if (byte & 0x80) {
      if (i === end - 1) throw new DerError('an object identifier is truncated');
      continue;
    }
    if (text !== '') text += `.${value}`;
    else text = value < 80 ? `${Math.floor(value / 40)}.${value % 40}` : `2.${value - 80}`;
    value = 0;
  }
  return text;
}

/**
 * AlgorithmIdentifier (RFC 5280), read as the next element: the algorithm's OID, and its
 * parameters when present (an EC key's curve, RSA's NULL).
 */
export function algorithmIdentifier(cursor: DerCursor, what: string): { algorithm: string; parameter?: DerNode } {
  cursor.next(TAG.SEQUENCE, what);
  cursor.enter();
  cursor.next(TAG.OID, what);
  const algorithm = oid(cursor, cursor);
  let parameter: DerNode | undefined;
  if (!cursor.done) {
    cursor.next(undefined, what);
    parameter = cursor.element();
  }
  cursor.endOf(what);
  cursor.leave();
  return { algorithm, parameter };
}

/** A BIT STRING's bytes; X.509 keys and signatures always fill whole bytes. */
export function bitStringBytes(source: DerSource, node: DerNode, what: string): Uint8Array {
  const { bytes } = source;
  if (node.end === node.start || bytes[node.start] !== 0) throw new DerError(`${what} is not a whole number of bytes`);
  return view(bytes, node.start + 1, node.end);
}

export function booleanValue(source: DerSource, node: DerNode): boolean {
  const value = source.bytes[node.start];
  if (node.end - node.start !== 1 || (value !== 0 && value !== 0xff)) throw new DerError('a boolean is malformed');
  return value === 0xff;
}

/** The number written by `count` ASCII digits at `at`; NaN when one is not a digit. */
function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const digit = (bytes[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

const PLUS = 0x2b;
const MINUS = 0x2d;
const Z = 0x5a;

/** The zone at `at` to the end: `Z`, or a `±hhmm` offset Go prints back the same way; minutes east of UTC, NaN otherwise. */
function zoneMinutes(bytes: Uint8Array, at: number, end: number): number {
  if (end - at === 1 && bytes[at] === Z) return 0;
  const sign = bytes[at] === PLUS ? 1 : bytes[at] === MINUS ? -1 : 0;
  if (sign === 0 || end - at !== 5) return Number.NaN;
  const hours = digits(bytes, at + 1, 2);
  const minutes = digits(bytes, at + 3, 2);
  // Go's time.Parse takes offsets up to 24 hours; 59 minutes, and a zero offset, are what it prints back.
  if (!(hours <= 24 && minutes <= 59) || hours + minutes === 0) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

/** Epoch ms of a calendar time, NaN when no such time exists (Feb 30, hour 24, second 60). */
function calendar(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  return real ? date.getTime() : Number.NaN;
}

/**
 * UTCTime or GeneralizedTime as Go's cryptobyte reads them (what kubectl accepts), in epoch ms:
 * UTCTime `YYMMDDhhmm[ss]` and GeneralizedTime `YYYYMMDDhhmmss`, each followed by `Z` or a
 * `±hhmm` offset, nothing else; two-digit years 50-99 are 19xx.
 */
export function timeValue(source: DerSource, node: DerNode, what: string): number {
  const utc = node.tag === TAG.UTC_TIME;
  if (!utc && node.tag !== TAG.GENERALIZED_TIME)
    throw new DerError(`${what} is not a time`, 'x509: malformed validity');
  const { bytes } = source;
  const { start: at, end } = node;
  const go = utc ? 'x509: malformed UTCTime' : 'x509: malformed GeneralizedTime';
  const y = utc ? 2 : 4;
  const zoneAt = end - (bytes[end - 1] === Z ? 1 : 5);
  const length = zoneAt - at;
  // Seconds are optional in UTCTime only (Go falls back to minute precision there).
  if (length !== y + 10 && !(utc && length === y + 8)) throw new DerError(`${what} is malformed`, go);
  const year = digits(bytes, at, y);
  const month = digits(bytes, at + y, 2);
  const day = digits(bytes, at + y + 2, 2);
  const hour = digits(bytes, at + y + 4, 2);
  const minute = digits(bytes, at + y + 6, 2);
  const second = length === y + 10 ? digits(bytes, at + y + 8, 2) : 0;
  const offset = zoneMinutes(bytes, zoneAt, end);
  const fullYear = utc ? (year >= 50 ? 1900 + year : 2000 + year) : year;
  const ms = calendar(fullYear, month, day, hour, minute, second) - offset * 60_000;
  if (Number.isNaN(ms)) throw new DerError(`${what} is malformed`, go);
  return ms;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/;
const NUMERIC = /^[0-9 ]*$/;
// eslint-disable-next-line no-control-regex -- IA5String is every 7-bit character, the control ones included
const ASCII = /^[\x00-\x7f]*$/;

/** Go's words for a name value it refuses. */
function invalidValue(reason: string): DerError {
  return new DerError(`a name holds ${reason}`, `x509: invalid RDNSequence: invalid attribute value: ${reason}`);
}

/**
 * A name attribute's value as text, validated as Go's parseASN1String does: a value of any
 * other type, or one that breaks its type's alphabet, makes kubectl refuse the certificate.
 */
export function stringValue(source: DerSource, node: DerNode): string {
  const { bytes } = source;
  const { start, end } = node;
  // Decoded in place from the Buffer the bytes come in (PEM bodies decode to one).
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  switch (node.tag) {
    case TAG.UTF8_STRING: {
      if (!isUtf8(buffer.subarray(start, end))) throw invalidValue('invalid UTF-8 string');
      return buffer.toString('utf8', start, end);
    }
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.NUMERIC_STRING:
    case TAG.T61_STRING: {
      const text = buffer.toString('latin1', start, end);
      if (node.tag === TAG.PRINTABLE_STRING && !PRINTABLE.test(text)) throw invalidValue('invalid PrintableString');
      if (node.tag === TAG.IA5_STRING && !ASCII.test(text)) throw invalidValue('invalid IA5String');
      if (node.tag === TAG.NUMERIC_STRING && !NUMERIC.test(text)) throw invalidValue('invalid NumericString');
      return text;
    }
    case TAG.BMP_STRING: {
      if ((end - start) % 2 !== 0) throw invalidValue('invalid BMPString');
      // Go drops one trailing NUL character; swap16 works on a copy of its own.
      const text = Buffer.from(buffer.subarray(start, end)).swap16().toString('utf16le');
      return text.endsWith('\0') ? text.slice(0, -1) : text;
    }
    default:
      throw invalidValue(`unsupported string type: ${node.tag}`);
  }
}
