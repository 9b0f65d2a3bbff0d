/**
 * When a cloud session stops handing out credentials, as far as its files say, and how
 * early to warn. A credential the tool renews by itself ends only when its renewal does;
 * where that is not on disk, the end is unknown and nothing is claimed.
 */
import type { CloudSession } from '../facts';

const DAY_MS = 24 * 3_600_000;

type EndBasis =
  /** An AWS SSO access token nothing renews (a legacy profile, or a registration that ends first). */
  | 'access-token'
  /** The AWS CLI's client registration (90 days): the latest an sso-session can be refreshed. */
  | 'registration'
  /** A kubelogin id_token without a refresh token. */
  | 'id-token'
  /** A kubelogin refresh token that is a JWT: the identity provider's session limit. */
  | 'refresh-token';

export interface SessionEnd {
  /** epoch ms */
  at: number;
  basis: EndBasis;
  /** A credential living under a day gets the short expiry warning window. */
  shortLived: boolean;
}

function livesUnderADay(issuedAt: number | undefined, endsAt: number): boolean {
  // Without an issue time, short: IAM Identity Center sessions default to 8 hours and id_tokens to one,
  // and the long expiry warning window would warn through the whole of such a session.
  return issuedAt === undefined || endsAt - issuedAt < DAY_MS;
}

/** Undefined when the files do not say when the session ends (or it never matters: the gke plugin's own token). */
export function sessionEnd(session: CloudSession): SessionEnd | undefined {
  const { renewal, expiresAt } = session;
  switch (session.kind) {
    case 'gke-plugin':
      // The plugin re-issues its hour-long token from gcloud's login, whose end is not on disk.
      return undefined;
    case 'azure-kubelogin':
      // Entra refresh tokens last up to 90 days, revocable at any time; their end is not on disk.
      return undefined;
    case 'aws-sso':
      if (renewal?.until !== undefined && renewal.until > expiresAt) {
        return { at: renewal.until, basis: 'registration', shortLived: false };
      }
      return { at: expiresAt, basis: 'access-token', shortLived: true };
    case 'kubelogin':
      if (!renewal)
        return { at: expiresAt, basis: 'id-token', shortLived: livesUnderADay(session.issuedAt, expiresAt) };
      if (renewal.until === undefined) return undefined;
      if (renewal.until > expiresAt) {
        return {
          at: renewal.until,
          basis: 'refresh-token',
          shortLived: livesUnderADay(renewal.issuedAt, renewal.until),
        };
      }
      return { at: expiresAt, basis: 'id-token', shortLived: livesUnderADay(session.issuedAt, expiresAt) };
  }
}

/**
 * Which of the two token expiry warning windows a session's end warns by. The rules' windows, by their
 * shape: sessions sit below the rules and import nothing from them.
 */
export function warningWindow(end: SessionEnd, windows: { shortLivedToken: number; token: number }): number {
  return end.shortLived ? windows.shortLivedToken : windows.token;
}

/** The session a user's plugin uses, among those matched to it: the one ending last (unknown counts as last), so a stale copy never alarms. */
export function sessionFor(sessions: readonly CloudSession[]): { session: CloudSession; end?: SessionEnd } | undefined {
  let best: { session: CloudSession; end?: SessionEnd } | undefined;
  for (const session of sessions) {
    const end = sessionEnd(session);
    const at = end?.at ?? Infinity;
    if (!best || at > (best.end?.at ?? Infinity)) best = end ? { session, end } : { session };
  }
  return best;
}
