/**
 * A js-yaml schema that types scalars the way kubectl's loader does. client-go reads a
 * kubeconfig with sigs.k8s.io/yaml, i.e. go-yaml v2 (YAML 1.1) into interface{} and
 * then encoding/json into the typed Config. So what matters is which plain scalars
 * go-yaml v2 turns into booleans, nulls and numbers: `yes`, `on`, `y` are booleans,
 * `010`, `1_000`, `0b1`, `08` and `1e3` are numbers, while timestamps and `12:30` stay
 * strings. Values of numbers are irrelevant (no kubeconfig field is numeric) except
 * that infinities and NaN make kubectl fail on the whole file, wherever they are.
 */
import {
  NOT_RESOLVED,
  Schema,
  boolYaml11Tag,
  defineScalarTag,
  mapTag,
  mergeTag,
  nullYaml11Tag,
  seqTag,
  strTag,
} from 'js-yaml';

/** Thrown while loading: go-yaml produced ±Inf/NaN and Go's JSON encoder refuses it. */
export class NonFiniteNumberError extends Error {
  constructor(readonly goValue: '+Inf' | '-Inf' | 'NaN') {
    super(`json: unsupported value: ${goValue}`);
  }
}

const NON_FINITE: Record<string, NonFiniteNumberError['goValue']> = {};
for (const spelling of ['.inf', '.Inf', '.INF']) {
  NON_FINITE[spelling] = '+Inf';
  NON_FINITE[`+${spelling}`] = '+Inf';
  NON_FINITE[`-${spelling}`] = '-Inf';
}
for (const spelling of ['.nan', '.NaN', '.NAN']) NON_FINITE[spelling] = 'NaN';

// strconv.ParseInt(s, 0, 64) / ParseUint syntax (underscores already removed by go-yaml).
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/;
// go-yaml v2's yamlStyleFloat, the gate before strconv.ParseFloat.
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// strconv.ParseFloat on a plain scalar starting with '.', underscores allowed between digits.
const DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseInt(plain, 0, 64), falling back to ParseUint as go-yaml does; undefined when neither parses. */
function goInt(plain: string): bigint | undefined {
  const m = GO_INT.exec(plain);
  if (!m) return undefined;
  const [, sign = '', hex, oct, bin, legacyOct, dec] = m;
  let magnitude: bigint;
  if (hex !== undefined) magnitude = BigInt(`0x${hex}`);
  else if (oct !== undefined) magnitude = BigInt(`0o${oct}`);
  else if (bin !== undefined) magnitude = BigInt(`0b${bin}`);
  else if (legacyOct !== undefined) magnitude = legacyOct === '' ? 0n : BigInt(`0o${legacyOct}`);
  else magnitude = BigInt(dec ?? '0');
  const limit = sign === '-' ? INT64_MAX + 1n : sign === '+' ? INT64_MAX : UINT64_MAX;
  if (magnitude > limit) return undefined;
  return sign === '-' ? -magnitude : magnitude;
}

/** go-yaml v2 resolve() for a plain scalar in the number branch: a number, or NOT_RESOLVED (a string). */
function resolveGoNumber(source: string): number | typeof NOT_RESOLVED {
  const nonFinite = NON_FINITE[source];
  if (nonFinite) throw new NonFiniteNumberError(nonFinite);
  if (source.startsWith('.')) return DOT_FLOAT.test(source) ? Number(source.replaceAll('_', '')) : NOT_RESOLVED;
  const plain = source.replaceAll('_', '');
  const int = goInt(plain);
  if (int !== undefined) return Number(int);
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    // ParseFloat reports overflow as an error, and go-yaml then keeps the text as a string.
    if (Number.isFinite(value)) return value;
  }
  return NOT_RESOLVED;
}

const numberTag = defineScalarTag<number>('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '-', '.'],
  resolve: (source, isExplicit) => {
    if (!isExplicit) return resolveGoNumber(source);
    const value = Number(source.replaceAll('_', ''));
    return Number.isNaN(value) ? NOT_RESOLVED : value;
  },
  identify: () => false,
});

const explicitIntTag = defineScalarTag<number>('tag:yaml.org,2002:int', {
  resolve: (source) => {
    const value = Number(source.replaceAll('_', ''));
    return Number.isNaN(value) ? NOT_RESOLVED : value;
  },
  identify: () => false,
});

// go-yaml decodes `!!binary` to bytes, which Go's JSON encoder then writes as (lossy) UTF-8 text.
const binaryAsTextTag = defineScalarTag<string>('tag:yaml.org,2002:binary', {
  resolve: (source) => Buffer.from(source, 'base64').toString('utf8'),
  identify: () => false,
});

// go-yaml keeps timestamps as their text when decoding into interface{}.
const timestampAsTextTag = defineScalarTag<string>('tag:yaml.org,2002:timestamp', {
  resolve: (source) => source,
  identify: () => false,
});

// go-yaml ignores local tags such as `!secret value` and keeps the scalar.
const localTagAsTextTag = defineScalarTag<string>('!', {
  matchByTagPrefix: true,
  resolve: (source) => source,
  identify: () => false,
});

export const GO_YAML_SCHEMA = new Schema([
  strTag,
  seqTag,
  mapTag,
  nullYaml11Tag,
  boolYaml11Tag,
  mergeTag,
  binaryAsTextTag,
  numberTag,
  explicitIntTag,
  timestampAsTextTag,
  localTagAsTextTag,
]);

/** `false`, `FALSE`: no implicit type but numbers has a longer spelling. */
export const LONGEST_SPECIAL_WORD = 5;

/**
 * The value a plain (unquoted, untagged) scalar loads as with GO_YAML_SCHEMA. Besides
 * numbers, which start with a digit, sign or dot, the implicit types only have short
 * spellings (`~`, `null`, `yes`, `false`...), so longer text starting with a letter,
 * such as base64 data, is a string without trying the resolvers.
 */
export function resolvePlainScalar(source: string): unknown {
  if (source.length > LONGEST_SPECIAL_WORD) {
    const lower = source.charCodeAt(0) | 0x20;
    if (lower >= 0x61 && lower <= 0x7a) return source;
  }
  return GO_YAML_SCHEMA.resolveImplicitScalarTag(source).value;
}
