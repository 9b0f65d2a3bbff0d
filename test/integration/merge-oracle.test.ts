/**
 * kubectl is the oracle: the same files, the same KUBECONFIG, and our parse + merge
 * must agree with what `kubectl config view` prints, and with which files kubectl
 * refuses. Path resolution is observed two ways, since `config view` prints paths as
 * written: `--flatten` inlines the CA/cert/key files kubectl resolved (each file's
 * content is its own absolute path), and a request makes kubectl name the token file
 * and exec plugin it resolved when they are missing.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeKubeconfig } from '../../shared/kubeconfig/decode';
import { mergeKubeconfigs } from '../../shared/kubeconfig/merge';
import type { Cluster, Context, KubeconfigDocument, Named, User } from '../../shared/kubeconfig/model';
import { parseKubeconfig } from '../../shared/kubeconfig/parse';
import { kubeconfigPaths } from '../../shared/kubeconfig/paths';
import { KUBECTL } from '../fixtures/kubectl';
import { tempDir } from '../support/temp';

if (!KUBECTL) console.warn('merge-oracle: kubectl is not on PATH, skipping the kubectl oracle tests');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `signal` kills kubectl: once a test has timed out, kubectl must not write into its HOME after it is removed. */
function runKubectl(args: string[], env: Record<string, string>, signal?: AbortSignal): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL ?? 'kubectl',
      args,
      { env: { PATH: process.env.PATH ?? '', ...env }, cwd: env.HOME, timeout: 20_000, signal },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// ---- One comparable shape for both sides: kubectl's JSON, kebab keys, empty values dropped.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function prune(value: unknown): Json | undefined {
  if (value === undefined || value === null || value === '' || value === false) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v): v is Json => v !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const pruned = prune(v);
      if (pruned !== undefined) out[k] = pruned;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value as Json;
}

const canonicalBase64 = (text: string | undefined) =>
  text === undefined ? undefined : Buffer.from(text, 'base64').toString('base64');
const pathAsData = (p: string | undefined) => (p ? Buffer.from(p).toString('base64') : undefined);

interface ViewOptions {
  /** `--flatten`: CA/cert/key paths become the base64 of the file's content, which is its own path. */
  flatten: boolean;
}

function ourClusterView(c: Cluster, { flatten }: ViewOptions): unknown {
  return {
    server: c.server,
    'certificate-authority': flatten ? undefined : c.certificateAuthority,
    'certificate-authority-data': flatten
      ? pathAsData(c.certificateAuthority)
      : canonicalBase64(c.certificateAuthorityData),
    'insecure-skip-tls-verify': c.insecureSkipTlsVerify,
    'tls-server-name': c.tlsServerName,
    'proxy-url': c.proxyUrl,
  };
}

function kubectlClusterView(c: Record<string, unknown>): unknown {
  return {
    server: c.server,
    'certificate-authority': c['certificate-authority'],
    'certificate-authority-data': canonicalBase64(c['certificate-authority-data'] as string | undefined),
    'insecure-skip-tls-verify': c['insecure-skip-tls-verify'],
    'tls-server-name': c['tls-server-name'],
    'proxy-url': c['proxy-url'],
  };
}

/** Our model in kubectl's shape. `written` supplies token file and exec command as written (config view does not resolve them). */
function ourUserView(u: User, written: User, { flatten }: ViewOptions): unknown {
  const exec = u.exec && {
    command: written.exec?.command,
    args: u.exec.args,
    env: u.exec.env,
    apiVersion: u.exec.apiVersion,
    installHint: u.exec.installHint,
    provideClusterInfo: u.exec.provideClusterInfo,
    // client-go's defaulting, which `config view` shows.
    interactiveMode:
      u.exec.interactiveMode ?? (/\/v1(alpha1|beta1)$/.test(u.exec.apiVersion ?? '') ? 'IfAvailable' : undefined),
  };
  return {
    'client-certificate': flatten ? undefined : u.clientCertificate,
    'client-certificate-data': flatten ? pathAsData(u.clientCertificate) : canonicalBase64(u.clientCertificateData),
    'client-key': flatten ? undefined : u.clientKey,
    'client-key-data': flatten ? pathAsData(u.clientKey) : canonicalBase64(u.clientKeyData),
    token: u.token,
    tokenFile: written.tokenFile,
    username: u.username,
    password: u.password,
    'auth-provider': u.authProvider,
    exec,
  };
}

function kubectlUserView(u: Record<string, unknown>): unknown {
  const data = (key: string) => canonicalBase64(u[key] as string | undefined);
  return {
    'client-certificate': u['client-certificate'],
    'client-certificate-data': data('client-certificate-data'),
    'client-key': u['client-key'],
    'client-key-data': data('client-key-data'),
    token: u.token,
    tokenFile: u.tokenFile,
    username: u.username,
    password: u.password,
    'auth-provider': u['auth-provider'],
    exec: u.exec,
  };
}

function contextView(c: Context | Record<string, unknown>): unknown {
  return { cluster: c.cluster, user: c.user, namespace: c.namespace };
}

const byName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => (a.name < b.name ? -1 : 1));

interface KubectlConfig {
  clusters: { name: string; cluster: Record<string, unknown> }[] | null;
  users: { name: string; user: Record<string, unknown> }[] | null;
  contexts: { name: string; context: Record<string, unknown> }[] | null;
  'current-context': string;
}

function kubectlView(config: KubectlConfig): Json | undefined {
  return prune({
    clusters: byName(config.clusters ?? []).map((c) => ({ name: c.name, cluster: kubectlClusterView(c.cluster) })),
    users: byName(config.users ?? []).map((u) => ({ name: u.name, user: kubectlUserView(u.user) })),
    contexts: byName(config.contexts ?? []).map((c) => ({ name: c.name, context: contextView(c.context) })),
    'current-context': config['current-context'],
  });
}

interface OurConfig {
  clusters: Named<Cluster>[];
  users: Named<User>[];
  contexts: Named<Context>[];
  currentContext?: string;
}

function ourView(config: OurConfig, written: (entry: Named<User>) => User, options: ViewOptions): Json | undefined {
  // A cluster always has `server` in kubectl's output; an empty one prunes away on both sides.
  return prune({
    clusters: byName(config.clusters).map((c) => ({ name: c.name, cluster: ourClusterView(c.value, options) })),
    users: byName(config.users).map((u) => ({ name: u.name, user: ourUserView(u.value, written(u), options) })),
    contexts: byName(config.contexts).map((c) => ({ name: c.name, context: contextView(c.value) })),
    'current-context': config.currentContext,
  });
}

// ---- Single files: kubectl's accept/reject decisions and the parsed shape.

let scratch = '';

async function kubectlReads(text: string | Buffer): Promise<{ accepted: boolean; view?: Json; stderr: string }> {
  const file = path.join(scratch, 'single.yaml');
  writeFileSync(file, text);
  const run = await runKubectl(['config', 'view', '--raw', '-o', 'json', '--kubeconfig', file], { HOME: scratch });
  if (run.code !== 0) return { accepted: false, stderr: run.stderr };
  return { accepted: true, view: kubectlView(JSON.parse(run.stdout) as KubectlConfig), stderr: run.stderr };
}

function ourSingleView(doc: KubeconfigDocument): Json | undefined {
  return ourView(doc, (u) => u.value, { flatten: false });
}

async function expectSameVerdict(content: string | Buffer): Promise<void> {
  const theirs = await kubectlReads(content);
  const text = decodeKubeconfig(Buffer.from(content));
  const ours = parseKubeconfig(text, path.join(scratch, 'single.yaml'));
  const label = `${JSON.stringify(text.slice(0, 300))}\nkubectl: ${theirs.stderr.trim()}\nours: ${ours.ok ? 'ok' : ours.error.message}`;
  expect(ours.ok, label).toBe(theirs.accepted);
  if (ours.ok && theirs.accepted) expect(ourSingleView(ours.document), label).toEqual(theirs.view);
}

const EXEC_USER = 'users:\n- name: u\n  user:\n    exec:\n';

function utf16(text: string, { bom, bigEndian }: { bom: boolean; bigEndian: boolean }): Buffer {
  const bytes = Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf16le');
  return bigEndian ? bytes.swap16() : bytes;
}

const SINGLE_FILES: [string, string | Buffer][] = [
  ['empty', ''],
  ['comments only', '# nothing\n\n'],
  ['null document', '~\n'],
  ['scalar top level', 'hello\n'],
  ['list top level', '- a\n'],
  ['kind Pod', 'kind: Pod\n'],
  ['kind lowercase', 'kind: config\n'],
  ['apiVersion v2', 'apiVersion: v2\n'],
  ['apiVersion group', 'apiVersion: apps/v1\nkind: Config\n'],
  ['apiVersion only', 'apiVersion: v1\n'],
  ['numeric kind', 'kind: 5\n'],
  ['numeric apiVersion', 'apiVersion: 1\n'],
  ['duplicate cluster names', 'clusters:\n- name: a\n- name: a\n'],
  ['duplicate user names', 'users:\n- name: a\n  user: {token: t1}\n- name: a\n  user: {token: t2}\n'],
  ['duplicate context names', 'contexts:\n- name: a\n- name: b\n- name: a\n'],
  ['same name across kinds', 'clusters:\n- name: a\nusers:\n- name: a\ncontexts:\n- name: a\n'],
  [
    'duplicate keys',
    'current-context: a\ncurrent-context: b\nclusters:\n- name: c\n  cluster: {server: x, server: y}\n',
  ],
  ['second document ignored', 'current-context: one\n---\ncurrent-context: two\n'],
  ['broken second document', '---\ncurrent-context: one\n---\n: : [ nope\n'],
  ['syntax error', 'clusters:\n- name: a\n  cluster: {server: [\n'],
  ['tab indentation', 'clusters:\n\t- name: a\n'],
  ['numeric name', 'contexts:\n- name: 123\n'],
  ['boolean namespace', 'contexts:\n- name: c\n  context: {namespace: on}\n'],
  ['timestamp namespace', 'contexts:\n- name: c\n  context: {namespace: 2001-12-14}\n'],
  ['sexagesimal namespace', 'contexts:\n- name: c\n  context: {namespace: 12:30:01}\n'],
  ['quoted bool skip-verify', 'clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: "true"}\n'],
  ['yes skip-verify', 'clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: yes}\n'],
  ['clusters as mapping', 'clusters: {a: {server: x}}\n'],
  ['cluster as list', 'clusters:\n- name: a\n  cluster: [x]\n'],
  ['null list items', 'clusters:\n- null\nusers: [~]\n'],
  ['args as string', `${EXEC_USER}      command: aws\n      args: eks\n`],
  ['args with a number', `${EXEC_USER}      command: aws\n      args: [eks, 1]\n`],
  ['env entry without value', `${EXEC_USER}      command: aws\n      env: [{name: A}]\n`],
  ['env as mapping', `${EXEC_USER}      command: aws\n      env: {A: b}\n`],
  ['provideClusterInfo quoted', `${EXEC_USER}      command: a\n      provideClusterInfo: "true"\n`],
  [
    'v1beta1 exec',
    `${EXEC_USER}      command: aws\n      apiVersion: client.authentication.k8s.io/v1beta1\n      installHint: get it\n`,
  ],
  [
    'auth-provider config with null',
    'users:\n- name: u\n  user:\n    auth-provider: {name: oidc, config: {a: null, b: c}}\n',
  ],
  ['auth-provider config with number', 'users:\n- name: u\n  user:\n    auth-provider: {name: oidc, config: {a: 1}}\n'],
  ['base64 unpadded', 'users:\n- name: u\n  user: {client-key-data: aGVsbG8}\n'],
  ['base64 non-canonical', 'users:\n- name: u\n  user: {client-key-data: aGVsbG9=}\n'],
  ['base64 url alphabet', 'clusters:\n- name: c\n  cluster: {certificate-authority-data: _-8=}\n'],
  ['base64 folded lines', 'users:\n- name: u\n  user:\n    client-certificate-data: |\n      aGVs\n      bG8=\n'],
  ['binary tag', 'users:\n- name: u\n  user: {token: !!binary aGVsbG8=}\n'],
  ['local tag', 'users:\n- name: u\n  user: {token: !vault secret}\n'],
  [
    'merge key',
    'x: &d {server: https://d, proxy-url: http://p}\nclusters:\n- name: c\n  cluster:\n    <<: *d\n    server: https://own\n',
  ],
  ['infinity in an unknown field', 'foo: {bar: [1, .inf]}\n'],
  ['NaN spelled oddly', 'contexts:\n- name: c\n  context: {namespace: .Nan}\n'],
  ['as-groups number', 'users:\n- name: u\n  user: {as-groups: 1}\n'],
  ['preferences scalar', 'preferences: x\n'],
  ['extensions mapping', 'extensions: {a: b}\n'],
  [
    'unknown fields',
    'colour: blue\nclusters:\n- name: c\n  cluster: {server: https://x, Server: ignored, extra: [1]}\n',
  ],
  ['byte order mark', '\uFEFFcurrent-context: a\n'],
  ['CRLF line ends', 'current-context: a\r\nclusters:\r\n- name: c\r\n  cluster: {server: https://x}\r\n'],
  ['UTF-16LE with BOM', utf16('current-context: ä\r\n', { bom: true, bigEndian: false })],
  ['UTF-16BE with BOM', utf16('clusters:\n- name: ü\n', { bom: true, bigEndian: true })],
  ['UTF-16 without BOM', utf16('current-context: a\n', { bom: false, bigEndian: false })],
  ['invalid UTF-8', Buffer.from('current-context: caf\xe9\n', 'latin1')],
  ['control character', 'current-context: a\u0001b\n'],
  ['JSON', '{"kind":"Config","clusters":[{"name":"c","cluster":{"server":"https://x"}}],"current-context":"c"}'],
];

describe.skipIf(!KUBECTL)('parseKubeconfig agrees with kubectl on single files', () => {
  beforeAll(() => {
    scratch = tempDir('oracle');
  });

  it.each(SINGLE_FILES)('%s', async (_label, text) => {
    await expectSameVerdict(text);
  });

  it('types plain scalars like kubectl (go-yaml v2, YAML 1.1)', async () => {
    const token = fc.constantFrom(
      ...['0', '1', '7', '8', '9', '_', '.', 'e', 'E', '+', '-', 'x', 'X', 'b', 'o', 'a', 'f', ':', 'y', 'n'],
      ...['inf', 'nan', 'Inf', 'NaN', 'INF', 'yes', 'No', 'on', 'OFF', 'true', 'False', 'null', 'Null', '~'],
      ...['0x', '0b', '0o', '2001-12-14', 'T10:00:00Z', '99999999999999999999', 'e999'],
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { minLength: 1, maxLength: 4 }), async (tokens) => {
        await expectSameVerdict(`contexts:\n- name: c\n  context:\n    namespace: ${tokens.join('')}\n`);
      }),
      { numRuns: 60 },
    );
  });
});

// ---- Multi-file layouts: merge and path resolution.

const NAMES = ['alpha', 'beta', 'gamma'];
const DIRS = ['', 'team', 'team/eu', 'other'];
/** File references; `@/` is the temp root (an absolute path). No `..` from the top level, to stay inside it. */
const REFS = ['ca.pem', './certs/ca.pem', 'certs//deep/x.pem', 'certs/dir/', '../up.pem', '@/abs/a.pem'];
/** Token files are never created (kubectl then names the path it tried), so they get their own names. */
const TOKEN_FILES = ['token', './tokens/t', 'tokens//deep/t', 'tok/dir/', '../up.token', '@/abs/token'];
const COMMANDS = ['kubeward-no-such-plugin', 'bin/plugin', './plugin', '../bin/plugin', '@/abs/bin/plugin'];

const arbRef = fc.constantFrom(...REFS);
const arbCluster = fc.record(
  {
    name: fc.constantFrom(...NAMES),
    ca: arbRef,
    insecure: fc.boolean(),
    server: fc.boolean(),
  },
  { requiredKeys: ['name', 'server'] },
);
const arbUser = fc.record({
  name: fc.constantFrom(...NAMES),
  kind: fc.constantFrom('token', 'tokenFile', 'certKey', 'exec', 'none'),
  ref: arbRef,
  other: arbRef,
  tokenFile: fc.constantFrom(...TOKEN_FILES),
  command: fc.constantFrom(...COMMANDS),
});
const arbContext = fc.record(
  {
    name: fc.constantFrom(...NAMES),
    cluster: fc.constantFrom(...NAMES),
    user: fc.constantFrom(...NAMES),
    namespace: fc.constantFrom('a', 'b'),
  },
  { requiredKeys: ['name'] },
);
const arbFile = fc.record({
  dir: fc.constantFrom(...DIRS),
  clusters: fc.uniqueArray(arbCluster, { selector: (c) => c.name, maxLength: 3 }),
  users: fc.uniqueArray(arbUser, { selector: (u) => u.name, maxLength: 3 }),
  contexts: fc.uniqueArray(arbContext, { selector: (c) => c.name, maxLength: 3 }),
  currentContext: fc.option(fc.constantFrom('', ...NAMES), { nil: undefined }),
});
const arbEntry = fc.oneof(
  { weight: 6, arbitrary: fc.nat(3).map((i) => ({ file: i })) },
  { weight: 1, arbitrary: fc.constant('missing' as const) },
  { weight: 1, arbitrary: fc.constant('' as const) },
);
const arbLayout = fc.record({
  files: fc.array(arbFile, { minLength: 2, maxLength: 4 }),
  entries: fc.array(arbEntry, { minLength: 1, maxLength: 7 }),
});

type Layout = typeof arbLayout extends fc.Arbitrary<infer T> ? T : never;
type GenFile = Layout['files'][number];

function fileText(file: GenFile, index: number, root: string): string {
  const ref = (r: string) => JSON.stringify(r.replace('@/', `${root}/`));
  const lines = ['apiVersion: v1', 'kind: Config'];
  if (file.currentContext !== undefined) lines.push(`current-context: ${JSON.stringify(file.currentContext)}`);
  lines.push('clusters:');
  for (const c of file.clusters) {
    lines.push(`- name: ${c.name}`, '  cluster:');
    if (c.server) lines.push(`    server: https://f${index}-${c.name}.example`);
    if (c.ca !== undefined) lines.push(`    certificate-authority: ${ref(c.ca)}`);
    if (c.insecure !== undefined) lines.push(`    insecure-skip-tls-verify: ${c.insecure}`);
  }
  lines.push('users:');
  for (const u of file.users) {
    lines.push(`- name: ${u.name}`, '  user:');
    if (u.kind === 'token') lines.push(`    token: f${index}-${u.name}-token`);
    if (u.kind === 'tokenFile') lines.push(`    tokenFile: ${ref(u.tokenFile)}`);
    if (u.kind === 'certKey') lines.push(`    client-certificate: ${ref(u.ref)}`, `    client-key: ${ref(u.other)}`);
    if (u.kind === 'exec') {
      lines.push('    exec:', `      command: ${ref(u.command)}`, `      args: [f${index}]`);
      lines.push('      apiVersion: client.authentication.k8s.io/v1', '      interactiveMode: Never');
    }
    if (u.kind === 'none') lines.push('    {}');
  }
  lines.push('contexts:');
  for (const c of file.contexts) {
    lines.push(`- name: ${c.name}`, '  context:');
    lines.push(`    namespace: f${index}-${c.namespace ?? 'none'}`);
    if (c.cluster !== undefined) lines.push(`    cluster: ${c.cluster}`);
    if (c.user !== undefined) lines.push(`    user: ${c.user}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the layout under a fresh temp root; returns the KUBECONFIG value and that root. */
function writeLayout(layout: Layout): { root: string; kubeconfig: string } {
  const root = tempDir('merge');
  const filePaths = layout.files.map((file, i) => {
    const dir = path.join(root, 'k', file.dir);
    mkdirSync(dir, { recursive: true });
    const p = path.join(dir, `config-${i}.yaml`);
    writeFileSync(p, fileText(file, i, root));
    return p;
  });
  const kubeconfig = layout.entries
    .map((entry, i) => {
      if (entry === '') return '';
      if (entry === 'missing') return path.join(root, 'k', `missing-${i}.yaml`);
      return filePaths[entry.file % filePaths.length] ?? '';
    })
    .join(':');
  return { root, kubeconfig };
}

/** `--flatten` needs every CA/cert/key file to exist: create each where we resolve it, holding its own path. */
function createReferencedFiles(users: Named<User>[], clusters: Named<Cluster>[]): void {
  const refs = [
    ...clusters.map((c) => c.value.certificateAuthority),
    ...users.flatMap((u) => [u.value.clientCertificate, u.value.clientKey]),
  ];
  for (const ref of refs) {
    if (!ref) continue;
    mkdirSync(path.dirname(ref), { recursive: true });
    writeFileSync(ref, ref);
  }
}

function loadOurs(kubeconfig: string, home: string) {
  const { paths } = kubeconfigPaths(kubeconfig, home, 'linux');
  const docs: KubeconfigDocument[] = [];
  for (const p of paths) {
    let text: string;
    try {
      text = decodeKubeconfig(readFileSync(p));
    } catch {
      continue;
    }
    const result = parseKubeconfig(text, p);
    if (!result.ok) throw new Error(`${p}: ${result.error.message}`);
    docs.push(result.document);
  }
  return { docs, merged: mergeKubeconfigs(docs, 'linux') };
}

/** The path kubectl reports when it cannot open a user's token file or exec plugin. */
async function kubectlResolvedPath(
  user: string,
  root: string,
  kubeconfig: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const probe = path.join(root, 'probe.yaml');
  writeFileSync(
    probe,
    'clusters:\n- name: oracle-probe\n  cluster: {server: "https://127.0.0.1:1"}\n' +
      'contexts:\n- name: oracle-probe\n  context: {cluster: oracle-probe}\n',
  );
  const run = await runKubectl(
    ['--context', 'oracle-probe', '--user', user, '--request-timeout', '5s', 'get', '--raw', '/version'],
    { HOME: root, KUBECONFIG: `${kubeconfig}:${probe}` },
    signal,
  );
  return /(?:open|fork\/exec) (\/[^:]+): no such file or directory/.exec(run.stderr)?.[1];
}

describe.skipIf(!KUBECTL)('mergeKubeconfigs agrees with kubectl on multi-file KUBECONFIG layouts', () => {
  it('merges, picks current-context and resolves paths like kubectl', async ({ signal }) => {
    await fc.assert(
      fc.asyncProperty(arbLayout, async (layout) => {
        // A test that timed out runs on, unawaited: it must start no more runs once its roots are removed.
        signal.throwIfAborted();
        const { root, kubeconfig } = writeLayout(layout);
        const { docs, merged } = loadOurs(kubeconfig, root);
        const users = [...merged.users.values()];
        createReferencedFiles(users, [...merged.clusters.values()]);

        const run = await runKubectl(
          ['config', 'view', '--raw', '--flatten', '-o', 'json'],
          { HOME: root, KUBECONFIG: kubeconfig },
          signal,
        );
        expect(run.stderr).toBe('');
        const theirs = kubectlView(JSON.parse(run.stdout) as KubectlConfig);
        const written = (entry: Named<User>) =>
          docs.find((d) => d.path === entry.source)?.users.find((u) => u.name === entry.name)?.value ?? entry.value;
        const flat = {
          clusters: [...merged.clusters.values()],
          users,
          contexts: [...merged.contexts.values()],
          currentContext: merged.currentContext,
        };
        expect(ourView(flat, written, { flatten: true }), `KUBECONFIG=${kubeconfig}`).toEqual(theirs);

        for (const { name, value } of users) {
          const ref = value.tokenFile ?? (value.exec?.command.includes('/') ? value.exec.command : undefined);
          if (ref) expect(await kubectlResolvedPath(name, root, kubeconfig, signal), `user ${name}`).toBe(ref);
        }
      }),
      { numRuns: 40 },
    );
  });
});
