import { beforeAll } from 'vitest';
import tokenOpaque from '../../shared/rules/token-opaque';
import { testRule } from '../support/rule-tester';
import { makeServiceAccountTokens, subject, type ServiceAccountTokens } from '../support/subjects/token';

let t: ServiceAccountTokens;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
});

testRule(tokenOpaque, {
  valid: [{ name: 'a JWT', subject: () => subject({ token: t.freshSa }) }],
  invalid: [
    {
      name: 'notes a token whose expiry cannot be read offline, and how to ask the server',
      subject: () => subject({ token: 'k8s-aws-v1.aHR0cHM6Ly9zdHM' }),
      findings: [{ evidence: { user: 'u', source: 'token' }, commands: ['kubectl auth whoami --context dev'] }],
    },
  ],
});
