/**
 * PEM blocks exactly as Go's encoding/pem Decode finds them, which is what kubectl reads
 * certificates and keys with. Hand-written because no JS library follows Go here
 * (node-forge's and OpenSSL's PEM readers accept blocks Go skips and the reverse); this
 * is Go's pem.Decode step for step, confirmed with kubectl:
 * - `-----BEGIN TYPE-----` starts a block only at the very start of the text or right
 *   after "\n" (not after a lone "\r", not indented); TYPE is everything up to the last
 *   `-----` of the line, trailing spaces and tabs dropped.
 * - Lines with a colon right after it are headers (`Proc-Type: 4,ENCRYPTED`).
 * - The first "\n-----END " after them ends the block; when its type differs, or the END
 *   line goes on after `-----TYPE-----` with anything but spaces and tabs (an END line
 *   glued to the next BEGIN), the block is dropped and the search goes on from its
 *   body, so a glued BEGIN is lost with it.
 * - The body is padded standard base64 after spaces, tabs, "\r" and "\n" are removed;
 *   a block whose body does not decode is dropped the same way.
 */

export interface PemBlock {
  type: string;
  /** Headers such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encrypted keys). */
  headers: Record<string, string>;
  der: Buffer;
}

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

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const TRAILING_BLANKS = /[ \t]+$/;
/** pem.Decode drops spaces and tabs; base64.StdEncoding skips "\r" and "\n". */
const SKIPPED_IN_BODY = /[ \t\r\n]/g;

/** Go's getLine: the line at `from` without its "\n" or "\r\n" and trailing blanks, and where the next one starts. */
function lineAt(text: string, from: number): { line: string; next: number } {
  let end = text.indexOf('\n', from);
  let next: number;
  if (end < 0) {
    end = text.length;
    next = end;
  } else {
    next = end + 1;
    if (end > from && text.charCodeAt(end - 1) === 0x0d) end -= 1;
  }
  return { line: text.slice(from, end).replace(TRAILING_BLANKS, ''), next };
}

/** The first block at or after `from` (Go's pem.Decode), and where the search for the next one starts. */
function decodeBlock(text: string, from: number): { block: PemBlock; next: number } | undefined {
  let rest = from;
  for (;;) {
    if (text.startsWith(BEGIN, rest)) {
      rest += BEGIN.length;
    } else {
      const at = text.indexOf(`\n${BEGIN}`, rest);
      if (at < 0) return undefined;
      rest = at + 1 + BEGIN.length;
    }
    const typeLine = lineAt(text, rest);
    rest = typeLine.next;
    if (!typeLine.line.endsWith(DASHES)) continue;
    const type = typeLine.line.slice(0, -DASHES.length);

    const headers = new Map<string, string>();
    for (;;) {
      if (rest >= text.length) return undefined;
      const { line, next } = lineAt(text, rest);
      const colon = line.indexOf(':');
      if (colon < 0) break;
      headers.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      rest = next;
    }

    let endIndex: number;
    let trailerIndex: number;
    if (headers.size === 0 && text.startsWith(END, rest)) {
      endIndex = rest;
      trailerIndex = rest + END.length;
    } else {
      endIndex = text.indexOf(`\n${END}`, rest);
      trailerIndex = endIndex + 1 + END.length;
    }
    if (endIndex < 0) continue;
    const trailer = `${type}${DASHES}`;
    if (!text.startsWith(trailer, trailerIndex)) continue;
    if (lineAt(text, trailerIndex + trailer.length).line !== '') continue;
    const der = decodeBase64(text.slice(rest, endIndex).replace(SKIPPED_IN_BODY, ''));
    if (!der) continue;
    return { block: { type, headers: Object.fromEntries(headers), der }, next: lineAt(text, trailerIndex).next };
  }
}

/** Every block Go's pem.Decode finds in the text, in order. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let from = 0;
  while (from < text.length) {
    const found = decodeBlock(text, from);
    if (!found) break;
    blocks.push(found.block);
    from = found.next;
  }
  return blocks;
}

// A block type is shown in messages only when it looks like one: the text may hold anything.
const SHOWABLE_TYPE = /^[A-Z0-9 ]{1,40}$/;

export function showableType(type: string): string {
  return SHOWABLE_TYPE.test(type) ? type : 'an unrecognised type';
}

/** Why text with no PEM block Go can read is not PEM, in words, for the common mistakes. */
export function notPemReason(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'it is empty';
  // A PEM base64-encoded once more: `-----BEGIN` in base64 is `LS0tLS1CRUdJT`.
  if (trimmed.startsWith('LS0tLS1CRUdJT')) return 'it holds base64 text, not PEM: the PEM was base64-encoded twice';
  // eslint-disable-next-line no-control-regex -- control bytes are exactly what tells binary from text
  if (/[\x00-\x08\x0e-\x1f\ufffd]/.test(trimmed.slice(0, 64))) {
    return 'it holds binary data (DER?), not PEM text';
  }
  if (trimmed.includes(BEGIN)) {
    return (
      'its PEM blocks are malformed: each BEGIN and END line must be a line of its own, the END type must ' +
      'match the BEGIN type, and the body must be valid base64'
    );
  }
  return 'it holds no PEM block';
}
