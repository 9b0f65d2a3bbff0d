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
const EKS_TOKEN = /k8s-aws-v1\.[A-Za-z0-9_-]*/g;
const JWT = /(?<![A-Za-z0-9_-])(?:eyJ[A-Za-z0-9_-]*|[A-Za-z0-9_-]{10,})\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{8,}/g;
// The key starts at a word start, so a long word is tried once, not once per character.
const KEY_VALUE = /(?<![\w-])([\w-]{1,80})(\s*=\s*["']?|["']?\s*:\s*["']?)([^\s"'&,;}\]]+)/g;
const BLOB = /[A-Za-z0-9+/_=-]{32,}/g;

function hasMixedAlphabet(word: string): boolean {
  return /[0-9]/.test(word) && /[a-z]/.test(word) && /[A-Z]/.test(word);
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
 * passwords in URLs, and long random-looking strings (AWS keys, opaque tokens).
 */
export function scrubSecrets(text: string, known: readonly string[] = []): string {
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
      if (!SECRET_KEY.test(key)) return match;
      if (!separator.includes('=') && !looksGenerated(value)) return match;
      return `${key}${separator}${REDACTED}`;
    })
    .replace(BLOB, (word) => (hasMixedAlphabet(word) ? REDACTED : word));
}

/** How much of the end of stderr is looked at: errors are at the end, and scrubbing stays cheap. */
const TAIL_BYTES = 64 * 1024;
const TAIL_LINES = 20;
const LINE_CHARS = 400;

/** The last lines of a plugin's stderr, scrubbed, each cut to a readable length. */
export function stderrTail(stderr: string, known: readonly string[] = []): string {
  let text = stderr;
  if (text.length > TAIL_BYTES) {
    text = text.slice(-TAIL_BYTES);
    // The cut may split a token, leaving a piece too short to recognise: drop up to the next line or word.
    const boundary = text.search(/\n|\s/);
    text = boundary >= 0 ? `…${text.slice(boundary + 1)}` : '…';
  }
  const lines = scrubSecrets(text, known)
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  return lines
    .slice(-TAIL_LINES)
    .map((line) => (line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}…` : line))
    .join('\n');
}
