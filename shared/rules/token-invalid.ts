import { describeToken, precedenceNote, tokenEvidence, userTokens, type BearerToken } from '../credentials/token';
import type { ContextSubject } from '../facts';
import { dropFallbackTokenSteps } from '../guides/token';
import { refetchSteps } from '../guides/refetch';
import type { ContextRule, FindingDraft } from './types';

const ID = 'token-invalid';

function check(subject: ContextSubject, token: BearerToken | undefined, fallback: boolean): FindingDraft[] {
  const user = subject.user;
  if (!user || !token) return [];
  const { decoded } = token;
  // client-go's oidc provider must read the id-token's exp, so an opaque id-token fails too ("ID Token is not a valid JWT").
  const opaqueIdToken = token.origin === 'oidc-id-token' && decoded.format === 'opaque';
  if (decoded.format !== 'invalid' && !opaqueIdToken) return [];
  const reason = decoded.format === 'invalid' ? decoded.reason : 'it is not a JWT';
  const consequence = fallback ? '' : ' The API server cannot accept it: it was truncated or mangled.';
  return [
    {
      ...(fallback ? { severity: 'info' as const, title: 'Fallback bearer token does not decode' } : {}),
      detail:
        `${describeToken(user.name, token)} does not decode: ${reason}.${consequence}` +
        precedenceNote(user.value, userTokens(subject), token),
      evidence: { ...tokenEvidence(user.name, token), reason },
      fix: fallback ? dropFallbackTokenSteps(user) : refetchSteps(subject),
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Bearer token does not decode',
    severity: 'error',
    needs: 'offline',
    description: 'The token looks like a JWT (three dot-separated parts) but does not decode.',
    explanation:
      'A token of three dot-separated parts is a JWT, whose middle part carries its claims: issuer, ' +
      'subject, expiry. When those parts do not decode, the token was cut short or damaged when it was ' +
      'copied, and the API server will not accept it either.',
    remedy:
      'Re-fetch the credentials, or copy the token again in full. A fallback token that does not decode can' +
      ' be removed from the entry. For an EKS cluster whose name and region the kubeconfig holds, kubeward ' +
      'can run aws eks update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject) {
    if (!subject.user) return [];
    const { sent, fallback, oidc } = userTokens(subject);
    return [...check(subject, sent, false), ...check(subject, fallback, true), ...check(subject, oidc?.idToken, false)];
  },
} satisfies ContextRule;
