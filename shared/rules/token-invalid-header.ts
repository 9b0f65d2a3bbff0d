import { describeToken, tokenEvidence, userTokens, type BearerToken } from '../credentials/token';
import type { ContextSubject } from '../facts';
import { cleanTokenSteps } from '../guides/token';
import type { ContextRule, FindingDraft } from './types';

function check(subject: ContextSubject, token: BearerToken | undefined): FindingDraft[] {
  const user = subject.user;
  if (!user || !token?.headerDefect) return [];
  const written = token.origin === 'tokenFile' ? ' (client-go trims only the spaces and line breaks around it)' : '';
  return [
    {
      detail:
        `${describeToken(user.name, token)} cannot be sent: ${token.headerDefect}${written}. Go's HTTP client ` +
        'refuses such a header, so every kubectl request fails with `net/http: invalid header field value for ' +
        '"Authorization"` before it reaches the server.',
      evidence: { ...tokenEvidence(user.name, token), defect: token.headerDefect },
      fix: cleanTokenSteps(subject, token),
    },
  ];
}

export default {
  meta: {
    id: 'token-invalid-header',
    title: 'Bearer token cannot be sent',
    severity: 'error',
    needs: 'offline',
    description:
      'The token holds a line break or another control character, which Go refuses to send in the Authorization header.',
    explanation:
      'kubectl sends `token` exactly as written, in the header `Authorization: Bearer <token>`, and Go refuses ' +
      'header values with control characters other than tab. A token pasted as a YAML block scalar (`token: |`) ' +
      'ends with a line break, and so does one copied with the newline from a terminal: every request then fails ' +
      'with `net/http: invalid header field value for "Authorization"`. A `tokenFile` is trimmed first, so only a ' +
      'control character inside the token breaks it.',
    remedy:
      'Store the token again without the line break (the fix reads it from the kubeconfig and writes it back ' +
      'without control characters), or strip them from the token file.',
  },
  scope: 'context',
  check(subject) {
    if (!subject.user) return [];
    const { sent, oidc } = userTokens(subject);
    return [...check(subject, sent), ...check(subject, oidc?.idToken)];
  },
} satisfies ContextRule;
