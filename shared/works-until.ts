/**
 * "Works until": the instant kubectl stops working for a context, and why. The earliest end among what
 * the context's credential depends on: the client certificate's notAfter, a static token's exp, the
 * cloud session behind an exec plugin (AWS SSO, kubelogin), the OIDC refresh token (or the id-token,
 * when nothing refreshes it). A credential something renews by itself ends only when its renewal does;
 * where that end is unknown (gcloud's login, an opaque refresh token), nothing is claimed.
 */
import { clientCertificate } from './credentials/client-cert';
import { credentialSetup, credentialKind } from './credentials/kind';
import { decodeJwt } from './credentials/jwt';
import { userTokens } from './credentials/token';
import type { ContextSubject } from './facts';
import type { RuleId } from './rules/ids';
import { sessionFor } from './sessions/end';
import { formatInstant, isoTime } from './time';

export interface WorksUntil {
  /** ISO 8601 */
  at: string;
  /** What ends, in a few words: "AWS SSO session ends". */
  cause: string;
  /** The rule that warns before it (its guide fixes it). */
  rule: RuleId;
}

interface End {
  at: number;
  cause: string;
  rule: RuleId;
}

function jwtExp(token: string | undefined): number | undefined {
  if (!token) return undefined;
  const decoded = decodeJwt(token);
  return decoded.format === 'jwt' ? decoded.claims.exp : undefined;
}

function ends(subject: ContextSubject): End[] {
  const user = subject.user;
  if (!user) return [];
  switch (credentialKind(user.value)) {
    case 'client-certificate': {
      const decoded = clientCertificate(subject)?.certificate?.decoded;
      const at = decoded?.ok ? decoded.value[0]?.info.notAfter : undefined;
      return at === undefined ? [] : [{ at, cause: 'client certificate expires', rule: 'client-cert-expiring' }];
    }
    case 'token': {
      const decoded = userTokens(subject).sent?.decoded;
      const at = decoded?.format === 'jwt' ? decoded.claims.exp : undefined;
      return at === undefined ? [] : [{ at, cause: 'token expires', rule: 'token-expiring' }];
    }
    case 'oidc': {
      const oidc = userTokens(subject).oidc;
      if (!oidc) return [];
      if (oidc.hasRefreshToken) {
        // client-go trades the refresh token for a new id-token: the refresh token's own end is the limit.
        const at = jwtExp(user.value.authProvider?.config['refresh-token']);
        return at === undefined ? [] : [{ at, cause: 'OIDC refresh token expires', rule: 'oidc-token-expired' }];
      }
      const decoded = oidc.idToken?.decoded;
      const at = decoded?.format === 'jwt' ? decoded.claims.exp : undefined;
      return at === undefined ? [] : [{ at, cause: 'OIDC id-token expires', rule: 'oidc-token-expired' }];
    }
    case 'exec': {
      // The plugin's own short-lived credential is re-issued by the plugin; its session is what ends.
      if (credentialSetup(user.value).shadowed.includes('exec')) return [];
      const mine = (subject.snapshot.sessions ?? []).filter((s) => s.users.includes(user.name));
      return (['aws-sso', 'kubelogin'] as const).flatMap((kind) => {
        const end = sessionFor(mine.filter((s) => s.kind === kind))?.end;
        if (!end) return [];
        const cause = kind === 'aws-sso' ? 'AWS SSO session ends' : 'kubelogin session ends';
        return [{ at: end.at, cause, rule: 'exec-credential-expiring' as const }];
      });
    }
    default:
      return [];
  }
}

/** The earliest end, or undefined when none is known (or the credential never ends). */
export function worksUntil(subject: ContextSubject): WorksUntil | undefined {
  const earliest = ends(subject).reduce<End | undefined>((min, e) => (!min || e.at < min.at ? e : min), undefined);
  return earliest && { at: isoTime(earliest.at), cause: earliest.cause, rule: earliest.rule };
}

/** "works until 2026-12-03 14:00 UTC (in 3 hours): AWS SSO session ends", or "stopped working …" once past. */
export function worksUntilLine(until: WorksUntil, now: number): string {
  const at = Date.parse(until.at);
  return `${at > now ? 'works until' : 'stopped working'} ${formatInstant(at, now)}: ${until.cause}`;
}
