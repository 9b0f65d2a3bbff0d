/**
 * The AWS CLI's SSO token cache (~/.aws/sso/cache/<sha1>.json), read as botocore reads
 * it: `accessToken` and `expiresAt` must be there; an `sso-session` login also keeps
 * `refreshToken`, `clientId`, `clientSecret` and `registrationExpiresAt`, and botocore
 * refreshes the access token with them while the registration lasts
 * (SSOTokenProvider._refresh_access_token). The token, refresh token and client secret
 * are secrets: only their presence and the expiry times leave this module.
 */
import { parseJsonObject } from '../json-object';

interface SsoTokenFacts {
  /** epoch ms */
  expiresAt: number;
  /** The client registration's end, epoch ms, when the cache holds everything a refresh needs. */
  refreshableUntil?: number;
}

export type SsoTokenParse = { ok: true; token: SsoTokenFacts } | { ok: false; reason: string };

// What dateutil.parser.parse meets in these files: the CLI writes "...Z", older versions "...UTC".
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

/** Epoch ms of a cache timestamp; one without a zone is taken as UTC. */
export function parseCacheTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = m;
  const offset = /^[+-]/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(-2)}` : 'Z';
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

const REFRESH_KEYS = ['refreshToken', 'clientId', 'clientSecret', 'registrationExpiresAt'];

/**
 * @param refreshes whether the profile uses an `[sso-session]`: botocore only refreshes those; a
 *   legacy profile's token simply ends.
 */
export function parseSsoTokenCache(text: string, refreshes: boolean): SsoTokenParse {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const cache = parsed.object;
  if (!('accessToken' in cache) || !('expiresAt' in cache)) {
    return { ok: false, reason: 'no accessToken or expiresAt (the CLI calls it invalid)' };
  }
  const expiresAt = parseCacheTimestamp(cache.expiresAt);
  if (expiresAt === undefined) return { ok: false, reason: 'expiresAt is not a timestamp' };
  const token: SsoTokenFacts = { expiresAt };
  const registration = parseCacheTimestamp(cache.registrationExpiresAt);
  if (refreshes && REFRESH_KEYS.every((key) => key in cache) && registration !== undefined) {
    token.refreshableUntil = registration;
  }
  return { ok: true, token };
}
