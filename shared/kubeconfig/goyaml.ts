/**
 * The one YAML reader for what kubectl reads as YAML (kubeconfigs, exec plugin output).
 * Contract: sigs.k8s.io/yaml's YAMLToJSON, i.e. go-yaml v2 (YAML 1.1) decoding into
 * interface{} and then the conversion to JSON-able values, as kubectl 1.27-1.33 do it.
 *
 * The `yaml` library does the reading (scanning, indentation, quoting, escapes, anchors), in
 * its failsafe schema so that every scalar comes back as its text with its tag and style.
 * What no option of it expresses is written here, one named go-yaml rule each, each tested
 * against kubectl (test/unit/goyaml.test.ts, test/fixtures/differential/yaml-*.json):
 * - SCALAR RESOLUTION (resolve.go `resolve`): which plain scalars are booleans, nulls,
 *   numbers; explicit tags that go-yaml checks (`!!int abc` is refused) and those it ignores
 *   (local, global, and any tag on a mapping or sequence); `!!binary` decoded.
 * - MERGE ORDER (decode.go `merge`): keys apply in document order, so an explicit key before
 *   `<<` is overridden by it and one after it wins; in `<<: [*a, *b]` the earlier map wins.
 * - MAP KEYS (sigs.k8s.io/yaml convertToJSONableObject): null and uint64 keys are refused,
 *   mapping and sequence keys too ("invalid map key"); others become their text.
 * - NON-FINITE NUMBERS: `.inf`/`.nan` anywhere make Go's JSON encoder fail.
 * - EXCESSIVE ALIASING (decode.go `unmarshal`): go-yaml's alias-to-node ratio rule, counted
 *   on the parsed tree in time linear in the text; aliases are then shared, never expanded.
 * - DOUBLE-QUOTED ESCAPES (scannerc.go): `\/` and surrogate code points are refused, `\'`
 *   is accepted.
 * - FLOW INDENTATION: inside `[...]`/`{...}` go-yaml ignores indentation, so a flow
 *   collection may continue and close at column 0 under a block key.
 * - DIRECTIVES: only `%YAML 1.1` (once) and `%TAG`.
 * - PRINTABLE TEXT (readerc.go): a control character anywhere stops the reader.
 * - LONG FLOW KEYS: an implicit key in a flow mapping ends within 1024 characters, as in block
 *   mappings (which the library already checks).
 */
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  Scalar,
  visit,
  type YAMLMap,
} from 'yaml';
import type { Position } from './model';

/** go-yaml or the JSON conversion refused the text; `offset` is where, when known. */
class GoYamlError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

export type GoYamlResult =
  { ok: true; value: unknown; document: Document.Parsed } | { ok: false; message: string; position?: Position };

const YAML_TAG = 'tag:yaml.org,2002:';
const STR = `${YAML_TAG}str`;
const INT = `${YAML_TAG}int`;
const FLOAT = `${YAML_TAG}float`;
const BOOL = `${YAML_TAG}bool`;
const NULL = `${YAML_TAG}null`;
const TIMESTAMP = `${YAML_TAG}timestamp`;
const BINARY = `${YAML_TAG}binary`;
const MERGE = `${YAML_TAG}merge`;
const RESOLVABLE = new Set(['', STR, INT, FLOAT, BOOL, NULL, TIMESTAMP]);

type Resolved =
  | { tag: typeof NULL; value: null }
  | { tag: typeof BOOL; value: boolean }
  | { tag: typeof INT; value: number; uint64?: true }
  | { tag: typeof FLOAT; value: number }
  | { tag: typeof STR | typeof TIMESTAMP; value: string };

const RESOLVE_MAP = new Map<string, Resolved>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
  RESOLVE_MAP.set(s, { tag: BOOL, value: true });
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
  RESOLVE_MAP.set(s, { tag: BOOL, value: false });
for (const s of ['', '~', 'null', 'Null', 'NULL']) RESOLVE_MAP.set(s, { tag: NULL, value: null });
for (const s of ['.nan', '.NaN', '.NAN']) RESOLVE_MAP.set(s, { tag: FLOAT, value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'])
  RESOLVE_MAP.set(s, { tag: FLOAT, value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) RESOLVE_MAP.set(s, { tag: FLOAT, value: -Infinity });

/** resolve.go's resolveTable: which first characters may start something other than a string. */
const HINTED = /^[-+0-9yYnNtTfFoO~.]/;
// strconv.ParseInt(s, 0, 64) / ParseUint syntax (underscores already removed by go-yaml).
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// strconv.ParseFloat on text starting with '.', underscores allowed between digits.
const DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;
// The layouts of resolve.go's allowedTimestampFormats, as time.Parse reads them.
const TIMESTAMP_FORM =
  /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})| \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

function goInt(plain: string): Resolved | undefined {
  const m = GO_INT.exec(plain);
  if (!m) return undefined;
  const [, sign = '', hex, oct, bin, legacyOct, dec] = m;
  let magnitude: bigint;
  if (hex !== undefined) magnitude = BigInt(`0x${hex}`);
  else if (oct !== undefined) magnitude = BigInt(`0o${oct}`);
  else if (bin !== undefined) magnitude = BigInt(`0b${bin}`);
  else if (legacyOct !== undefined) magnitude = legacyOct === '' ? 0n : BigInt(`0o${legacyOct}`);
  else magnitude = BigInt(dec ?? '0');
  if (sign === '-') return magnitude > INT64_MAX + 1n ? undefined : { tag: INT, value: -Number(magnitude) };
  if (magnitude <= INT64_MAX) return { tag: INT, value: Number(magnitude) };
  // ParseUint takes no sign.
  return sign === '' && magnitude <= UINT64_MAX ? { tag: INT, value: Number(magnitude), uint64: true } : undefined;
}

/** What go-yaml makes of a scalar's text with no tag (an implicit, plain scalar). */
function resolveImplicit(text: string, tag: string): Resolved {
  if (!HINTED.test(text) && text !== '') return { tag: STR, value: text };
  const known = RESOLVE_MAP.get(text);
  if (known) return known;
  if (text.startsWith('.')) {
    return DOT_FLOAT.test(text) ? { tag: FLOAT, value: Number(text.replaceAll('_', '')) } : { tag: STR, value: text };
  }
  if (/^[-+0-9]/.test(text)) {
    if ((tag === '' || tag === TIMESTAMP) && TIMESTAMP_FORM.test(text)) return { tag: TIMESTAMP, value: text };
    const plain = text.replaceAll('_', '');
    const int = goInt(plain);
    if (int) return int;
    if (YAML_STYLE_FLOAT.test(plain)) {
      const value = Number(plain);
      // ParseFloat reports overflow as an error, and go-yaml then keeps the text.
      if (Number.isFinite(value)) return { tag: FLOAT, value };
    }
  }
  return { tag: STR, value: text };
}

function shortTag(tag: string): string {
  return tag.startsWith(YAML_TAG) ? `!!${tag.slice(YAML_TAG.length)}` : tag;
}

/** RULE SCALAR RESOLUTION: go-yaml's decoder.scalar and resolve() for one scalar node. */
function resolveScalar(node: Scalar): Resolved {
  const text = node.value === null || node.value === undefined ? '' : String(node.value);
  const tag = node.tag ?? '';
  const plain = node.type === Scalar.PLAIN;
  if (tag === '' && !plain) return { tag: STR, value: text };
  if (tag === BINARY) return { tag: STR, value: decodeBinary(text, node) };
  if (!RESOLVABLE.has(tag)) return { tag: STR, value: text };
  if (tag === STR) return { tag: STR, value: text };
  const resolved = resolveImplicit(text, tag);
  if (tag === '' || tag === resolved.tag) return resolved;
  if (tag === FLOAT && resolved.tag === INT && !resolved.uint64) return { tag: FLOAT, value: resolved.value };
  throw new GoYamlError(`cannot decode ${shortTag(resolved.tag)} \`${text}\` as a ${shortTag(tag)}`, node.range?.[0]);
}

/** `!!binary`: base64.StdEncoding (line breaks skipped), the bytes then read as text. */
function decodeBinary(text: string, node: Scalar): string {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new GoYamlError('!!binary value contains invalid base64 data', node.range?.[0]);
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** A `<<` key go-yaml merges: plain and untagged, or tagged `!!merge`. */
function isMergeKey(key: unknown): boolean {
  return (
    isScalar(key) && key.value === '<<' && (key.tag === MERGE || (key.tag === undefined && key.type === Scalar.PLAIN))
  );
}

// RULE EXCESSIVE ALIASING: decode.go's allowedAliasRatio and its check in unmarshal().
const ALIAS_RATIO_RANGE_LOW = 400_000;
const ALIAS_RATIO_RANGE_HIGH = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_RANGE_LOW)) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW);
}

function excessive(aliasCount: number, decodeCount: number): boolean {
  return aliasCount > 100 && decodeCount > 1000 && aliasCount / decodeCount > allowedAliasRatio(decodeCount);
}

/** What each alias refers to. */
type AliasTargets = ReadonlyMap<Alias, Node>;

/**
 * Every alias's node, in one pass in document order: the last node before the alias that bears its
 * anchor, as yaml's Alias.resolve finds it (which walks the whole document for each alias, so a
 * file of many aliases would take quadratic time).
 */
function aliasTargets(document: Document.Parsed): AliasTargets {
  const targets = new Map<Alias, Node>();
  const anchored = new Map<string, Node>();
  visit(document, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = anchored.get(node.source);
        if (target) targets.set(node, target);
      } else if (node.anchor) {
        anchored.set(node.anchor, node);
      }
    },
  });
  return targets;
}

/**
 * Replays go-yaml's count of unmarshal() calls over the tree. Inside an alias both counts grow
 * together, so the ratio only rises there and checking at the alias's end is enough; a whole
 * aliased subtree's count comes from `size`, memoised per node, so nothing is expanded.
 */
class AliasCounter {
  private decodeCount = 0;
  private aliasCount = 0;
  private readonly sizes = new Map<Node, number>();

  private size(node: unknown): number {
    if (!node || typeof node !== 'object') return 1;
    const known = this.sizes.get(node as Node);
    if (known !== undefined) return known;
    // A cycle is refused when decoding; counting it as one node here keeps this finite.
    this.sizes.set(node as Node, 1);
    let total = 1;
    if (isAlias(node)) total += this.size(node.source ? this.target(node) : undefined);
    else if (isSeq(node)) for (const item of node.items) total += this.size(item);
    else if (isMap(node)) {
      for (const pair of node.items) {
        if (isMergeKey(pair.key)) total += this.mergeSize(pair.value);
        else total += this.size(pair.key) + this.size(pair.value);
      }
    }
    this.sizes.set(node as Node, total);
    return total;
  }

  private mergeSize(value: unknown): number {
    if (isSeq(value)) return value.items.reduce((sum: number, item) => sum + this.size(item), 0);
    return this.size(value);
  }

  constructor(
    private readonly document: Document.Parsed,
    private readonly targets: AliasTargets,
  ) {}

  private target(alias: Node): Node | undefined {
    return isAlias(alias) ? this.targets.get(alias) : undefined;
  }

  private step(offset: number | undefined): void {
    this.decodeCount++;
    if (excessive(this.aliasCount, this.decodeCount)) {
      throw new GoYamlError('document contains excessive aliasing', offset);
    }
  }

  visit(node: unknown): void {
    const offset = (node as Node | undefined)?.range?.[0];
    this.step(offset);
    if (isAlias(node)) {
      const expanded = this.size(this.target(node));
      this.decodeCount += expanded;
      this.aliasCount += expanded;
      if (excessive(this.aliasCount, this.decodeCount)) {
        throw new GoYamlError('document contains excessive aliasing', offset);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) this.visit(item);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isMergeKey(pair.key)) {
          this.visit(pair.key);
          this.visit(pair.value);
        } else if (isSeq(pair.value)) {
          for (let i = pair.value.items.length - 1; i >= 0; i--) this.visit(pair.value.items[i]);
        } else {
          this.visit(pair.value);
        }
      }
    }
  }

  /** The document node counts too. */
  visitDocument(): void {
    this.step(undefined);
    if (this.document.contents) this.visit(this.document.contents);
  }
}

/** scannerc.go: a simple (implicit) key ends within this many characters of its start. */
const SIMPLE_KEY_LIMIT = 1024;

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

function isPlainObject(value: Value): value is { [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds the values go-yaml and the JSON conversion make; an alias shares its anchor's value. */
class Decoder {
  private readonly anchored = new Map<Node, Value>();
  private readonly inProgress = new Set<Node>();

  constructor(private readonly targets: AliasTargets) {}

  value(node: unknown): Value {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.alias(node);
    if (isScalar(node)) {
      const resolved = resolveScalar(node);
      // RULE NON-FINITE NUMBERS
      if (resolved.tag === FLOAT && !Number.isFinite(resolved.value)) {
        const goValue = Number.isNaN(resolved.value) ? 'NaN' : resolved.value > 0 ? '+Inf' : '-Inf';
        throw new GoYamlError(`json: unsupported value: ${goValue}`, node.range?.[0]);
      }
      return resolved.value;
    }
    if (isSeq(node)) return node.items.map((item) => this.value(item));
    if (isMap(node)) return this.mapping(node);
    return null;
  }

  private alias(node: Node): Value {
    const target = isAlias(node) ? this.targets.get(node) : undefined;
    if (!target) throw new GoYamlError(`unknown anchor referenced`, node.range?.[0]);
    const known = this.anchored.get(target);
    if (known !== undefined) return known;
    if (this.inProgress.has(target)) {
      throw new GoYamlError(`anchor '${isAlias(node) ? node.source : ''}' value contains itself`, node.range?.[0]);
    }
    this.inProgress.add(target);
    const value = this.value(target);
    this.inProgress.delete(target);
    this.anchored.set(target, value);
    return value;
  }

  /** RULE MAP KEYS: a key as sigs.k8s.io/yaml turns it into a JSON object key. */
  private key(node: unknown): string {
    if (isScalar(node)) {
      const resolved = resolveScalar(node);
      if (resolved.tag === NULL) {
        throw new GoYamlError('unsupported map key of type: %!s(<nil>), key: <nil>', node.range?.[0]);
      }
      if (resolved.tag === INT && resolved.uint64) {
        throw new GoYamlError(`unsupported map key of type: uint64, key: ${String(node.value)}`, node.range?.[0]);
      }
      if (resolved.tag === FLOAT && !Number.isFinite(resolved.value)) {
        return Number.isNaN(resolved.value) ? '.nan' : resolved.value > 0 ? '.inf' : '-.inf';
      }
      return String(resolved.value);
    }
    const value = this.value(node);
    if (typeof value === 'string') return value;
    if (value === null) throw new GoYamlError('unsupported map key of type: %!s(<nil>), key: <nil>');
    if (typeof value === 'object') {
      throw new GoYamlError('invalid map key: a mapping or sequence', (node as Node | undefined)?.range?.[0]);
    }
    return String(value);
  }

  /** RULE MERGE ORDER: every entry, merged or explicit, is set in document order; later ones win. */
  private mapping(node: YAMLMap): Value {
    const out: { [key: string]: Value } = {};
    for (const pair of node.items) {
      // RULE LONG FLOW KEYS
      if (
        node.flow &&
        isScalar(pair.key) &&
        pair.key.range &&
        pair.key.range[1] - pair.key.range[0] > SIMPLE_KEY_LIMIT
      ) {
        throw new GoYamlError("did not find expected ',' or '}'", pair.key.range[0]);
      }
      if (isMergeKey(pair.key)) {
        this.merge(pair.value, out);
        continue;
      }
      const key = this.key(pair.key);
      const value = this.value(pair.value);
      // A key `__proto__` is data, as in Go: defineProperty, not assignment.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  private merge(value: unknown, out: { [key: string]: Value }): void {
    const wantMap = (): never => {
      throw new GoYamlError(
        'map merge requires map or sequence of maps as the value',
        (value as Node | undefined)?.range?.[0],
      );
    };
    const mergeOne = (item: unknown): void => {
      const target = isAlias(item) ? this.targets.get(item) : item;
      if (!isMap(target)) wantMap();
      const merged = this.value(item);
      if (!isPlainObject(merged)) return wantMap();
      for (const key of Object.keys(merged)) {
        Object.defineProperty(out, key, { value: merged[key], enumerable: true, writable: true, configurable: true });
      }
    };
    if (isSeq(value)) {
      // Backwards, as go-yaml does: the earlier maps are set last and so take precedence.
      for (let i = value.items.length - 1; i >= 0; i--) mergeOne(value.items[i]);
    } else {
      mergeOne(value);
    }
  }
}

// RULE DOUBLE-QUOTED ESCAPES: scannerc.go's yaml_parser_scan_flow_scalar, escape by escape.
const ESCAPE =
  /\\(?:x(?<x>[0-9A-Fa-f]{2})|u(?<u>[0-9A-Fa-f]{4})|U(?<U>[0-9A-Fa-f]{8})|(?<simple>[0abt\tnvfre "'\\/N_LP\r\n]))/gy;
const HEX_ESCAPE_START = /^[xuU]/;

function checkDoubleQuoted(source: string, start: number): void {
  for (let i = source.indexOf('\\'); i >= 0; i = source.indexOf('\\', i)) {
    ESCAPE.lastIndex = i;
    const m = ESCAPE.exec(source);
    const at = start + i;
    if (!m) {
      if (HEX_ESCAPE_START.test(source.slice(i + 1)))
        throw new GoYamlError('did not find expected hexdecimal number', at);
      throw new GoYamlError('found unknown escape character while parsing a quoted scalar', at);
    }
    if (m.groups?.simple === '/')
      throw new GoYamlError('found unknown escape character while parsing a quoted scalar', at);
    const code = parseInt(m.groups?.u ?? m.groups?.U ?? '0', 16);
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
      throw new GoYamlError('found invalid Unicode character escape code while parsing a quoted scalar', at);
    }
    i = ESCAPE.lastIndex;
  }
}

/** A double-quoted scalar's value with `\'` read as `'`, which the library refuses and go-yaml accepts. */
function withApostropheEscapes(source: string): string {
  const fixed = source.replace(/\\(.)/gs, (all, char: string) => (char === "'" ? '\\x27' : all));
  const value = parseDocument(fixed, { schema: 'failsafe' }).contents;
  return isScalar(value) ? String(value.value) : source;
}

/**
 * go-yaml checks each double-quoted scalar's escapes; the value of one with `\'` is read again.
 * `range[0]..range[1]` of a scalar is its token in the source, quotes included.
 */
function checkEscapes(document: Document.Parsed, source: string, apostrophes: boolean): void {
  const check = (node: unknown): void => {
    if (isScalar(node)) {
      if (node.type !== Scalar.QUOTE_DOUBLE || !node.range) return;
      const token = source.slice(node.range[0], node.range[1]);
      if (!token.includes('\\')) return;
      checkDoubleQuoted(token, node.range[0]);
      if (apostrophes && token.includes("\\'")) node.value = withApostropheEscapes(token);
    } else if (isSeq(node)) {
      for (const item of node.items) check(item);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        check(pair.key);
        check(pair.value);
      }
    }
  };
  check(document.contents);
}

// RULE PRINTABLE TEXT: what readerc.go lets through (tab, line breaks, NEL, printable code points).
const NOT_PRINTABLE = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function checkPrintable(text: string): void {
  const at = text.search(NOT_PRINTABLE);
  if (at >= 0) throw new GoYamlError('control characters are not allowed', at);
}

// RULE DIRECTIVES: go-yaml's parser takes %YAML 1.1 once, and %TAG; anything else is an error.
const DIRECTIVE_LINE = /^%(\S*)[ \t]*(\S*)/gm;

function checkDirectives(text: string): void {
  if (!text.startsWith('%') && !text.includes('\n%')) return;
  const end = /^---(?=[ \t\r\n]|$)/m.exec(text)?.index ?? text.length;
  let yamlDirectives = 0;
  DIRECTIVE_LINE.lastIndex = 0;
  for (let m = DIRECTIVE_LINE.exec(text); m && m.index < end; m = DIRECTIVE_LINE.exec(text)) {
    const [, name, version] = m;
    if (name === 'YAML') {
      if (++yamlDirectives > 1) throw new GoYamlError('found duplicate %YAML directive', m.index);
      if (version !== '1.1') throw new GoYamlError('found incompatible YAML document', m.index);
    } else if (name !== 'TAG') {
      throw new GoYamlError('found unknown directive name', m.index);
    }
  }
}

const PARSE_OPTIONS = {
  version: '1.1',
  schema: 'failsafe',
  uniqueKeys: false,
  merge: false,
  prettyErrors: false,
} as const;

const FLOW_INDENT = /^Flow (?:sequence|map) in block collection must be sufficiently indented/;
/**
 * Each line of flow content at too small an indentation costs one more parse: at most this many
 * characters are parsed in all, so junk full of such lines is refused in bounded time.
 */
const FLOW_INDENT_BUDGET = 4_000_000;

/**
 * RULE FLOW INDENTATION: the library ends a flow collection at a line less indented than its
 * parent block's content; go-yaml does not look at indentation inside `[...]`/`{...}`. Such a
 * line gets one more column than the content line before it, which changes no value: leading
 * white space inside a flow collection, quoted scalars included, is not part of any value.
 */
function parseWithFlowIndentation(text: string): { document: Document.Parsed; source: string } {
  let source = text;
  for (let parsed = text.length; ; parsed += source.length) {
    const document = parseDocument(source, PARSE_OPTIONS);
    const first = document.errors[0];
    if (!first || first.code !== 'BAD_INDENT' || !FLOW_INDENT.test(first.message) || parsed > FLOW_INDENT_BUDGET) {
      return { document, source };
    }
    const lineStart = source.lastIndexOf('\n', first.pos[0] - 1) + 1;
    const before = source.slice(0, Math.max(0, lineStart - 1)).split('\n');
    const previous = before.reverse().find((line) => line.trim() !== '' && !line.trimStart().startsWith('#')) ?? '';
    const pad = ' '.repeat(previous.length - previous.trimStart().length + 1);
    source = source.slice(0, lineStart) + pad + source.slice(lineStart);
  }
}

/**
 * BOUNDED TIME on junk: the library recovers from every error and goes on, which on text with
 * an error on every line costs seconds per megabyte (as much as dense valid YAML: its cost is
 * per token). So the first 64 KB of a larger text (cut at a line end) is read first: many
 * errors there make it junk whatever follows, and the first error is the answer. A valid
 * prefix has at most a few, where it was cut. One probe, not a series of growing ones: each
 * would be read again in full (a 3 MB kubeconfig paid 576 KB of extra reading for two).
 */
const PROBE_SIZE = 64 * 1024;
const JUNK_ERRORS = 20;

function junkError(text: string): { message: string; offset: number } | undefined {
  if (text.length <= PROBE_SIZE * 2) return undefined;
  const end = text.lastIndexOf('\n', PROBE_SIZE) + 1;
  const { errors } = parseDocument(text.slice(0, end), PARSE_OPTIONS);
  const first = errors[0];
  return first && errors.length >= JUNK_ERRORS ? { message: first.message, offset: first.pos[0] } : undefined;
}

export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Reads one YAML document as kubectl does; the error, if any, in go-yaml's or Go's JSON encoder's words. */
export function readGoYaml(text: string): GoYamlResult {
  try {
    checkPrintable(text);
    checkDirectives(text);
    const junk = junkError(text);
    if (junk) throw new GoYamlError(junk.message.split('\n')[0] ?? junk.message, junk.offset);
    const { document, source } = parseWithFlowIndentation(text);
    const errors = document.errors.filter((e) => !(e.code === 'BAD_DQ_ESCAPE' && source.startsWith("\\'", e.pos[0])));
    const first = errors[0];
    if (first) {
      const [line = first.message] = first.message.split('\n');
      return { ok: false, message: line, position: positionAt(text, first.pos[0]) };
    }
    checkEscapes(document, source, errors.length !== document.errors.length);
    const targets = aliasTargets(document);
    new AliasCounter(document, targets).visitDocument();
    return { ok: true, value: new Decoder(targets).value(document.contents), document };
  } catch (err) {
    if (err instanceof GoYamlError) {
      return err.offset === undefined
        ? { ok: false, message: err.message }
        : { ok: false, message: err.message, position: positionAt(text, err.offset) };
    }
    if (err instanceof RangeError) return { ok: false, message: 'the document is nested too deeply' };
    throw err;
  }
}
