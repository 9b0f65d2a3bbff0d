import { beforeAll } from 'vitest';
import tokenInvalidHeader from '../../shared/rules/token-invalid-header';
import { testRule } from '../support/rule-tester';
import { makeServiceAccountTokens, subject, TOKEN_FILE, type ServiceAccountTokens } from '../support/subjects/token';

/** A token no finding may repeat. */
const CANARY = 'kw-canary-token-3c9d1e';

let t: ServiceAccountTokens;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
});

const OIDC = (idToken: string) => ({
  'auth-provider': {
    name: 'oidc',
    config: { 'idp-issuer-url': 'https://accounts.example.com', 'client-id': 'k', 'id-token': idToken },
  },
});

testRule(tokenInvalidHeader, {
  meta: { severity: 'error', needs: 'offline' },
  valid: [
    { name: 'a good JWT', subject: () => subject({ token: t.freshSa }) },
    { name: 'a token with a tab and spaces (net/http sends them)', subject: () => subject({ token: ' a\tb ' }) },
    { name: 'a non-ASCII token (sent as bytes)', subject: () => subject({ token: 'jeton-é' }) },
    {
      name: 'a token file ending in a line break (client-go trims it)',
      subject: () => subject({ tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: `${t.freshSa}\r\n\n` }),
    },
  ],
  invalid: [
    {
      name: 'fires for a token ending in a line break (a YAML block scalar), without quoting it',
      subject: () => subject({ token: `${CANARY}\n` }),
      findings: [
        {
          detail: ['it ends with a line break', 'invalid header field value for "Authorization"'],
          evidenceMatching: { source: 'token', defect: 'it ends with a line break' },
          commands: [
            `kubectl config --kubeconfig /home/u/.kube/config set-credentials u --token="$(kubectl config --kubeconfig /home/u/.kube/config view --raw -o jsonpath='{.users[?(@.name=="u")].user.token}' | tr -d '\\000-\\010\\012-\\037\\177')"`,
          ],
        },
      ],
      secrets: [CANARY],
    },
    {
      name: 'fires for a carriage return inside the token',
      subject: () => subject({ token: 'abc\rdef' }),
      findings: [{ evidenceMatching: { defect: 'it holds a carriage return' } }],
      secrets: ['abc\rdef'],
    },
    {
      name: 'fires for DEL in a token file, which trimming does not remove',
      subject: () => subject({ tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: 'abc\u007fdef\n' }),
      findings: [
        {
          evidenceMatching: { source: 'tokenFile', defect: 'it holds the control character U+007F' },
          commands: [
            `tr -d '\\000-\\010\\012-\\037\\177' < ${TOKEN_FILE} > ${TOKEN_FILE}.new && mv ${TOKEN_FILE}.new ${TOKEN_FILE}`,
          ],
        },
      ],
    },
    {
      name: 'fires for an oidc id-token ending in a line break',
      subject: () => subject(OIDC(`${t.freshSa}\n`)),
      findings: [{ evidenceMatching: { source: 'oidc-id-token', defect: 'it ends with a line break' } }],
    },
  ],
});
