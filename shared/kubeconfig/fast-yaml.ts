/**
 * A loader for the block-style YAML subset that kubectl, aws, gcloud and az write:
 * block mappings and sequences (also `- key: value`), one-line plain and quoted
 * scalars, `{}`, `[]`, comments and a leading `---`. It returns exactly what js-yaml
 * with GO_YAML_SCHEMA returns for the same text, and undefined ("not fast") for
 * anything else, so that the caller falls back to js-yaml, which then also reports
 * errors. Long base64 values are sliced out of the text, never rebuilt.
 */
import { LONGEST_SPECIAL_WORD, NonFiniteNumberError, resolvePlainScalar } from './goyaml';

type YamlMap = Record<string, unknown>;

/** Thrown inside the scanner when the text leaves the subset; never escapes loadFastYaml. */
const NOT_FAST = new Error('outside the fast YAML subset');

// js-yaml stops at 100 levels; staying well below keeps its errors its own.
const MAX_DEPTH = 50;
// YAML limits implicit keys to 1024 characters.
const MAX_KEY_LENGTH = 1024;

const SPACE = 0x20;
const HASH = 0x23;
const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const COLON = 0x3a;
const DASH = 0x2d;
const BACKSLASH = 0x5c;

/** Printable ASCII but space, `!`, `"`, `#` and `:`: characters that never end or break a plain scalar. */
const PLAIN_SAFE_RUN = /[$-9;-~]*/y;
/** Printable ASCII but `#`, `:` and the flow indicators `,[]{}`: characters a key's scan passes over. */
const KEY_SAFE_RUN = /[ -"$-+\--9;-Z\\^-z|~]*/y;

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTHS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Characters no plain scalar may start with here (YAML indicators; `-`, `?`, `:` kept out for simplicity). */
function isIndicator(c: number): boolean {
  return (
    c === DASH ||
    c === 0x3f || // ?
    c === COLON ||
    c === 0x2c || // ,
    c === 0x5b || // [
    c === 0x5d || // ]
    c === 0x7b || // {
    c === 0x7d || // }
    c === HASH ||
    c === 0x26 || // &
    c === 0x2a || // *
    c === 0x21 || // !
    c === 0x7c || // |
    c === 0x3e || // >
    c === QUOTE ||
    c === DOUBLE_QUOTE ||
    c === 0x25 || // %
    c === 0x40 || // @
    c === 0x60 // `
  );
}

function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

class Scanner {
  private readonly text: string;
  /** The current meaningful (not blank, not comment-only) line, when hasLine. */
  hasLine = false;
  indent = 0;
  /** Where the line's content starts (after the indentation) and ends (before CR LF). */
  contentStart = 0;
  lineEnd = 0;
  private next: number;
  /**
   * Short plain scalars as they resolve: keys such as `name` and `user` repeat thousands of times
   * in a large file, and each trip through js-yaml's resolvers cost ~0.25 µs (8 ms at 1000 contexts).
   */
  private readonly shortScalars = new Map<string, unknown>();

  constructor(text: string) {
    this.text = text;
    // js-yaml skips a byte order mark at the start of the stream.
    this.next = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  load(): YamlMap {
    this.advance();
    if (
      this.hasLine &&
      this.indent === 0 &&
      this.lineEnd - this.contentStart === 3 &&
      this.text.startsWith('---', this.contentStart)
    ) {
      this.advance();
    }
    if (!this.hasLine || this.indent !== 0 || this.isDash(this.contentStart)) throw NOT_FAST;
    const root = this.mapping(0, this.contentStart, 0);
    if (this.hasLine) throw NOT_FAST;
    return root;
  }

  /** Moves to the next meaningful line, checking the comment lines skipped on the way. */
  private advance(): void {
    const { text } = this;
    const length = text.length;
    let start = this.next;
    while (start < length) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? length : newline;
      this.next = newline < 0 ? length : newline + 1;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
      let i = start;
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      if (i === lineEnd) {
        start = this.next;
        continue;
      }
      if (text.charCodeAt(i) === HASH) {
        this.checkPrintable(i, lineEnd);
        start = this.next;
        continue;
      }
      this.hasLine = true;
      this.indent = i - start;
      this.contentStart = i;
      this.lineEnd = lineEnd;
      return;
    }
    this.hasLine = false;
  }

  /** `-` followed by a space or the end of the line: a block sequence entry. */
  private isDash(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.lineEnd || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** Bails on what js-yaml rejects as non-printable, and on what could be a line break or tab. */
  private checkPrintable(from: number, to: number): void {
    for (let i = from; i < to; i++) this.checkChar(this.text.charCodeAt(i), i);
  }

  private checkChar(c: number, at: number): void {
    if (c >= SPACE && c < 0x7f) return;
    if (c < 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff || c >= 0xfffe) throw NOT_FAST;
    // Only a high surrogate directly followed by a low one is a character.
    if (isHighSurrogate(c) && !isLowSurrogate(this.text.charCodeAt(at + 1))) throw NOT_FAST;
    if (isLowSurrogate(c) && !isHighSurrogate(this.text.charCodeAt(at - 1))) throw NOT_FAST;
  }

  /**
   * A block mapping whose keys sit at column `indent`; its first key starts at
   * `firstKey` on the current line (after `- ` for a mapping inside a sequence entry).
   */
  private mapping(indent: number, firstKey: number, depth: number): YamlMap {
    if (depth > MAX_DEPTH) throw NOT_FAST;
    const map: YamlMap = {};
    let keyStart = firstKey;
    for (;;) {
      this.entry(map, indent, keyStart, depth);
      if (!this.hasLine || this.indent < indent) return map;
      if (this.indent > indent || this.isDash(this.contentStart)) throw NOT_FAST;
      keyStart = this.contentStart;
    }
  }

  /** One `key: value` pair starting at `keyStart`; leaves the scanner on the line after the value. */
  private entry(map: YamlMap, indent: number, keyStart: number, depth: number): void {
    const keyEnd = this.keyEnd(keyStart);
    if (keyEnd < 0) throw NOT_FAST;
    const key = this.keyText(keyStart, keyEnd);
    const valueStart = this.skipSpaces(keyEnd + 1);
    let value: unknown;
    if (valueStart === this.lineEnd || this.text.charCodeAt(valueStart) === HASH) {
      this.checkPrintable(valueStart, this.lineEnd);
      this.advance();
      value = this.nested(indent, true, depth);
    } else {
      value = this.inlineValue(valueStart);
      this.advance();
    }
    if (this.hasLine && this.indent > indent) throw NOT_FAST;
    if (key === '__proto__') {
      Object.defineProperty(map, key, { value, enumerable: true, configurable: true, writable: true });
    } else {
      map[key] = value;
    }
  }

  /** The value of a `key:` or `-` with nothing after it: a nested block node, or null. */
  private nested(parentIndent: number, indentlessSequence: boolean, depth: number): unknown {
    if (!this.hasLine) return null;
    const { indent, contentStart } = this;
    const dash = this.isDash(contentStart);
    if (indent > parentIndent) {
      return dash ? this.sequence(indent, depth + 1) : this.mapping(indent, contentStart, depth + 1);
    }
    // kubectl's layout: a mapping's list entries at the same column as its key.
    if (indent === parentIndent && dash && indentlessSequence) return this.sequence(indent, depth + 1);
    return null;
  }

  private sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw NOT_FAST;
    const items: unknown[] = [];
    while (this.hasLine && this.indent === indent && this.isDash(this.contentStart)) {
      const itemStart = this.skipSpaces(this.contentStart + 1);
      if (itemStart === this.lineEnd || this.text.charCodeAt(itemStart) === HASH) {
        this.checkPrintable(itemStart, this.lineEnd);
        this.advance();
        items.push(this.nested(indent, false, depth));
      } else if (this.isDash(itemStart)) {
        throw NOT_FAST;
      } else if (this.keyEnd(itemStart) >= 0) {
        items.push(this.mapping(itemStart - (this.contentStart - this.indent), itemStart, depth + 1));
      } else {
        items.push(this.inlineValue(itemStart));
        this.advance();
      }
      if (this.hasLine && this.indent > indent) throw NOT_FAST;
    }
    return items;
  }

  /** Where the `:` of an implicit key starting at `at` is, or -1 when there is none (or one only js-yaml reads). */
  private keyEnd(at: number): number {
    const { text, lineEnd } = this;
    const first = text.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === QUOTE) {
      const colon = (first === DOUBLE_QUOTE ? this.doubleQuotedEnd(at) : this.singleQuotedEnd(at)) + 1;
      return text.charCodeAt(colon) === COLON && (colon + 1 === lineEnd || text.charCodeAt(colon + 1) === SPACE)
        ? colon
        : -1;
    }
    // Keys starting with an indicator are left to js-yaml; in a list entry this is a value such as `--flag`.
    if (isIndicator(first)) return -1;
    // One native scan over the characters that need no look (most keys whole), then a careful loop.
    KEY_SAFE_RUN.lastIndex = at;
    KEY_SAFE_RUN.test(text);
    for (let i = KEY_SAFE_RUN.lastIndex; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON) {
        if (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (c === HASH) {
        if (text.charCodeAt(i - 1) === SPACE) return -1;
      } else if (isFlowIndicator(c)) {
        return -1;
      } else {
        this.checkChar(c, i);
      }
    }
    return -1;
  }

  /** A mapping key as js-yaml stores it: the resolved scalar turned into a string. */
  private keyText(start: number, colon: number): string {
    const first = this.text.charCodeAt(start);
    if (first === DOUBLE_QUOTE) return this.doubleQuoted(start, colon - 1);
    if (first === QUOTE) return this.singleQuoted(start, colon - 1);
    let end = colon;
    while (this.text.charCodeAt(end - 1) === SPACE) end--;
    if (end - start > MAX_KEY_LENGTH) throw NOT_FAST;
    const source = this.text.slice(start, end);
    // A merge key needs js-yaml's merge semantics.
    if (source === '<<') throw NOT_FAST;
    return String(this.resolve(source));
  }

  /** A scalar, `{}` or `[]` filling the rest of the line (a comment may follow). */
  private inlineValue(start: number): unknown {
    const { text } = this;
    const first = text.charCodeAt(start);
    if (first === DOUBLE_QUOTE || first === QUOTE) {
      const end = first === DOUBLE_QUOTE ? this.doubleQuotedEnd(start) : this.singleQuotedEnd(start);
      this.expectLineEnd(end + 1);
      return first === DOUBLE_QUOTE ? this.doubleQuoted(start, end) : this.singleQuoted(start, end);
    }
    if (first === 0x7b || first === 0x5b) {
      if (text.charCodeAt(start + 1) !== first + 2) throw NOT_FAST;
      this.expectLineEnd(start + 2);
      return first === 0x7b ? {} : [];
    }
    // `--flag` is a plain scalar; `- x` here would be a sequence entry on the key's line.
    if (isIndicator(first) && !(first === DASH && !this.isDash(start))) throw NOT_FAST;
    return this.plain(start);
  }

  /** After a value: only spaces, then the end of the line or a comment. */
  private expectLineEnd(at: number): void {
    const i = this.skipSpaces(at);
    if (i === this.lineEnd) return;
    if (i > at && this.text.charCodeAt(i) === HASH) {
      this.checkPrintable(i, this.lineEnd);
      return;
    }
    throw NOT_FAST;
  }

  private plain(start: number): unknown {
    const { text, lineEnd } = this;
    let end = lineEnd;
    // One native scan over the characters that need no look (all of a base64 value), then a careful loop.
    PLAIN_SAFE_RUN.lastIndex = start;
    PLAIN_SAFE_RUN.test(text);
    for (let i = PLAIN_SAFE_RUN.lastIndex; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c > HASH && c < 0x7f) {
        if (c === COLON && (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE)) throw NOT_FAST;
      } else if (c === HASH && text.charCodeAt(i - 1) === SPACE) {
        this.checkPrintable(i, lineEnd);
        end = i;
        break;
      } else {
        this.checkChar(c, i);
      }
    }
    while (text.charCodeAt(end - 1) === SPACE) end--;
    const source = text.slice(start, end);
    if (source === '<<') throw NOT_FAST;
    return this.resolve(source);
  }

  /** resolvePlainScalar, memoized for the short scalars it cannot settle without js-yaml. */
  private resolve(source: string): unknown {
    if (source.length > LONGEST_SPECIAL_WORD) return resolvePlainScalar(source);
    const known = this.shortScalars.get(source);
    if (known !== undefined || this.shortScalars.has(source)) return known;
    const value = resolvePlainScalar(source);
    this.shortScalars.set(source, value);
    return value;
  }

  /** Index of the closing quote of a single-quoted scalar on this line. */
  private singleQuotedEnd(start: number): number {
    const { text, lineEnd } = this;
    for (let i = start + 1; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) !== QUOTE) return i;
        i++;
      } else {
        this.checkChar(c, i);
      }
    }
    throw NOT_FAST;
  }

  private singleQuoted(start: number, end: number): string {
    const body = this.text.slice(start + 1, end);
    return body.includes("''") ? body.replaceAll("''", "'") : body;
  }

  /** Index of the closing quote of a double-quoted scalar on this line. */
  private doubleQuotedEnd(start: number): number {
    const { text, lineEnd } = this;
    for (let i = start + 1; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === DOUBLE_QUOTE) return i;
      if (c === BACKSLASH) {
        // An escaped line break continues the scalar on the next line.
        if (i + 1 === lineEnd) throw NOT_FAST;
        i++;
      }
      this.checkChar(text.charCodeAt(i), i);
    }
    throw NOT_FAST;
  }

  private doubleQuoted(start: number, end: number): string {
    const { text } = this;
    let out = '';
    let chunk = start + 1;
    for (let i = chunk; i < end; i++) {
      if (text.charCodeAt(i) !== BACKSLASH) continue;
      out += text.slice(chunk, i);
      const escape = text[i + 1] ?? '';
      const simple = SIMPLE_ESCAPES[escape];
      if (simple !== undefined) {
        out += simple;
        i++;
      } else {
        const length = HEX_ESCAPE_LENGTHS[escape];
        const hex = length === undefined ? '' : text.slice(i + 2, i + 2 + length);
        if (length === undefined || hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw NOT_FAST;
        const codePoint = parseInt(hex, 16);
        if ((codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) throw NOT_FAST;
        out += String.fromCodePoint(codePoint);
        i += 1 + length;
      }
      chunk = i + 1;
    }
    return out + text.slice(chunk, end);
  }

  private skipSpaces(at: number): number {
    let i = at;
    while (i < this.lineEnd && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }
}

/**
 * The first document of `text` as js-yaml with GO_YAML_SCHEMA and `json: true` loads it,
 * when `text` is a block mapping in the fast subset; undefined otherwise.
 */
export function loadFastYaml(text: string): YamlMap | undefined {
  try {
    return new Scanner(text).load();
  } catch (err) {
    // An infinity anywhere is reported by the full loader, which also knows whether an earlier syntax error wins.
    if (err === NOT_FAST || err instanceof NonFiniteNumberError) return undefined;
    throw err;
  }
}
