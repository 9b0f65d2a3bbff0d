import { describeToken, precedenceNote, tokenEvidence, userTokens } from '../credentials/token';
import { probeSteps } from '../guides/token';
import type { ContextRule } from './types';

export default {
  meta: {
    id: 'token-opaque',
    title: 'Bearer token expiry unknown',
    severity: 'info',
    needs: 'offline',
    description: 'The token kubectl sends is not a JWT, so its expiry cannot be read offline.',
    explanation:
      'Some tokens are not JWTs but random strings that only the issuing server can look up (static token ' +
      'files, some webhook and cloud tokens). Nothing in such a token says when it expires, so only a ' +
      'request to the API server, the live probe, can tell whether it still works.',
    remedy:
      'Nothing needs doing. The live probe (on unless turned off for the cluster in settings, or with ' +
      '--offline) tells whether the token still works.',
  },
  scope: 'context',
  check(subject) {
    const user = subject.user;
    if (!user) return [];
    const tokens = userTokens(subject);
    const token = tokens.sent;
    if (token?.decoded.format !== 'opaque') return [];
    return [
      {
        detail:
          `${describeToken(user.name, token)} is not a JWT, so its expiry cannot be read offline; ` +
          'only the API server can say whether it still works.' +
          precedenceNote(user.value, tokens, token),
        evidence: tokenEvidence(user.name, token),
        fix: probeSteps(subject.name),
      },
    ];
  },
} satisfies ContextRule;
