import { beforeAll } from 'vitest';
import tokenLegacyServiceaccount from '../../shared/rules/token-legacy-serviceaccount';
import { legacyServiceAccountToken } from '../fixtures/jwt';
import { testRule } from '../support/rule-tester';
import { makeServiceAccountTokens, subject, type ServiceAccountTokens } from '../support/subjects/token';

let t: ServiceAccountTokens;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
});

testRule(tokenLegacyServiceaccount, {
  valid: [{ name: 'a bound token', subject: () => subject({ token: t.freshSa }) }],
  invalid: [
    {
      name: 'fires for a secret-based token and guides to a bound token, then revoking the Secret',
      subject: async () =>
        subject({
          token: await legacyServiceAccountToken({
            namespace: 'ci',
            name: 'builder',
            secretName: 'builder-token-abc',
          }),
        }),
      findings: [
        {
          evidenceMatching: { iss: 'kubernetes/serviceaccount', namespace: 'ci', secret: 'builder-token-abc' },
          detail: ['never expires'],
          commands: [
            `kubectl config --kubeconfig /home/u/.kube/config set-credentials u --token="$(cat token.txt)" && rm token.txt`,
            'kubectl --context dev delete secret builder-token-abc -n ci',
          ],
        },
      ],
    },
  ],
});
