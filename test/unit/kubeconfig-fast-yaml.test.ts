import fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadFastYaml } from '../../shared/kubeconfig/fast-yaml';
import { GO_YAML_SCHEMA } from '../../shared/kubeconfig/goyaml';

/** What the full loader makes of the text: the value, or 'error'. */
function jsYaml(text: string): unknown {
  try {
    return loadAll(text, { schema: GO_YAML_SCHEMA, json: true })[0];
  } catch {
    return 'error';
  }
}

/** Key order matters too: the model keeps list order and js-yaml keeps a repeated key's first position. */
function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).map(([k, v]) => [k, keyOrder(v)]);
  }
  return value;
}

function expectSameAsJsYaml(text: string, fast: unknown): void {
  const full = jsYaml(text);
  expect(fast).toStrictEqual(full);
  expect(keyOrder(fast)).toStrictEqual(keyOrder(full));
}

// ---- Documents: a tree of mappings, sequences and already-rendered scalars.

type Tree = { scalar: string } | { map: [string, Tree][] } | { seq: Tree[] };

interface Layout {
  width: number;
  /** kubectl writes list entries at the column of their key; others indent them. */
  indentSeq: boolean;
  comments: boolean;
  crlf: boolean;
  bom: boolean;
  documentStart: boolean;
  spacesAfterColon: number;
}

function render(root: [string, Tree][], layout: Layout, commentAt: (i: number) => string | null): string {
  const lines: string[] = [];
  const pad = (n: number) => ' '.repeat(n);
  const sep = pad(layout.spacesAfterColon);

  function mapping(entries: [string, Tree][], indent: number): string[] {
    const out: string[] = [];
    for (const [key, value] of entries) {
      const head = `${pad(indent)}${key}:`;
      if ('scalar' in value) out.push(value.scalar === '' ? head : `${head}${sep}${value.scalar}`);
      else if ('map' in value) {
        if (value.map.length === 0) out.push(`${head}${sep}{}`);
        else out.push(head, ...mapping(value.map, indent + layout.width));
      } else if (value.seq.length === 0) out.push(`${head}${sep}[]`);
      else out.push(head, ...sequence(value.seq, layout.indentSeq ? indent + layout.width : indent));
    }
    return out;
  }

  function sequence(items: Tree[], indent: number): string[] {
    const out: string[] = [];
    for (const item of items) {
      const dash = `${pad(indent)}-`;
      if ('scalar' in item) out.push(item.scalar === '' ? dash : `${dash} ${item.scalar}`);
      else if ('map' in item) {
        if (item.map.length === 0) out.push(`${dash} {}`);
        else {
          const [first = '', ...rest] = mapping(item.map, indent + 2);
          out.push(`${dash} ${first.slice(indent + 2)}`, ...rest);
        }
      } else if (item.seq.length === 0) out.push(`${dash} []`);
      else out.push(dash, ...sequence(item.seq, indent + layout.width));
    }
    return out;
  }

  for (const [i, line] of mapping(root, 0).entries()) {
    const comment = layout.comments ? commentAt(i) : null;
    if (comment !== null) lines.push(comment);
    lines.push(line);
  }
  const text = (layout.documentStart ? ['---', ...lines] : lines).join(layout.crlf ? '\r\n' : '\n') + '\n';
  return layout.bom ? `\uFEFF${text}` : text;
}

// ---- Scalars: the spellings tools write, and the tricky ones YAML 1.1 types.

const TYPED_PLAIN = [
  'yes',
  'No',
  'ON',
  'off',
  'y',
  'N',
  'true',
  'False',
  '~',
  'null',
  'NULL',
  '0',
  '010',
  '08',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '-5',
  '+7',
  '1e3',
  '1.5',
  '.5',
  '-.5e1',
  '1.',
  '12:30',
  '2001-12-14',
  '1e400',
  '99999999999999999999',
  '-9223372036854775809',
  '0x',
  'yesno',
  'nulls',
  'Y2VydA==',
];
const TEXT_PLAIN = [
  'v1',
  'Config',
  'https://prod.example:6443',
  'socks5://localhost:1080',
  'client.authentication.k8s.io/v1beta1',
  '--region',
  'eks',
  'a,b',
  'a]b',
  'a}b',
  'x#y',
  'user@example.com',
  'kubernetes-admin@prod-0',
  'café',
  '日本語',
  'with spaces inside',
  'emoji 🙂',
  'a%b',
  "it's",
  'say "hi"',
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t'.repeat(40),
];
const QUOTED = [
  '""',
  "''",
  '"quoted: x"',
  "'it''s'",
  '"yes"',
  "'0o17'",
  '" spaced "',
  '"tab\\there"',
  '"\\u00e9\\x41\\\\\\"\\/"',
  '"\\0\\a\\b\\n\\v\\f\\r\\e\\ \\N\\_\\L\\P"',
  '"\\U0001F642"',
  '"# not a comment"',
  "'- not a list'",
  '"{}"',
  "'[]'",
];
/** Outside the subset: the fast path must bail, never disagree. */
const OUTSIDE = [
  '.inf',
  '-.Inf',
  '.nan',
  '<<',
  '&a x',
  '*a',
  '!!str 5',
  '!custom x',
  '|',
  '>',
  '[a, b]',
  '{a: b}',
  '? x',
  ': x',
  '"unterminated',
  "'unterminated",
  '"bad \\q escape"',
  '"\\ud800"',
  'a: b',
  '- x',
  '@x',
  '`x',
  '%x',
  'a\tb',
  'x\u0085y',
];

const plainWord = fc
  .string({ unit: fc.constantFrom(...'abcXYZ09-._/=+ '.split('')), minLength: 1, maxLength: 12 })
  .filter((s) => /^[A-Za-z0-9]/.test(s));
const quote = (s: string) => fc.constantFrom(JSON.stringify(s), `'${s.replaceAll("'", "''")}'`);
const quotedAny = fc.string({ unit: 'grapheme', maxLength: 12 }).chain(quote);
/** Characters the fast path leaves to js-yaml even inside quotes (NEL, line separators, BOM, controls). */
const quotedInSubset = fc
  .string({ unit: 'grapheme', maxLength: 12 })
  .filter(
    (s) =>
      ![...s].some((ch) => {
        const c = ch.codePointAt(0) ?? 0;
        return (
          c < 0x20 ||
          (c >= 0x7f && c <= 0x9f) ||
          c === 0x2028 ||
          c === 0x2029 ||
          c === 0xfeff ||
          (c >= 0xfffe && c <= 0xffff)
        );
      }),
  )
  .chain(quote);
const comment = fc.constantFrom(' # note', '  #: {[odd]}', ' #');

/** Scalars in the subset, optionally followed by a comment. */
const inSubset: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.constantFrom(...TYPED_PLAIN, ...TEXT_PLAIN), fc.constantFrom(...QUOTED), plainWord, quotedInSubset),
    fc.option(comment, { freq: 4 }),
  )
  .map(([value, note]) => value + (note ?? ''));
const anyScalar = fc.oneof(
  { weight: 6, arbitrary: inSubset },
  { weight: 1, arbitrary: quotedAny },
  { weight: 1, arbitrary: fc.constantFrom(...OUTSIDE) },
);

const keyInSubset = fc.oneof(
  fc.constantFrom(
    'name',
    'cluster',
    'user',
    'server',
    'yes',
    'null',
    '~',
    '010',
    '1e3',
    'key with spaces',
    '__proto__',
  ),
  fc.constantFrom('"quoted: key"', "'it''s'", '""', '"yes"'),
  plainWord,
);
const anyKey = fc.oneof({ weight: 8, arbitrary: keyInSubset }, { weight: 1, arbitrary: fc.constantFrom(...OUTSIDE) });

function tree(scalar: fc.Arbitrary<string>, key: fc.Arbitrary<string>) {
  return fc.letrec<{ node: Tree; map: [string, Tree][] }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(scalar, fc.constant('')).map((s): Tree => ({ scalar: s })),
      tie('map').map((map): Tree => ({ map })),
      fc.array(tie('node'), { maxLength: 4 }).map((seq): Tree => ({ seq })),
    ),
    map: fc.array(fc.tuple(key, tie('node')), { maxLength: 5 }),
  })).map;
}

const layout: fc.Arbitrary<Layout> = fc.record({
  width: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  documentStart: fc.boolean(),
  spacesAfterColon: fc.constantFrom(1, 1, 3),
});
const comments = fc.func(fc.option(fc.constantFrom('# comment', '   # indented comment', '', '  ', '#'), { freq: 3 }));

describe('loadFastYaml', () => {
  it('loads exactly what js-yaml loads whenever it accepts a document, and bails otherwise', () => {
    fc.assert(
      fc.property(tree(anyScalar, anyKey), layout, comments, (root, shape, commentAt) => {
        const text = render(root, shape, commentAt);
        const fast = loadFastYaml(text);
        if (fast !== undefined) expectSameAsJsYaml(text, fast);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every block-style document made of the subset, as tools write them', () => {
    fc.assert(
      fc.property(
        tree(inSubset, keyInSubset).filter((map) => map.length > 0),
        layout,
        comments,
        (root, shape, commentAt) => {
          const text = render(root, shape, commentAt);
          const fast = loadFastYaml(text);
          expect(fast).toBeDefined();
          expectSameAsJsYaml(text, fast);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads a kubectl-style kubeconfig, with the compact list entries and base64 on one line', () => {
    const data = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM='.repeat(100);
    const text = [
      'apiVersion: v1',
      'clusters:',
      '- cluster:',
      `    certificate-authority-data: ${data}`,
      '    server: https://127.0.0.1:6443',
      '  name: kind',
      'contexts:',
      '- context:',
      '    cluster: kind',
      '    namespace: "on"',
      '    user: kind',
      '  name: kind',
      'current-context: kind',
      'kind: Config',
      'preferences: {}',
      'users:',
      '- name: kind',
      '  user:',
      '    exec:',
      '      args:',
      '      - --region',
      '      - "0123"',
      '      command: aws',
      '      env: null',
      '      provideClusterInfo: false',
    ].join('\n');
    const fast = loadFastYaml(text);
    expect(fast).toEqual({
      apiVersion: 'v1',
      clusters: [{ cluster: { 'certificate-authority-data': data, server: 'https://127.0.0.1:6443' }, name: 'kind' }],
      contexts: [{ context: { cluster: 'kind', namespace: 'on', user: 'kind' }, name: 'kind' }],
      'current-context': 'kind',
      kind: 'Config',
      preferences: {},
      users: [
        {
          name: 'kind',
          user: { exec: { args: ['--region', '0123'], command: 'aws', env: null, provideClusterInfo: false } },
        },
      ],
    });
    expectSameAsJsYaml(text, fast);
  });

  it.each([
    ['an empty document', ''],
    ['a top-level list', '- a\n'],
    ['a top-level scalar', 'text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a block scalar', 'a: |\n  x\n'],
    ['a tab in the indentation', 'a:\n\tb: c\n'],
    ['a flow mapping with content', 'a: {b: c}\n'],
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a:\n  <<: {}\n'],
    ['an infinity, which js-yaml reports', 'a: .inf\n'],
    ['a key that is its own mapping on one line', 'a: b: c\n'],
    ['an escaped line break in a double-quoted scalar', 'a: "x\\\n  y"\n'],
    ['a directive', '%YAML 1.1\n---\na: b\n'],
    ['an indented root', '  a: b\n'],
    ['a misaligned key', 'a:\n    b: 1\n  c: 2\n'],
    ['a non-printable character', 'a: x\u0007y\n'],
    ['a lone surrogate', 'a: x\uD800y\n'],
    ['deep nesting past js-yaml limits', Array.from({ length: 120 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
  ])('bails on %s', (_label, text) => {
    expect(loadFastYaml(text)).toBeUndefined();
  });

  it('types scalars like the schema: yes, 010 and 1e3 are not strings, quoted ones are', () => {
    expect(loadFastYaml('a: yes\nb: 010\nc: 1e3\nd: "yes"\ne: ~\nf: 12:30\ng: 0x1F\nh: y\n')).toStrictEqual({
      a: true,
      b: 8,
      c: 1000,
      d: 'yes',
      e: null,
      f: '12:30',
      g: 31,
      h: true,
    });
  });

  it('reads every character inside a plain key as js-yaml does, or bails', () => {
    const inside = [
      ...Array.from({ length: 0x80 }, (_, c) => String.fromCharCode(c)),
      ...['\u0085', '\u00e9', '\u2028', '\ufeff', '\ud83d\ude42', '\ud800', '\ude42'],
    ];
    const accepted: string[] = [];
    for (const ch of inside) {
      // The character mid-key, and before a `:` that is not followed by a space.
      for (const text of [`ke${ch}y: v\nnext: w\n`, `ke${ch}:y: v\n`]) {
        const fast = loadFastYaml(text);
        if (fast === undefined) continue;
        expectSameAsJsYaml(text, fast);
        accepted.push(ch);
      }
    }
    // Printable ASCII is read in place; flow indicators, tabs and lone surrogates are left to js-yaml.
    expect(accepted).toEqual(expect.arrayContaining(['#', ':', '"', '-', '|', '~', '\\', '\u00e9', '\ud83d\ude42']));
    expect(accepted).not.toContain('{');
    expect(accepted).not.toContain(',');
    expect(accepted).not.toContain('[');
    expect(accepted).not.toContain('\t');
    expect(accepted).not.toContain('\ud800');
  });

  it('lets a repeated key win at the position of its first occurrence, like js-yaml', () => {
    const fast = loadFastYaml('a: 1\nb: 2\na: 3\n');
    expect(Object.entries(fast ?? {})).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });
});
