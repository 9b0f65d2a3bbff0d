/**
 * Reads one kubeconfig file's text into the camelCase model, accepting and rejecting
 * exactly what kubectl (client-go's clientcmd.Load) accepts and rejects: the YAML as
 * sigs.k8s.io/yaml reads it (goyaml.ts), then encoding/json into client-go's v1.Config.
 * Only a failing file pays for positions.
 */
import type {
  AuthProvider,
  Cluster,
  Context,
  ExecConfig,
  ExecEnvVar,
  KubeconfigDocument,
  Named,
  ParseResult,
  User,
} from './model';
import { readGoYaml } from './goyaml';
import { locatePath, type FieldPath } from './locate';

type YamlMap = Record<string, unknown>;

/** A value of the wrong shape; the message never contains the value itself (it may be a secret). */
class SchemaViolation {
  constructor(
    readonly path: FieldPath,
    readonly problem: string,
  ) {}
}

function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return 'a string';
}

function mismatch(path: FieldPath, expected: string, value: unknown): SchemaViolation {
  let hint = '';
  if (expected === 'a string' && typeof value === 'boolean') {
    hint = ' (kubectl reads unquoted yes/no/on/off/y/n/true/false as booleans: quote the value)';
  } else if (expected === 'a string' && typeof value === 'number') {
    hint = ' (kubectl reads it as a number: quote the value)';
  }
  return new SchemaViolation(path, `expected ${expected}, got ${describe(value)}${hint}`);
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Readers for one field of a mapping. null and absent both mean "not set", as in Go's JSON decoding.

function text(map: YamlMap, key: string, at: FieldPath): string | undefined {
  const value = map[key];
  if (value === undefined || value === null || typeof value === 'string') return value ?? undefined;
  throw mismatch([...at, key], 'a string', value);
}

function flag(map: YamlMap, key: string, at: FieldPath): boolean | undefined {
  const value = map[key];
  if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
  throw mismatch([...at, key], 'a boolean (true or false, unquoted)', value);
}

const STD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** base64.StdEncoding as encoding/json uses it for []byte: padded, standard alphabet (CR and LF already removed). */
function isStdBase64(text: string): boolean {
  return text.length % 4 === 0 && STD_BASE64.test(text);
}

/** A `*-data` field: base64 text, kept without line breaks; kubectl refuses the file when it is not base64. */
function data(map: YamlMap, key: string, at: FieldPath): string | undefined {
  const value = text(map, key, at);
  if (value === undefined) return undefined;
  const compact = value.includes('\n') || value.includes('\r') ? value.replace(/[\r\n]/g, '') : value;
  if (!isStdBase64(compact)) {
    throw new SchemaViolation([...at, key], 'not valid base64 (kubectl: "illegal base64 data")');
  }
  return compact === '' ? undefined : compact;
}

function mapping(map: YamlMap, key: string, at: FieldPath): YamlMap | undefined {
  const value = map[key];
  if (value === undefined || value === null) return undefined;
  if (isMap(value)) return value;
  throw mismatch([...at, key], 'a mapping', value);
}

function list(map: YamlMap, key: string, at: FieldPath): unknown[] {
  const value = map[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw mismatch([...at, key], 'a list', value);
}

/** An element of a list of objects; null decodes to the zero value in Go. */
function item(value: unknown, at: FieldPath): YamlMap {
  if (value === null || value === undefined) return {};
  if (isMap(value)) return value;
  throw mismatch(at, 'a mapping', value);
}

function texts(map: YamlMap, key: string, at: FieldPath): string[] {
  return list(map, key, at).map((value, i) => {
    if (value === null) return '';
    if (typeof value === 'string') return value;
    throw mismatch([...at, key, i], 'a string', value);
  });
}

function textMap(map: YamlMap, key: string, at: FieldPath): Record<string, string> {
  const source = mapping(map, key, at) ?? {};
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(source)) {
    if (value !== null && typeof value !== 'string') throw mismatch([...at, key, k], 'a string', value);
    out[k] = value ?? '';
  }
  return out;
}

/** Fields kubectl types but the model does not keep: checked so that we reject what kubectl rejects. */
function checkExtensions(map: YamlMap, at: FieldPath): void {
  // Almost every entry has none: no empty list to make and walk then.
  if (map.extensions === undefined) return;
  const seen = new Map<string, number>();
  list(map, 'extensions', at).forEach((value, i) => {
    const entryAt = [...at, 'extensions', i];
    const name = text(item(value, entryAt), 'name', entryAt) ?? '';
    const first = seen.get(name);
    if (first !== undefined) {
      throw new SchemaViolation(
        [...entryAt, 'name'],
        `duplicate name "${name}" (also extensions[${first}]); kubectl refuses a file that repeats a name (kubectl: "error converting *[]NamedExtension into *map[string]runtime.Object: duplicate name")`,
      );
    }
    seen.set(name, i);
  });
}

/** The impersonation fields, when any is set: kubectl refuses uid, groups or extra without `as`. */
function readImpersonation(map: YamlMap, at: FieldPath): User['impersonate'] {
  const user = text(map, 'as', at);
  const uid = text(map, 'as-uid', at);
  const groups = texts(map, 'as-groups', at);
  const extra = mapping(map, 'as-user-extra', at) ?? {};
  for (const key of Object.keys(extra)) texts(extra, key, [...at, 'as-user-extra']);
  const uidGroupsOrExtra = Boolean(uid) || groups.length > 0 || Object.keys(extra).length > 0;
  if (!user && !uidGroupsOrExtra) return undefined;
  return user ? { user, uidGroupsOrExtra } : { uidGroupsOrExtra };
}

function readCluster(map: YamlMap, at: FieldPath): Cluster {
  flag(map, 'disable-compression', at);
  checkExtensions(map, at);
  const cluster: Cluster = {};
  const server = text(map, 'server', at);
  if (server !== undefined) cluster.server = server;
  const ca = text(map, 'certificate-authority', at);
  if (ca !== undefined) cluster.certificateAuthority = ca;
  const caData = data(map, 'certificate-authority-data', at);
  if (caData !== undefined) cluster.certificateAuthorityData = caData;
  const insecure = flag(map, 'insecure-skip-tls-verify', at);
  if (insecure !== undefined) cluster.insecureSkipTlsVerify = insecure;
  const tlsServerName = text(map, 'tls-server-name', at);
  if (tlsServerName !== undefined) cluster.tlsServerName = tlsServerName;
  const proxyUrl = text(map, 'proxy-url', at);
  if (proxyUrl !== undefined) cluster.proxyUrl = proxyUrl;
  return cluster;
}

function readExec(map: YamlMap, at: FieldPath): ExecConfig {
  const env: ExecEnvVar[] = list(map, 'env', at).map((value, i) => {
    const entryAt = [...at, 'env', i];
    const entry = item(value, entryAt);
    return { name: text(entry, 'name', entryAt) ?? '', value: text(entry, 'value', entryAt) ?? '' };
  });
  const exec: ExecConfig = { command: text(map, 'command', at) ?? '', args: texts(map, 'args', at), env };
  const apiVersion = text(map, 'apiVersion', at);
  if (apiVersion !== undefined) exec.apiVersion = apiVersion;
  const installHint = text(map, 'installHint', at);
  if (installHint !== undefined) exec.installHint = installHint;
  const provideClusterInfo = flag(map, 'provideClusterInfo', at);
  if (provideClusterInfo !== undefined) exec.provideClusterInfo = provideClusterInfo;
  const interactiveMode = text(map, 'interactiveMode', at);
  if (interactiveMode !== undefined) exec.interactiveMode = interactiveMode;
  return exec;
}

function readAuthProvider(map: YamlMap, at: FieldPath): AuthProvider {
  return { name: text(map, 'name', at) ?? '', config: textMap(map, 'config', at) };
}

const USER_TEXT_FIELDS = [
  ['client-certificate', 'clientCertificate'],
  ['client-key', 'clientKey'],
  ['token', 'token'],
  ['tokenFile', 'tokenFile'],
  ['username', 'username'],
  ['password', 'password'],
] as const;

function readUser(map: YamlMap, at: FieldPath): User {
  const impersonate = readImpersonation(map, at);
  checkExtensions(map, at);
  const user: User = impersonate ? { impersonate } : {};
  // Indexed, without destructuring: for...of and `[key, field] =` each allocate an iterator and
  // its results per step while this still runs in the interpreter (~1 MB of garbage at 1000 users).
  for (let i = 0; i < USER_TEXT_FIELDS.length; i++) {
    const pair = USER_TEXT_FIELDS[i] as (typeof USER_TEXT_FIELDS)[number];
    const value = text(map, pair[0], at);
    if (value !== undefined) user[pair[1]] = value;
  }
  const certData = data(map, 'client-certificate-data', at);
  if (certData !== undefined) user.clientCertificateData = certData;
  const keyData = data(map, 'client-key-data', at);
  if (keyData !== undefined) user.clientKeyData = keyData;
  const authProvider = mapping(map, 'auth-provider', at);
  if (authProvider) user.authProvider = readAuthProvider(authProvider, [...at, 'auth-provider']);
  const exec = mapping(map, 'exec', at);
  if (exec) user.exec = readExec(exec, [...at, 'exec']);
  return user;
}

function readContext(map: YamlMap, at: FieldPath): Context {
  checkExtensions(map, at);
  const context: Context = {};
  const cluster = text(map, 'cluster', at);
  if (cluster !== undefined) context.cluster = cluster;
  const user = text(map, 'user', at);
  if (user !== undefined) context.user = user;
  const namespace = text(map, 'namespace', at);
  if (namespace !== undefined) context.namespace = namespace;
  return context;
}

/** A named list (`clusters`, `users`, `contexts`); kubectl refuses a file that repeats a name in one list. */
function readNamed<T>(
  root: YamlMap,
  listKey: string,
  valueKey: string,
  read: (map: YamlMap, at: FieldPath) => T,
  source: string,
): Named<T>[] {
  const seen = new Map<string, number>();
  return list(root, listKey, []).map((value, i) => {
    const at = [listKey, i];
    const entry = item(value, at);
    const name = text(entry, 'name', at) ?? '';
    const first = seen.get(name);
    if (first !== undefined) {
      throw new SchemaViolation(
        [...at, 'name'],
        `duplicate name "${name}" (also ${listKey}[${first}]); kubectl refuses a file that repeats a name`,
      );
    }
    seen.set(name, i);
    const body = mapping(entry, valueKey, at) ?? {};
    return { name, value: read(body, [listKey, i, valueKey]), source };
  });
}

function checkHeader(root: YamlMap): void {
  const kind = text(root, 'kind', []) ?? '';
  if (kind !== '' && kind !== 'Config') {
    throw new SchemaViolation(['kind'], `expected "Config", got "${kind}" (kubectl: no kind "${kind}" is registered)`);
  }
  const apiVersion = text(root, 'apiVersion', []) ?? '';
  if (apiVersion !== '' && apiVersion !== 'v1') {
    throw new SchemaViolation(
      ['apiVersion'],
      `expected "v1", got "${apiVersion}" (kubectl: no kind "Config" is registered for version "${apiVersion}")`,
    );
  }
}

function readDocument(root: YamlMap, path: string): KubeconfigDocument {
  checkHeader(root);
  const preferences = mapping(root, 'preferences', []);
  if (preferences) {
    flag(preferences, 'colors', ['preferences']);
    checkExtensions(preferences, ['preferences']);
  }
  checkExtensions(root, []);
  const document: KubeconfigDocument = {
    path,
    clusters: readNamed(root, 'clusters', 'cluster', readCluster, path),
    users: readNamed(root, 'users', 'user', readUser, path),
    contexts: readNamed(root, 'contexts', 'context', readContext, path),
  };
  const currentContext = text(root, 'current-context', []);
  if (currentContext) document.currentContext = currentContext;
  return document;
}

// A line that is only a document marker. go-yaml reads the first document and never looks further.
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
const PREAMBLE = /^(?:[ \t]*(?:#[^\n]*)?\r?\n|%[^\n]*\n)*$/;

/** The text up to the end of the first YAML document, so later documents (even broken ones) are ignored. */
function firstDocument(text: string): string {
  DOCUMENT_MARKER.lastIndex = 0;
  let opened = false;
  for (let m = DOCUMENT_MARKER.exec(text); m; m = DOCUMENT_MARKER.exec(text)) {
    if (!opened && m[0] === '---' && PREAMBLE.test(text.slice(0, m.index))) {
      opened = true;
      continue;
    }
    return text.slice(0, m.index);
  }
  return text;
}

/** NUL never occurs in YAML text, and U+FFFD is what invalid UTF-8 decodes to. */
function isBinary(text: string): boolean {
  return text.includes('\u0000') || text.includes('\uFFFD');
}

function fail(message: string, position?: { line: number; column: number }): ParseResult {
  return { ok: false, error: position ? { message, position } : { message } };
}

export function parseKubeconfig(text: string, path: string): ParseResult {
  if (isBinary(text)) return fail('not a kubeconfig: the file contains binary data');
  const yamlText = firstDocument(text);
  const read = readGoYaml(yamlText);
  if (!read.ok) return fail(`not valid YAML: ${read.message}`, read.position);
  const root = read.value;
  if (root === null) return { ok: true, document: { path, clusters: [], users: [], contexts: [] } };
  if (!isMap(root)) {
    return fail(
      `not a kubeconfig: the top level is ${describe(root)}, expected a mapping`,
      locatePath(read.document, yamlText, []),
    );
  }
  try {
    return { ok: true, document: readDocument(root, path) };
  } catch (err) {
    if (err instanceof SchemaViolation) {
      return fail(`${formatFieldPath(err.path)}: ${err.problem}`, locatePath(read.document, yamlText, err.path));
    }
    return fail(`could not read the kubeconfig: ${err instanceof Error ? err.message : String(err)}`);
  }
}
