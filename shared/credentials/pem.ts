/**
 * PEM blocks as Go's encoding/pem finds them (what kubectl reads certificates and
 * keys with): `-----BEGIN TYPE-----` at the start of a line, optional RFC 1421
 * headers, a base64 body, and `-----END TYPE-----` with the same type. Text outside
 * blocks is skipped. A block whose body is not valid base64 is skipped too, as Go
 * skips it; it is kept here (without bytes) so messages can say what was wrong.
 */

export interface PemBlock {
  type: string;
  /** Headers such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encrypted keys). */
  headers: Record<string, string>;
  /** The decoded body; absent when the body is not valid base64. */
  der?: Buffer;
}

const BLOCK = /^-----BEGIN ([^\r\n]*?)-----[ \t]*\r?\n([\s\S]*?)^-----END \1-----/gm;
const HEADER = /^([^:\s][^:\r\n]*):[ \t]*(.*?)\r?$/;
const EQUALS = 0x3d;

/**
 * Padded standard base64 (Go's base64.StdEncoding, /^[A-Za-z0-9+/]*={0,2}$/ in whole
 * quads), decoded; undefined when the text is not that. Buffer.from is native and fast
 * but lenient: it skips characters it does not know and also takes base64url's - and _.
 * A skipped character always makes the output shorter than the length the text
 * announces, so comparing lengths finds them without a regex over every character.
 */
export function decodeBase64(text: string): Buffer | undefined {
  const length = text.length;
  if (length % 4 !== 0) return undefined;
  let padding = 0;
  while (padding < 3 && text.charCodeAt(length - 1 - padding) === EQUALS) padding += 1;
  if (padding > 2 || text.includes('-') || text.includes('_')) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === (length / 4) * 3 - padding ? bytes : undefined;
}

const WHITESPACE = /[ \t\r\n]/g;

function parseBody(body: string): Pick<PemBlock, 'headers' | 'der'> {
  // Base64 never holds a colon: without one there are no headers, and the body is all base64.
  if (!body.includes(':')) return bodyOf({}, body.replace(WHITESPACE, ''));
  const lines = body.split('\n');
  const headers: Record<string, string> = {};
  let i = 0;
  // Go reads `Key: Value` lines until one has no colon (base64 never does).
  for (; i < lines.length; i += 1) {
    const match = HEADER.exec(lines[i] as string);
    if (!match) break;
    headers[match[1] as string] = match[2] as string;
  }
  return bodyOf(headers, lines.slice(i).join('').replace(WHITESPACE, ''));
}

function bodyOf(headers: Record<string, string>, base64: string): Pick<PemBlock, 'headers' | 'der'> {
  const der = decodeBase64(base64);
  return der ? { headers, der } : { headers };
}

export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    blocks.push({ type: match[1] as string, ...parseBody(match[2] as string) });
  }
  return blocks;
}

// A block type is shown in messages only when it looks like one: the text may hold anything.
const SHOWABLE_TYPE = /^[A-Z0-9 ]{1,40}$/;

export function showableType(type: string): string {
  return SHOWABLE_TYPE.test(type) ? type : 'an unrecognised type';
}

/** Why text with no usable PEM block is not PEM, in words, for the common mistakes. */
export function notPemReason(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'it is empty';
  // A PEM base64-encoded once more: `-----BEGIN` in base64 is `LS0tLS1CRUdJT`.
  if (trimmed.startsWith('LS0tLS1CRUdJT')) return 'it holds base64 text, not PEM: the PEM was base64-encoded twice';
  // eslint-disable-next-line no-control-regex -- control bytes are exactly what tells binary from text
  if (/[\x00-\x08\x0e-\x1f\ufffd]/.test(trimmed.slice(0, 64))) {
    return 'it holds binary data (DER?), not PEM text';
  }
  return 'it holds no PEM block';
}
