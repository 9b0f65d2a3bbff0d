/**
 * Secret scrubbing for what plugins print on stderr, before any of it becomes
 * evidence. Plugins echo tokens in errors, debug output and presigned URLs, so this
 * errs on the side of redacting: a readable message with a hole beats a leaked token.
 * Every pattern is linear in the text (no nested quantifiers), since a hostile
 * plugin controls the input.
 */

const REDACTED = '[redacted]';

/** Keys whose values are secrets, in `key=value`, `"key": "value"` or `key: value` form. */
const SECRET_KEY = /password|passwd|secret|token|credential|signature|api[_-]?key|access[_-]?key|session[_-]?key/i;

// CSI escape sequences and other control characters (except tab and newline): a plugin
// could hide a token from the patterns below behind them, or repaint a terminal.
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]/g;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----[\s\S]*?(?:-----END \1-----|$)/g;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,20}:\/\/[^\s:/@]{1,200}):[^\s@/]+@/gi;
const AUTH_HEADER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const EKS_TOKEN = /k8s-aws-v1\.[A-Za-z0-9_-]+/g;
const JWT = /(?<![A-Za-z0-9_-])(?:eyJ[A-Za-z0-9_-]*|[A-Za-z0-9_-]{10,})\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{8,}/g;
// The key starts at a word start, so a long word is tried once, not once per character.
const KEY_VALUE = /(?<![\w-])([\w-]{1,80})(\s*=\s*["']?|["']?\s*:\s*["']?)([^\s"'&,;}\]]+)/g;
const BLOB = /[A-Za-z0-9+/_=-]{32,}/g;

/** A flag whose value is a secret: `--client-secret`, `--oidc-client-secret`, `--password`, `--token`, `--api-key`. */
const SECRET_FLAG = /^--?[\w-]*(?:secret|password|passwd|token|api-?key|access-?key)[\w-]*$/i;
/** Flags that name a token's place, not a token: kubelogin's cache directory and storage kind. */
const PLACE_FLAG = /^--token-cache-(?:dir|storage)$/;

function isSecretFlag(flag: string): boolean {
  return SECRET_FLAG.test(flag) && !PLACE_FLAG.test(flag);
}
/** An environment variable whose value is a secret, by its name (`AWS_SECRET_ACCESS_KEY`, `VAULT_TOKEN`). */
const SECRET_ENV_NAME = /token|secret|password|passwd|key|credential|cookie/i;

function hasMixedAlphabet(word: string): boolean {
  return /[0-9]/.test(word) && /[a-z]/.test(word) && /[A-Z]/.test(word);
}

/** Whether the whitespace-delimited word around `offset` is an absolute or home path (`/tmp/tmp.Xy1/…`, `'~/x'`). */
function inPath(text: string, offset: number): boolean {
  const start =
    Math.max(text.lastIndexOf(' ', offset), text.lastIndexOf('\n', offset), text.lastIndexOf('\t', offset)) + 1;
  return /^["'(<[]*~?\//.test(text.slice(start, start + 8));
}

/**
 * Whether a long run of path characters is random-looking. In a path (`/var/folders/xy/…/T/`,
 * `/tmp/tmp.D5fciV5ql4/…`: a temp directory) it is judged a segment at a time, so a long path of
 * ordinary names stays readable while a token-shaped segment in it is still caught; elsewhere a
 * slash is part of base64 (an AWS secret key), so the run is judged whole.
 */
function looksRandom(run: string, path: boolean): boolean {
  if (path) return run.split('/').some((segment) => segment.length >= 32 && hasMixedAlphabet(segment));
  return hasMixedAlphabet(run);
}

/**
 * The values of an exec plugin's secret-looking arguments, in both forms client-go passes them:
 * `--client-secret=VALUE` and `--client-secret VALUE`.
 */
export function secretArgValues(args: readonly string[]): string[] {
  return args.flatMap((arg, i) => {
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0) return isSecretFlag(arg.slice(0, eq)) ? [arg.slice(eq + 1)] : [];
    const previous = args[i - 1];
    return previous !== undefined && !arg.startsWith('-') && isSecretFlag(previous) ? [arg] : [];
  });
}

/** The arguments with the values of secret-looking flags replaced, both forms: what may be shown of them. */
export function redactSecretArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0 && isSecretFlag(arg.slice(0, eq))) return `${arg.slice(0, eq)}=${REDACTED}`;
    const previous = args[i - 1];
    if (previous !== undefined && !arg.startsWith('-') && isSecretFlag(previous)) return REDACTED;
    return arg;
  });
}

/**
 * The values of the secret-looking entries of an environment, by name (`AWS_SECRET_ACCESS_KEY`,
 * `GITHUB_TOKEN`); the others (`AWS_PROFILE`, `TMPDIR`) are names a fix step shows anyway.
 */
export function secretEnvValues(env: readonly { name: string; value: string }[]): string[] {
  return env.filter(({ name }) => SECRET_ENV_NAME.test(name)).map(({ value }) => value);
}

/** A `key: value` only counts when the value looks generated; prose like "Token: Token for x" stays. */
function looksGenerated(value: string): boolean {
  return value.length >= 8 && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes secrets from text: `known` values verbatim (e.g. the plugin's env values),
 * PEM blocks, Authorization headers, EKS and JWT tokens, `password=`-style values,
 * passwords in URLs, and long random-looking strings (AWS keys, opaque tokens), but not file paths,
 * nor the `open` values: names the plugin was given that are no secret, though they may look random
 * (an AWS profile `AdministratorAccess-123456789012`, as `aws configure sso` names them).
 */
export function scrubSecrets(text: string, known: readonly string[] = [], open: readonly string[] = []): string {
  let out = text.replace(ESCAPES, '');
  const exact = known.filter((k) => k.length >= 4).sort((a, b) => b.length - a.length);
  if (exact.length > 0) out = out.replace(new RegExp(exact.map(escapeRegExp).join('|'), 'g'), REDACTED);
  return out
    .replace(PEM_BLOCK, (_, label: string) => `[redacted ${label.toLowerCase()}]`)
    .replace(URL_USERINFO, `$1:${REDACTED}@`)
    .replace(AUTH_HEADER, `$1 ${REDACTED}`)
    .replace(EKS_TOKEN, `k8s-aws-v1.${REDACTED}`)
    .replace(JWT, '[redacted JWT]')
    .replace(KEY_VALUE, (match, key: string, separator: string, value: string) => {
      // Already redacted (text scrubbed twice, e.g. a run's tail): `[redacted]` is no secret to redact again.
      if (!SECRET_KEY.test(key) || value.startsWith(REDACTED.slice(0, -1))) return match;
      if (!separator.includes('=') && !looksGenerated(value)) return match;
      return `${key}${separator}${REDACTED}`;
    })
    .replace(BLOB, (run: string, offset: number, text: string) =>
      looksRandom(run, inPath(text, offset)) && !open.some((value) => value.includes(run)) ? REDACTED : run,
    );
}

/** How much of the end of stderr is looked at: errors are at the end, and scrubbing stays cheap. */
const TAIL_BYTES = 64 * 1024;
const TAIL_LINES = 20;
const LINE_CHARS = 400;

/** The last lines of a plugin's stderr, scrubbed, each cut to a readable length. */
export function stderrTail(stderr: string, known: readonly string[] = [], open: readonly string[] = []): string {
  let text = stderr;
  if (text.length > TAIL_BYTES) {
    text = text.slice(-TAIL_BYTES);
    // The cut may split a token, leaving a piece too short to recognise: drop up to the next line or word.
    const boundary = text.search(/\n|\s/);
    text = boundary >= 0 ? `…${text.slice(boundary + 1)}` : '…';
  }
  const lines = scrubSecrets(text, known, open)
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  return lines
    .slice(-TAIL_LINES)
    .map((line) => (line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}…` : line))
    .join('\n');
}

/** Flags whose values name things, never hold secrets: the profile, region, cluster, project, account, role. */
const NAMING_FLAG =
  /^--(?:profile|region|cluster-name|cluster-id|cluster|project|account|role-arn|zone|location|server-id|tenant-id)$/;
/** Environment variables that name things: the AWS profile and region, the gcloud account and project. */
const NAMING_ENV =
  /^(?:AWS_PROFILE|AWS_DEFAULT_PROFILE|AWS_REGION|AWS_DEFAULT_REGION|CLOUDSDK_CORE_ACCOUNT|CLOUDSDK_CORE_PROJECT|CLOUDSDK_ACTIVE_CONFIG_NAME)$/;

/** The values an exec entry gives that name things (profile, region, cluster...): kept readable in its output. */
export function namingValues(args: readonly string[], env: readonly { name: string; value: string }[]): string[] {
  const fromArgs = args.flatMap((arg, i) => {
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) return NAMING_FLAG.test(arg.slice(0, eq)) ? [arg.slice(eq + 1)] : [];
    const previous = args[i - 1];
    return previous !== undefined && !arg.startsWith('-') && NAMING_FLAG.test(previous) ? [arg] : [];
  });
  const fromEnv = env.filter(({ name }) => NAMING_ENV.test(name)).map(({ value }) => value);
  return [...fromArgs, ...fromEnv].filter((value) => value.length > 0);
}
