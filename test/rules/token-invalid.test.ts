import { beforeAll } from 'vitest';
import tokenInvalid from '../../shared/rules/token-invalid';
import { testRule } from '../support/rule-tester';
import { makeServiceAccountTokens, subject, TOKEN_FILE, type ServiceAccountTokens } from '../support/subjects/token';

let t: ServiceAccountTokens;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
});

testRule(tokenInvalid, {
  valid: [
    { name: 'a good JWT', subject: () => subject({ token: t.freshSa }) },
    { name: 'an opaque static token', subject: () => subject({ token: 'k8s-aws-v1.opaque' }) },
    { name: 'a missing token file', subject: () => subject({ tokenFile: TOKEN_FILE }) },
  ],
  invalid: [
    {
      name: 'fires for three parts that do not decode',
      subject: () => subject({ token: 'eyJhbGciOiJSUzI1NiJ9.%%%.c2ln' }),
      findings: [{ evidenceMatching: { source: 'token', reason: 'the payload is missing or not base64url-encoded' } }],
    },
    {
      name: 'fires for an empty token file with nothing to fall back to',
      subject: () => subject({ tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: '\n' }),
      findings: [{ evidenceMatching: { source: 'tokenFile', tokenFile: TOKEN_FILE, reason: 'the file is empty' } }],
    },
    {
      name: 'fires for an oidc id-token that is not a JWT: client-go must read its exp',
      subject: () =>
        subject({
          'auth-provider': {
            name: 'oidc',
            config: { 'idp-issuer-url': 'https://accounts.example.com', 'client-id': 'k', 'id-token': 'opaque-value' },
          },
        }),
      findings: [{ evidenceMatching: { source: 'oidc-id-token', reason: 'it is not a JWT' } }],
    },
  ],
});
