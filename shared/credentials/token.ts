/**
 * Which bearer tokens kubectl would send for a user, decoded once per check.
 * Precedence follows client-go: a readable `tokenFile` wins over `token` (the inline
 * token is only the fallback for when the file cannot be read), and a static token or
 * basic auth makes the oidc auth-provider stand aside (its round tripper skips
 * requests that already carry an Authorization header).
 */
import type { MemoPart } from '../check-memo';
import { fileAt, type ContextSubject, type Snapshot } from '../facts';
import type { Evidence } from '../findings';
import type { User } from '../kubeconfig/model';
import { isoTime } from '../time';
import { decodeJwt, type DecodedToken } from './jwt';
import { hasToken, sendsBasicAuth } from './kind';

type TokenOrigin = 'token' | 'tokenFile' | 'oidc-id-token';

/** A decoded token and where it came from; never the token itself. */
export interface BearerToken {
  origin: TokenOrigin;
  /** For `tokenFile`: the absolute path. */
  path?: string;
  decoded: DecodedToken;
  /**
   * Why Go's net/http refuses to send `Authorization: Bearer <token>`, in words that do not
   * quote the token: it holds a control character (a line break, most often).
   */
  headerDefect?: string;
}

/** What Go's net/http refuses in a header value (httpguts.ValidHeaderFieldValue): control bytes other than tab. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what net/http refuses
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Go's strings.TrimSpace (unicode.IsSpace), which client-go applies to a tokenFile and nothing else. */
const GO_TRIM =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function describeControl(value: string): string | undefined {
  const found = CONTROL.exec(value);
  if (!found) return undefined;
  const char = found[0];
  const what =
    char === '\n'
      ? 'a line break'
      : char === '\r'
        ? 'a carriage return'
        : `the control character U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return found.index === value.length - 1 ? `it ends with ${what}` : `it holds ${what}`;
}

/** A token as client-go sends it: `value` exactly as written (token, id-token) or trimmed (tokenFile). */
function bearer(origin: TokenOrigin, value: string, path?: string): BearerToken {
  const token: BearerToken = { origin, decoded: decodeJwt(value) };
  if (path !== undefined) token.path = path;
  const defect = describeControl(value);
  if (defect !== undefined) token.headerDefect = defect;
  return token;
}

export interface OidcProvider {
  issuerUrl?: string;
  clientId?: string;
  /** With one, client-go fetches a new id-token from the IdP when the current one has expired. */
  hasRefreshToken: boolean;
  idToken?: BearerToken;
}

export interface UserTokens {
  /** The token kubectl sends from `tokenFile` or `token`. */
  sent?: BearerToken;
  /** The inline `token` while a readable `tokenFile` wins over it: client-go falls back to it when the file cannot be read. */
  fallback?: BearerToken;
  /** The oidc auth-provider, when kubectl would use it (no static token or basic auth in the way). */
  oidc?: OidcProvider;
}

/** client-go treats an id-token as expired this long before its `exp` (oidc expiryDelta). */
export const OIDC_EXPIRY_DELTA_MS = 10_000;

/** A check's decoded tokens by user name. */
const TOKENS_BY_USER: MemoPart<Map<string, UserTokens>, Snapshot> = { create: () => new Map() };

/** The tokens of the context's user (none without one), decoded once per check: many contexts share a user. */
export function userTokens(subject: ContextSubject): UserTokens {
  const { user } = subject;
  if (!user) return {};
  const byUser = subject.memo.part(TOKENS_BY_USER);
  let tokens = byUser.get(user.name);
  if (!tokens) {
    tokens = readUserTokens(subject.snapshot, user.value);
    byUser.set(user.name, tokens);
  }
  return tokens;
}

/** The tokens of a user, decoded now: for a caller outside a check, which asks once. */
export function readUserTokens(snapshot: Snapshot, user: User): UserTokens {
  const inline = user.token ? bearer('token', user.token) : undefined;
  const fromFile = user.tokenFile ? readTokenFile(snapshot, user.tokenFile) : undefined;
  const tokens: UserTokens = {};
  if (fromFile?.state === 'ok') {
    tokens.sent = fromFile.token;
    tokens.fallback = inline;
  } else if (inline) {
    // client-go re-reads the file per request and uses the inline token when the read fails or is empty.
    tokens.sent = inline;
  } else if (fromFile?.state === 'empty') {
    // Nothing to fall back to: kubectl fails with "read empty token from file".
    tokens.sent = fromFile.token;
  }
  // Without an inline token an unreadable file fails the config load (file-reference-missing): no token is sent.
  const headerSet = hasToken(user) || sendsBasicAuth(user);
  if (user.authProvider?.name === 'oidc' && !headerSet) tokens.oidc = oidcProvider(user.authProvider.config);
  return tokens;
}

type TokenFileRead = { state: 'ok' | 'empty'; token: BearerToken } | { state: 'unreadable' };

function readTokenFile(snapshot: Snapshot, path: string): TokenFileRead {
  const read = fileAt(snapshot, path);
  if (read.state !== 'ok') return { state: 'unreadable' };
  const text = read.text.replace(GO_TRIM, '');
  if (text === '') {
    return {
      state: 'empty',
      token: { origin: 'tokenFile', path, decoded: { format: 'invalid', reason: 'the file is empty' } },
    };
  }
  return { state: 'ok', token: bearer('tokenFile', text, path) };
}

function oidcProvider(config: Record<string, string>): OidcProvider {
  const idToken = config['id-token'];
  return {
    issuerUrl: config['idp-issuer-url'] || undefined,
    clientId: config['client-id'] || undefined,
    hasRefreshToken: Boolean(config['refresh-token']),
    idToken: idToken ? bearer('oidc-id-token', idToken) : undefined,
  };
}

/** "The token of user alice", "The token in tokenFile /x/token of user alice", "The OIDC id-token of user alice" */
export function describeToken(user: string, token: BearerToken): string {
  if (token.origin === 'tokenFile') return `The token in tokenFile ${token.path} of user ${user}`;
  if (token.origin === 'oidc-id-token') return `The OIDC id-token of user ${user}`;
  return `The token of user ${user}`;
}

/** Whose token it is, in words: " It belongs to ServiceAccount ns/name." */
export function identityNote(token: BearerToken): string {
  if (token.decoded.format !== 'jwt') return '';
  const { serviceAccount: sa, email, sub, iss } = token.decoded.claims;
  if (sa?.name && sa.namespace) return ` It belongs to ServiceAccount ${sa.namespace}/${sa.name}.`;
  const who = email ?? sub;
  if (who && iss) return ` It was issued by ${iss} for ${who}.`;
  return '';
}

/** Why this token is the one that matters, for a user who may think another credential is in use. */
export function precedenceNote(user: User, tokens: UserTokens, token: BearerToken): string {
  if (token === tokens.fallback) {
    return ` kubectl only sends it when tokenFile ${user.tokenFile} cannot be read (the file wins over the token field).`;
  }
  if (token !== tokens.sent) return '';
  const notes: string[] = [];
  if (tokens.fallback) notes.push('the tokenFile wins over the token field while the file is readable');
  if (user.exec) notes.push(`kubectl sends it instead of running the exec plugin ${user.exec.command}`);
  if (user.authProvider) notes.push(`kubectl sends it instead of using the ${user.authProvider.name} auth-provider`);
  return notes.length ? ` Note: ${notes.join('; ')}.` : '';
}

function addTime(evidence: Evidence, key: string, ms: number | undefined): void {
  if (ms === undefined) return;
  evidence[key] = ms / 1000;
  evidence[`${key}Iso`] = isoTime(ms);
}

/** Claims, dates and where the token lives; never the token. */
export function tokenEvidence(user: string, token: BearerToken): Evidence {
  const evidence: Evidence = { user, source: token.origin };
  if (token.path) evidence.tokenFile = token.path;
  if (token.decoded.format === 'invalid') evidence.reason = token.decoded.reason;
  if (token.decoded.format !== 'jwt') return evidence;
  const { claims, alg } = token.decoded;
  if (alg) evidence.alg = alg;
  addTime(evidence, 'exp', claims.exp);
  addTime(evidence, 'iat', claims.iat);
  addTime(evidence, 'nbf', claims.nbf);
  if (claims.iss) evidence.iss = claims.iss;
  if (claims.sub) evidence.sub = claims.sub;
  if (claims.aud.length) evidence.aud = claims.aud;
  if (claims.email) evidence.email = claims.email;
  if (claims.azp) evidence.azp = claims.azp;
  const sa = claims.serviceAccount;
  if (sa?.namespace) evidence.namespace = sa.namespace;
  if (sa?.name) evidence.serviceaccount = sa.name;
  if (sa?.pod) evidence.pod = sa.pod;
  if (sa?.secretName) evidence.secret = sa.secretName;
  addTime(evidence, 'warnafter', sa?.warnAfter);
  return evidence;
}

/** Evidence for the oidc auth-provider: its settings minus the secrets (client-secret, refresh-token). */
export function oidcEvidence(user: string, oidc: OidcProvider): Evidence {
  const evidence = oidc.idToken ? tokenEvidence(user, oidc.idToken) : { user, source: 'auth-provider' };
  if (oidc.issuerUrl) evidence.idpIssuerUrl = oidc.issuerUrl;
  if (oidc.clientId) evidence.clientId = oidc.clientId;
  evidence.hasRefreshToken = oidc.hasRefreshToken;
  return evidence;
}
