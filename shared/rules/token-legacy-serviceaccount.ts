import { describeToken, precedenceNote, tokenEvidence, userTokens } from '../credentials/token';
import { issuerKind } from '../credentials/jwt';
import { shellArg } from '../guides/shell';
import { serviceAccountTokenSteps, tokenCreatorContext } from '../guides/token';
import { refetchSteps } from '../guides/refetch';
import type { ContextRule } from './types';

const ID = 'token-legacy-serviceaccount';

export default {
  meta: {
    id: ID,
    title: 'Long-lived ServiceAccount token',
    severity: 'warning',
    needs: 'offline',
    description:
      'A secret-based ServiceAccount token (issuer kubernetes/serviceaccount) with no exp: it never expires.',
    explanation:
      'Before Kubernetes 1.24 every ServiceAccount got a token stored in a Secret, and such a token never ' +
      'expires: it works until someone deletes the Secret, so a leaked copy stays valid indefinitely. Bound' +
      ' tokens, from kubectl create token or a projected volume, expire and die with their ServiceAccount.',
    remedy:
      'Move to bound tokens: kubectl create token NAME -n NAMESPACE, which kubeward can run itself through ' +
      'another context that is allowed to and store in the user entry. Once nothing uses the old token, ' +
      'delete its Secret to revoke it.',
  },
  scope: 'context',
  check(subject) {
    const user = subject.user;
    if (!user) return [];
    const tokens = userTokens(subject);
    const token = tokens.sent;
    if (token?.decoded.format !== 'jwt') return [];
    const claims = token.decoded.claims;
    if (issuerKind(claims) !== 'legacy-serviceaccount' || claims.exp !== undefined) return [];
    const sa = claims.serviceAccount;
    const owner = sa?.name && sa.namespace ? ` of ServiceAccount ${sa.namespace}/${sa.name}` : '';
    const secret = sa?.secretName ? ` stored in Secret ${sa.secretName}` : '';
    const steps =
      sa?.name && sa.namespace
        ? [
            ...serviceAccountTokenSteps(user, token, sa.name, sa.namespace, tokenCreatorContext(subject)),
            ...(sa.secretName
              ? [
                  {
                    title: `Once nothing uses it any more, revoke the old token by deleting Secret ${sa.namespace}/${sa.secretName}`,
                    command: `kubectl --context ${shellArg(tokenCreatorContext(subject) ?? subject.name)} delete secret ${shellArg(sa.secretName)} -n ${shellArg(sa.namespace)}`,
                  },
                ]
              : []),
          ]
        : refetchSteps(subject);
    return [
      {
        detail:
          `${describeToken(user.name, token)} is a legacy secret-based token${owner}${secret}: it never expires, ` +
          'so a leaked copy works until the Secret is deleted. Bound tokens (kubectl create token) expire on their own.' +
          precedenceNote(user.value, tokens, token),
        evidence: tokenEvidence(user.name, token),
        fix: steps,
      },
    ];
  },
} satisfies ContextRule;
