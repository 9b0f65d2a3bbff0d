import { beforeAll, describe, expect, it } from 'vitest';
import oidcTokenExpired from '../../shared/rules/oidc-token-expired';
import { oidcIdToken } from '../fixtures/jwt';
import { testRule } from '../support/rule-tester';
import { NOW } from '../support/rules';
import {
  commands,
  HOUR,
  makeServiceAccountTokens,
  run,
  subject,
  type ServiceAccountTokens,
} from '../support/subjects/token';

const base = { 'idp-issuer-url': 'https://accounts.example.com', 'client-id': 'kubernetes' };
const oidc = (config: Record<string, string>) => ({ 'auth-provider': { name: 'oidc', config } });

let t: ServiceAccountTokens;
let expired: string;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
  expired = await oidcIdToken({ issuedAt: NOW - 2 * HOUR });
});

testRule(oidcTokenExpired, {
  valid: [
    { name: 'a refresh-token alone', subject: () => subject(oidc({ ...base, 'refresh-token': 'r3fr3sh' })) },
    {
      name: 'a valid id-token',
      subject: async () => subject(oidc({ ...base, 'id-token': await oidcIdToken({ issuedAt: NOW }) })),
    },
    {
      name: 'a static token sent instead',
      subject: () => subject({ token: t.freshSa, ...oidc({ ...base, 'id-token': expired }) }),
    },
  ],
  invalid: [
    {
      name: 'is a warning with a refresh-token',
      subject: () => subject(oidc({ ...base, 'id-token': expired, 'refresh-token': 'r3fr3sh' })),
      findings: [{ severity: 'warning', evidenceMatching: { hasRefreshToken: true } }],
    },
    {
      name: 'counts the id-token as expired 10 s early, like client-go',
      subject: async () => subject(oidc({ ...base, 'id-token': await oidcIdToken({ issuedAt: NOW - HOUR + 5_000 }) })),
      findings: [{}],
    },
    {
      name: 'is an error with neither id-token nor refresh-token',
      subject: () => subject(oidc(base)),
      findings: [{ detail: ['has no id-token'] }],
    },
  ],
});

describe('oidc-token-expired', () => {
  it('is an error without a refresh-token', () => {
    const [finding] = run(oidcTokenExpired, oidc({ ...base, 'id-token': expired }));
    expect(finding?.severity).toBeUndefined();
    expect(finding?.expiresAt).toBe(new Date(NOW - HOUR).toISOString());
    expect(finding?.evidence).toMatchObject({
      idpIssuerUrl: base['idp-issuer-url'],
      clientId: 'kubernetes',
      hasRefreshToken: false,
    });
    // Sign in again (kubelogin keeps it fresh from then on) or write the entry again: the user picks first.
    expect(finding?.fix).toEqual([]);
    expect(finding?.paths?.map((p) => p.id)).toEqual(['sign-in', 'regenerate']);
    expect(commands([finding])).toEqual([
      'kubectl oidc-login get-token --oidc-issuer-url=https://accounts.example.com --oidc-client-id=kubernetes',
      'kubectl config --kubeconfig /home/u/.kube/config unset users.u.auth-provider',
      'kubectl config --kubeconfig /home/u/.kube/config set-credentials u --exec-api-version=client.authentication.k8s.io/v1 ' +
        '--exec-interactive-mode=IfAvailable --exec-command=kubectl --exec-arg=oidc-login --exec-arg=get-token ' +
        '--exec-arg=--oidc-issuer-url=https://accounts.example.com --exec-arg=--oidc-client-id=kubernetes',
      'kubectl auth whoami --context dev',
      'kubectl auth whoami --context dev',
    ]);
  });
});
