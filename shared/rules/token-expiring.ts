import type { JwtClaims } from '../credentials/jwt';
import {
  describeToken,
  identityNote,
  OIDC_EXPIRY_DELTA_MS,
  precedenceNote,
  tokenEvidence,
  userTokens,
  type BearerToken,
} from '../credentials/token';
import type { ContextSubject } from '../facts';
import type { FixPlan } from '../findings';
import { oidcLoginPlan, renewTokenPlan } from '../guides/token';
import { formatInstant, isoTime } from '../time';
import type { ContextRule, FindingDraft, RuleEnv } from './types';
import { CREDENTIAL_EXPIRY } from './support/background';

const ID = 'token-expiring';
const DAY_MS = 24 * 3_600_000;

/** Tokens living under a day get the short expiry warning window, others the long one. */
function warningWindow(env: RuleEnv, issuedAt: number | undefined, endsAt: number): number {
  const short = issuedAt !== undefined && endsAt - issuedAt < DAY_MS;
  return short ? env.expiryWarningWindows.shortLivedToken : env.expiryWarningWindows.token;
}

/** Sentences saying why the token needs attention soon; empty when it does not. */
function reasons(claims: JwtClaims, exp: number, env: RuleEnv): string[] {
  const issuedAt = claims.iat ?? claims.nbf;
  const found: string[] = [];
  if (exp - env.now <= warningWindow(env, issuedAt, exp)) found.push(`expires ${formatInstant(exp, env.now)}.`);
  // kube-apiserver extends Pod tokens (to a year) but calls them stale after the lifetime that was asked for.
  const sa = claims.serviceAccount;
  const warnAfter = sa?.warnAfter;
  if (warnAfter !== undefined && warnAfter < exp && warnAfter - env.now <= warningWindow(env, issuedAt, warnAfter)) {
    const pod = sa?.pod ? ` it stops working as soon as Pod ${sa.namespace}/${sa.pod} is deleted, and` : '';
    found.push(
      `was extended by kube-apiserver for a Pod:${pod} it goes stale at its warnafter, ` +
        `${formatInstant(warnAfter, env.now)}, long before its exp, ${formatInstant(exp, env.now)}.`,
    );
  }
  return found;
}

/**
 * @param graceMs how long before `exp` the client already treats the token as expired (then token-expired
 *   or oidc-token-expired speaks instead)
 */
function check(
  subject: ContextSubject,
  env: RuleEnv,
  token: BearerToken | undefined,
  graceMs: number,
  plan: (claims: JwtClaims) => FixPlan,
): FindingDraft[] {
  const user = subject.user;
  if (!user || token?.decoded.format !== 'jwt') return [];
  const claims = token.decoded.claims;
  const exp = claims.exp;
  if (exp === undefined || exp - graceMs <= env.now) return [];
  const why = reasons(claims, exp, env);
  if (!why.length) return [];
  return [
    {
      detail:
        `${describeToken(user.name, token)} ${why.join(' It ')}${identityNote(token)}` +
        precedenceNote(user.value, userTokens(subject), token),
      expiresAt: isoTime(exp),
      evidence: tokenEvidence(user.name, token),
      ...plan(claims),
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Bearer token expires soon',
    severity: 'warning',
    needs: 'offline',
    description:
      'The token kubectl sends (or an OIDC id-token without a refresh-token) expires inside the expiry warning window, ' +
      'or an extended ServiceAccount token reaches its warnafter.',
    explanation: CREDENTIAL_EXPIRY,
    remedy:
      'Renew it as for an expired token (kubectl create token for a ServiceAccount, a new login for OIDC) ' +
      'before the date in the finding. A bound token kept valid past its kubernetes.io warnafter time is ' +
      'already stale: replace it now.',
  },
  scope: 'context',
  check(subject, env) {
    if (!subject.user) return [];
    const { sent, oidc } = userTokens(subject);
    const findings = sent ? check(subject, env, sent, 0, () => renewTokenPlan(subject, sent)) : [];
    // With a refresh-token client-go renews the id-token itself: its expiry is routine.
    if (oidc && !oidc.hasRefreshToken) {
      findings.push(
        ...check(subject, env, oidc.idToken, OIDC_EXPIRY_DELTA_MS, (claims) => oidcLoginPlan(subject, oidc, claims)),
      );
    }
    return findings;
  },
} satisfies ContextRule;
