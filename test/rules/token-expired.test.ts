import { beforeAll, describe, expect, it } from 'vitest';
import tokenExpired from '../../shared/rules/token-expired';
import { oidcIdToken, seconds } from '../fixtures/jwt';
import { testRule } from '../support/rule-tester';
import { ENV, NOW, subjectOf } from '../support/rules';
import {
  commands,
  CONFIG,
  HOUR,
  makeServiceAccountTokens,
  run,
  subject,
  TOKEN_FILE,
  type ServiceAccountTokens,
  type UserEntry,
} from '../support/subjects/token';

let t: ServiceAccountTokens;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
});

testRule(tokenExpired, {
  valid: [
    { name: 'a valid token', subject: () => subject({ token: t.freshSa }) },
    { name: 'an opaque token', subject: () => subject({ token: 'k8s-aws-v1.opaque' }) },
    {
      name: 'a user without a token',
      subject: () => subject({ 'client-certificate': '/x/c.pem', 'client-key': '/x/k.pem' }),
    },
    {
      name: 'a fresh inline token behind a token file holding only whitespace',
      subject: () => subject({ token: t.freshSa, tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: '\n' }),
    },
  ],
  invalid: [
    {
      name: 'checks the inline token when the token file is missing',
      subject: () => subject({ token: t.expiredSa, tokenFile: TOKEN_FILE }),
      findings: [{ severity: undefined, evidenceMatching: { source: 'token' } }],
    },
    {
      name: 'falls back to the inline token when the token file holds only whitespace',
      subject: () => subject({ token: t.expiredSa, tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: ' \n' }),
      findings: [{ severity: undefined, evidenceMatching: { source: 'token' } }],
    },
    {
      name: 'still checks a static token that shadows an exec plugin, and says so',
      subject: () =>
        subject({
          token: t.expiredSa,
          exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] },
        }),
      findings: [{ severity: undefined, detail: ['instead of running the exec plugin aws'] }],
    },
  ],
});

describe('token-expired', () => {
  it('fires for an expired ServiceAccount token, with claims and filled-in commands', () => {
    const [finding, ...rest] = run(tokenExpired, { token: t.expiredSa });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // the rule's default: error
    expect(finding?.expiresAt).toBe(new Date(NOW - HOUR).toISOString());
    expect(finding?.detail).toContain('expired 2026-06-01 11:00 UTC (1 hour ago)');
    expect(finding?.detail).toContain('ServiceAccount prod/deployer');
    expect(finding?.evidence).toMatchObject({
      user: 'u',
      source: 'token',
      exp: seconds(NOW - HOUR),
      expIso: '2026-06-01T11:00:00.000Z',
      iat: seconds(NOW - 2 * HOUR),
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:prod:deployer',
      namespace: 'prod',
      serviceaccount: 'deployer',
    });
    // No other context reaches the cluster: a cluster admin creates the token, as long-lived as the old one.
    expect(finding?.paths).toBeUndefined();
    expect(finding?.fix[0]?.title).toContain('(kubectl create token deployer -n prod --duration=1h)');
    expect(commands([finding])).toEqual([
      `kubectl config --kubeconfig /home/u/.kube/config set-credentials u --token="$(cat token.txt)" && rm token.txt`,
      'kubectl auth whoami --context dev',
    ]);
  });

  it('checks the token file, not the inline token, when the file is readable (even with a trailing newline)', () => {
    const [finding, ...rest] = run(
      tokenExpired,
      { token: t.freshSa, tokenFile: TOKEN_FILE },
      { [TOKEN_FILE]: `${t.expiredSa}\n` },
    );
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined();
    expect(finding?.evidence).toMatchObject({ source: 'tokenFile', tokenFile: TOKEN_FILE, serviceaccount: 'deployer' });
    expect(finding?.detail).toContain(`tokenFile ${TOKEN_FILE}`);
    expect(finding?.detail).toContain('the tokenFile wins over the token field');
    // A new token must go where kubectl reads it: set-credentials --token would be shadowed by the file.
    expect(commands([finding])).toEqual([`mv token.txt ${TOKEN_FILE}`, 'kubectl auth whoami --context dev']);
  });

  it('reports a stale inline token shadowed by a fresh token file as info only, with a one-line clean-up', () => {
    const [finding, ...rest] = run(
      tokenExpired,
      { token: t.expiredSa, tokenFile: TOKEN_FILE },
      { [TOKEN_FILE]: `${t.freshSa}\n` },
    );
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('info');
    expect(finding?.evidence.source).toBe('token');
    expect(finding?.detail).toContain(`only sends it when tokenFile ${TOKEN_FILE} cannot be read`);
    expect(commands([finding])).toEqual(['kubectl config --kubeconfig /home/u/.kube/config unset users.u.token']);
  });

  it('guides an expired OIDC token to kubelogin with the issuer and client id from its claims', async () => {
    const token = await oidcIdToken({ issuedAt: NOW - 2 * HOUR, clientId: 'kube-cli' });
    const [finding] = run(tokenExpired, { token });
    expect(finding?.evidence).toMatchObject({ iss: 'https://accounts.example.com', email: 'jane@example.com' });
    // Sign in again (recommended) or write the entry again: one path at a time, each ending with the check.
    expect(finding?.fix).toEqual([]);
    expect(finding?.paths?.map((p) => p.id)).toEqual(['sign-in', 'regenerate']);
    expect(finding?.paths?.[0]?.steps.map((s) => s.command)).toEqual([
      'kubectl oidc-login get-token --oidc-issuer-url=https://accounts.example.com --oidc-client-id=kube-cli',
      'kubectl config --kubeconfig /home/u/.kube/config unset users.u.token',
      'kubectl config --kubeconfig /home/u/.kube/config set-credentials u --exec-api-version=client.authentication.k8s.io/v1 ' +
        '--exec-interactive-mode=IfAvailable --exec-command=kubectl --exec-arg=oidc-login --exec-arg=get-token ' +
        '--exec-arg=--oidc-issuer-url=https://accounts.example.com --exec-arg=--oidc-client-id=kube-cli',
      'kubectl auth whoami --context dev',
    ]);
    expect(finding?.paths?.[1]?.steps.map((s) => s.command)).toEqual([undefined, 'kubectl auth whoami --context dev']);
  });

  it('takes the OIDC client from the shadowed kubelogin exec args, and only removes the token', async () => {
    const token = await oidcIdToken({ issuedAt: NOW - 2 * HOUR, clientId: 'from-claims' });
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      interactiveMode: 'IfAvailable',
      command: 'kubectl',
      args: ['oidc-login', 'get-token', '--oidc-issuer-url', 'https://idp.corp.test', '--oidc-client-id=from-exec'],
    };
    const [finding] = run(tokenExpired, { token, exec });
    expect(finding?.paths?.[0]?.steps.map((s) => s.command)).toEqual([
      'kubectl oidc-login get-token --oidc-issuer-url=https://idp.corp.test --oidc-client-id=from-exec',
      'kubectl config --kubeconfig /home/u/.kube/config unset users.u.token',
      'kubectl auth whoami --context dev',
    ]);
  });
});

describe('token-expired: a new ServiceAccount token kubeward can create itself', () => {
  /** Contexts as [name, cluster, user]; clusters c and c-again share a server, elsewhere does not. */
  function config(contexts: [string, string, string][], current: string, user: UserEntry): string {
    return JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': current,
      clusters: [
        { name: 'c', cluster: { server: 'https://api.example.test:6443' } },
        { name: 'c-again', cluster: { server: 'https://api.example.test:6443' } },
        { name: 'elsewhere', cluster: { server: 'https://other.example.test:6443' } },
      ],
      users: [
        { name: 'u', user },
        { name: 'admin', user: { 'client-certificate': '/x/admin.crt', 'client-key': '/x/admin.key' } },
      ],
      contexts: contexts.map(([name, cluster, u]) => ({ name, context: { cluster, user: u } })),
    });
  }

  function expiredFinding(contexts: [string, string, string][], current: string, user?: UserEntry) {
    const subject = subjectOf(
      { sources: { [CONFIG]: config(contexts, current, user ?? { token: t.expiredSa }) } },
      'dev',
    );
    const [finding] = tokenExpired.check(subject, ENV);
    return finding;
  }

  it('creates it through another context on the same cluster, the current one first', () => {
    const contexts: [string, string, string][] = [
      ['dev', 'c', 'u'],
      ['admin-same-server', 'c-again', 'admin'],
      ['admin', 'c', 'admin'],
    ];
    const viaCurrent = expiredFinding(contexts, 'admin');
    // Through another context (kubeward does it) or from a cluster admin: the user picks first.
    expect(viaCurrent?.fix).toEqual([]);
    expect(viaCurrent?.paths?.map((p) => p.id)).toEqual(['another-context', 'ask-admin']);
    expect(viaCurrent?.paths?.[0]?.steps).toEqual([
      {
        title: 'Create a new token for ServiceAccount prod/deployer with context admin, store it in user u',
        command:
          'kubectl config --kubeconfig /home/u/.kube/config set-credentials u --token=$(kubectl --context admin create token deployer -n prod --duration=1h)',
        action: {
          kind: 'create-token',
          user: 'u',
          kubeconfig: CONFIG,
          via: 'admin',
          namespace: 'prod',
          serviceAccount: 'deployer',
          duration: '1h',
        },
      },
      { title: 'Check that the API server accepts context dev again', command: 'kubectl auth whoami --context dev' },
    ]);
    // Not current: the first one on the same server, in file order.
    expect(expiredFinding(contexts, 'dev')?.paths?.[0]?.steps[0]?.action).toMatchObject({ via: 'admin-same-server' });
  });

  it('never picks another cluster or the broken user, and then leaves the commands to the user', () => {
    const finding = expiredFinding(
      [
        ['dev', 'c', 'u'],
        ['dev-too', 'c', 'u'],
        ['admin-elsewhere', 'elsewhere', 'admin'],
      ],
      'admin-elsewhere',
    );
    expect(finding?.paths).toBeUndefined();
    expect(finding?.fix.some((s) => s.action)).toBe(false);
    expect(commands([finding])).toEqual([
      `kubectl config --kubeconfig /home/u/.kube/config set-credentials u --token="$(cat token.txt)" && rm token.txt`,
      'kubectl auth whoami --context dev',
    ]);
  });

  it('offers no action for a user with a tokenFile: kubectl would keep reading the file', () => {
    const finding = expiredFinding(
      [
        ['dev', 'c', 'u'],
        ['admin', 'c', 'admin'],
      ],
      'admin',
      { token: t.expiredSa, tokenFile: TOKEN_FILE },
    );
    expect(finding?.fix.some((s) => s.action)).toBe(false);
  });
});
