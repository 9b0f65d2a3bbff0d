import {
  describeToken,
  identityNote,
  precedenceNote,
  tokenEvidence,
  userTokens,
  type BearerToken,
} from '../credentials/token';
import type { ContextSubject } from '../facts';
import { dropFallbackTokenSteps, renewTokenPlan } from '../guides/token';
import { formatInstant, isoTime } from '../time';
import type { ContextRule, FindingDraft, RuleEnv } from './types';
import { CREDENTIAL_EXPIRY } from './support/background';

const ID = 'token-expired';

function check(
  subject: ContextSubject,
  env: RuleEnv,
  token: BearerToken | undefined,
  fallback: boolean,
): FindingDraft[] {
  const user = subject.user;
  if (!user || token?.decoded.format !== 'jwt') return [];
  const exp = token.decoded.claims.exp;
  if (exp === undefined || exp > env.now) return [];
  const consequence = fallback
    ? ''
    : ' The API server rejects it: kubectl fails with "You must be logged in to the server (Unauthorized)".';
  return [
    {
      // A stale fallback breaks nothing while the token file is readable: worth knowing, not an alarm.
      ...(fallback ? { severity: 'info' as const, title: 'Fallback bearer token expired' } : {}),
      detail:
        `${describeToken(user.name, token)} expired ${formatInstant(exp, env.now)}.${identityNote(token)}${consequence}` +
        precedenceNote(user.value, userTokens(subject), token),
      expiresAt: isoTime(exp),
      evidence: tokenEvidence(user.name, token),
      ...(fallback ? { fix: dropFallbackTokenSteps(user) } : renewTokenPlan(subject, token)),
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Bearer token expired',
    severity: 'error',
    needs: 'offline',
    description: 'The JWT bearer token kubectl sends (tokenFile wins over token) is past its exp.',
    explanation: CREDENTIAL_EXPIRY,
    remedy:
      'Get a new token: for a ServiceAccount, kubectl create token NAME -n NAMESPACE --duration=1h; for an ' +
      'OIDC token, log in again. Kubeward can create the ServiceAccount token itself, through another ' +
      'context that is allowed to, and store it in the user entry with a backup. An expired fallback token ' +
      'that is never sent can simply be removed.',
  },
  scope: 'context',
  check(subject, env) {
    if (!subject.user) return [];
    const tokens = userTokens(subject);
    return [...check(subject, env, tokens.sent, false), ...check(subject, env, tokens.fallback, true)];
  },
} satisfies ContextRule;
