import { OIDC_EXPIRY_DELTA_MS, oidcEvidence, userTokens } from '../credentials/token';
import { oidcLoginPlan } from '../guides/token';
import { formatInstant } from '../time';
import { CREDENTIAL_EXPIRY } from './support/background';
import type { ContextRule } from './types';

const ID = 'oidc-token-expired';

export default {
  meta: {
    id: ID,
    title: 'OIDC id-token expired',
    severity: 'error',
    needs: 'offline',
    description:
      'The id-token of an oidc auth-provider has expired: an error without a refresh-token, a warning with one.',
    explanation: CREDENTIAL_EXPIRY,
    remedy:
      'Log in again through your identity provider, or switch the user to kubelogin (kubectl oidc-login), ' +
      'which renews the token itself. With a refresh-token kubectl renews it on the next command, which is ' +
      'why that case is only a warning.',
  },
  scope: 'context',
  check(subject, env) {
    const user = subject.user;
    const oidc = user && userTokens(subject).oidc;
    if (!user || !oidc) return [];
    const decoded = oidc.idToken?.decoded;
    // Tokens that do not decode are token-invalid's; a valid one is fine until client-go's expiry margin.
    if (decoded && decoded.format !== 'jwt') return [];
    const exp = decoded?.claims.exp;
    if (exp !== undefined && exp - OIDC_EXPIRY_DELTA_MS > env.now) return [];
    if (!decoded && oidc.hasRefreshToken) return [];
    const state = !decoded
      ? 'has no id-token'
      : exp === undefined
        ? 'has an id-token without exp, which client-go treats as expired'
        : `has an id-token that expired ${formatInstant(exp, env.now)}`;
    const outcome = oidc.hasRefreshToken
      ? ' kubectl will use the refresh-token to get a new one from the identity provider; if the IdP has revoked or ' +
        'expired that refresh-token, requests fail until you log in again.'
      : ' There is no refresh-token, so kubectl fails with "No valid id-token, and cannot refresh without refresh-token".';
    return [
      {
        ...(oidc.hasRefreshToken ? { severity: 'warning' as const } : {}),
        detail: `The oidc auth-provider of user ${user.name} ${state}.${outcome}`,
        ...(exp !== undefined ? { expiresAt: new Date(exp).toISOString() } : {}),
        evidence: oidcEvidence(user.name, oidc),
        ...oidcLoginPlan(subject, oidc, decoded?.claims),
      },
    ];
  },
} satisfies ContextRule;
