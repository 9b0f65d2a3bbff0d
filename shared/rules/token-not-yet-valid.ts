import { describeToken, precedenceNote, tokenEvidence, userTokens, type BearerToken } from '../credentials/token';
import type { ContextSubject } from '../facts';
import { clockSteps } from '../guides/token';
import { formatDuration, formatInstant } from '../time';
import type { ContextRule, FindingDraft, RuleEnv } from './types';
import { CLOCKS } from './support/background';

const ID = 'token-not-yet-valid';
/** Servers allow some skew; past this much a token from the future is a clock problem. */
const TOLERANCE_MS = 60_000;

function check(subject: ContextSubject, env: RuleEnv, token: BearerToken | undefined): FindingDraft[] {
  const user = subject.user;
  if (!user || token?.decoded.format !== 'jwt') return [];
  const { nbf, iat, exp } = token.decoded.claims;
  const ahead = (at: number | undefined): at is number => at !== undefined && at - env.now > TOLERANCE_MS;
  const future = ahead(nbf)
    ? { label: 'nbf (not before)', at: nbf }
    : ahead(iat)
      ? { label: 'iat (issued at)', at: iat }
      : undefined;
  if (!future) return [];
  const { label, at } = future;
  return [
    {
      detail:
        `${describeToken(user.name, token)} has ${label} ${formatInstant(at, env.now)}, ${formatDuration(at - env.now)} ` +
        "ahead of this machine's clock. The API server rejects it until then; usually this clock is behind " +
        "(or the issuing server's clock is ahead)." +
        precedenceNote(user.value, userTokens(subject), token),
      ...(exp !== undefined ? { expiresAt: new Date(exp).toISOString() } : {}),
      evidence: { ...tokenEvidence(user.name, token), aheadSeconds: Math.round((at - env.now) / 1000) },
      fix: clockSteps(env.platform),
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Bearer token not valid yet',
    severity: 'error',
    needs: 'offline',
    description: "The token's nbf or iat is more than 60 seconds in the future (clock skew).",
    explanation: CLOCKS,
    remedy:
      "Synchronise this computer's clock (NTP). If the clock is right, the issuer's clock is ahead: tell " +
      'whoever runs it, or wait until the token becomes valid.',
  },
  scope: 'context',
  check(subject, env) {
    if (!subject.user) return [];
    const { sent, oidc } = userTokens(subject);
    return [...check(subject, env, sent), ...check(subject, env, oidc?.idToken)];
  },
} satisfies ContextRule;
