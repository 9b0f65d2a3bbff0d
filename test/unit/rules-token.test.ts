import { beforeAll, describe, expect, it } from 'vitest';
import { userTokens } from '../../shared/credentials/token';
import oidcTokenExpired from '../../shared/rules/oidc-token-expired';
import tokenExpired from '../../shared/rules/token-expired';
import tokenExpiring from '../../shared/rules/token-expiring';
import tokenInvalid from '../../shared/rules/token-invalid';
import tokenLegacy from '../../shared/rules/token-legacy-serviceaccount';
import tokenNotYetValid from '../../shared/rules/token-not-yet-valid';
import tokenOpaque from '../../shared/rules/token-opaque';
import { DEFAULT_LEAD_TIMES, type ContextRule, type ContextSubject, type FindingDraft } from '../../shared/rules/types';
import { legacyServiceAccountToken, oidcIdToken, seconds, serviceAccountToken, signJwt } from '../fixtures/jwt';
import { commandsOf, ENV, NOW, subjectOf, subjectsOf } from '../support/rules';
import { snapshotFrom, type SnapshotInput } from '../support/snapshot';

const now = NOW;
const env = ENV;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CONFIG = '/home/u/.kube/config';
const TOKEN_FILE = '/home/u/.kube/sa-token';
const ALL_RULES = [
  tokenExpired,
  tokenExpiring,
  tokenNotYetValid,
  tokenInvalid,
  tokenOpaque,
  tokenLegacy,
  oidcTokenExpired,
];

/** A kubeconfig (JSON is YAML) with one context per name, all using user `u`. */
function kubeconfig(user: Record<string, unknown>, contexts = ['dev']): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': contexts[0],
    clusters: [{ name: 'c', cluster: { server: 'https://api.example.test:6443' } }],
    users: [{ name: 'u', user }],
    contexts: contexts.map((name) => ({ name, context: { cluster: 'c', user: 'u', namespace: 'prod' } })),
  });
}

function subject(user: Record<string, unknown>, files: SnapshotInput['files'] = {}): ContextSubject {
  return subjectOf({ sources: { [CONFIG]: kubeconfig(user) }, files });
}

function run(rule: ContextRule, user: Record<string, unknown>, files: SnapshotInput['files'] = {}, at = env) {
  return rule.check(subject(user, files), at);
}

function commands(drafts: (FindingDraft | undefined)[]): string[] {
  return commandsOf(drafts.flatMap((d) => (d ? [d] : [])));
}

let expiredSa: string; // issued 2 h ago for 1 h
let freshSa: string; // issued 5 min ago for 1 h
let expiringSa: string; // 1 h token with 5 min left

beforeAll(async () => {
  expiredSa = await serviceAccountToken({ namespace: 'prod', name: 'deployer', issuedAt: now - 2 * HOUR });
  freshSa = await serviceAccountToken({ namespace: 'prod', name: 'deployer', issuedAt: now - 5 * 60_000 });
  expiringSa = await serviceAccountToken({ namespace: 'prod', name: 'deployer', issuedAt: now - 55 * 60_000 });
});

describe('token-expired', () => {
  it('fires for an expired ServiceAccount token, with claims and filled-in commands', () => {
    const [finding, ...rest] = run(tokenExpired, { token: expiredSa });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // the rule's default: error
    expect(finding?.expiresAt).toBe(new Date(now - HOUR).toISOString());
    expect(finding?.detail).toContain('expired 2026-06-01 11:00 UTC (1 hour ago)');
    expect(finding?.detail).toContain('ServiceAccount prod/deployer');
    expect(finding?.evidence).toMatchObject({
      user: 'u',
      source: 'token',
      exp: seconds(now - HOUR),
      expIso: '2026-06-01T11:00:00.000Z',
      iat: seconds(now - 2 * HOUR),
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:prod:deployer',
      namespace: 'prod',
      serviceaccount: 'deployer',
    });
    expect(finding?.fix.guide).toBe('token-expired');
    expect(commands([finding])).toEqual([
      'kubectl create token deployer -n prod --duration=1h',
      'kubectl config set-credentials u --token=$(kubectl create token deployer -n prod --duration=1h)',
    ]);
  });

  it('stays quiet for a valid token, an opaque token, and a user without a token', () => {
    expect(run(tokenExpired, { token: freshSa })).toEqual([]);
    expect(run(tokenExpired, { token: 'k8s-aws-v1.opaque' })).toEqual([]);
    expect(run(tokenExpired, { 'client-certificate': '/x/c.pem', 'client-key': '/x/k.pem' })).toEqual([]);
  });

  it('checks the token file, not the inline token, when the file is readable (even with a trailing newline)', () => {
    const [finding, ...rest] = run(
      tokenExpired,
      { token: freshSa, tokenFile: TOKEN_FILE },
      { [TOKEN_FILE]: `${expiredSa}\n` },
    );
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined();
    expect(finding?.evidence).toMatchObject({ source: 'tokenFile', tokenFile: TOKEN_FILE, serviceaccount: 'deployer' });
    expect(finding?.detail).toContain(`tokenFile ${TOKEN_FILE}`);
    expect(finding?.detail).toContain('the tokenFile wins over the token field');
    // A new token must go where kubectl reads it: set-credentials --token would be shadowed by the file.
    expect(commands([finding])).toEqual([`kubectl create token deployer -n prod --duration=1h > ${TOKEN_FILE}`]);
  });

  it('checks the inline token when the token file is missing', () => {
    const [finding] = run(tokenExpired, { token: expiredSa, tokenFile: TOKEN_FILE });
    expect(finding?.severity).toBeUndefined();
    expect(finding?.evidence.source).toBe('token');
  });

  it('falls back to the inline token when the token file holds only whitespace', () => {
    expect(run(tokenExpired, { token: freshSa, tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: '\n' })).toEqual([]);
    const [finding] = run(tokenExpired, { token: expiredSa, tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: ' \n' });
    expect(finding?.evidence.source).toBe('token');
    expect(finding?.severity).toBeUndefined();
  });

  it('reports a stale inline token shadowed by a fresh token file as info only, with a one-line clean-up', () => {
    const [finding, ...rest] = run(
      tokenExpired,
      { token: expiredSa, tokenFile: TOKEN_FILE },
      { [TOKEN_FILE]: `${freshSa}\n` },
    );
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('info');
    expect(finding?.evidence.source).toBe('token');
    expect(finding?.detail).toContain(`only sends it when tokenFile ${TOKEN_FILE} cannot be read`);
    expect(commands([finding])).toEqual(['kubectl config unset users.u.token']);
  });

  it('still checks a static token that shadows an exec plugin, and says so', () => {
    const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] };
    const [finding] = run(tokenExpired, { token: expiredSa, exec });
    expect(finding?.severity).toBeUndefined();
    expect(finding?.detail).toContain('instead of running the exec plugin aws');
  });

  it('guides an expired OIDC token to kubelogin with the issuer and client id from its claims', async () => {
    const token = await oidcIdToken({ issuedAt: now - 2 * HOUR, clientId: 'kube-cli' });
    const [finding] = run(tokenExpired, { token });
    expect(finding?.evidence).toMatchObject({ iss: 'https://accounts.example.com', email: 'jane@example.com' });
    expect(commands([finding])).toEqual([
      'kubectl oidc-login get-token --oidc-issuer-url=https://accounts.example.com --oidc-client-id=kube-cli',
      'kubectl config unset users.u.token',
      'kubectl config set-credentials u --exec-api-version=client.authentication.k8s.io/v1 ' +
        '--exec-interactive-mode=IfAvailable --exec-command=kubectl --exec-arg=oidc-login --exec-arg=get-token ' +
        '--exec-arg=--oidc-issuer-url=https://accounts.example.com --exec-arg=--oidc-client-id=kube-cli',
    ]);
  });

  it('takes the OIDC client from the shadowed kubelogin exec args, and only removes the token', async () => {
    const token = await oidcIdToken({ issuedAt: now - 2 * HOUR, clientId: 'from-claims' });
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      interactiveMode: 'IfAvailable',
      command: 'kubectl',
      args: ['oidc-login', 'get-token', '--oidc-issuer-url', 'https://idp.corp.test', '--oidc-client-id=from-exec'],
    };
    const [finding] = run(tokenExpired, { token, exec });
    expect(commands([finding])).toEqual([
      'kubectl oidc-login get-token --oidc-issuer-url=https://idp.corp.test --oidc-client-id=from-exec',
      'kubectl config unset users.u.token',
    ]);
  });
});

describe('token-expiring', () => {
  it('warns 10 minutes ahead for a short-lived token', () => {
    const [finding] = run(tokenExpiring, { token: expiringSa });
    expect(finding?.expiresAt).toBe(new Date(now + 5 * 60_000).toISOString());
    expect(finding?.detail).toContain('expires 2026-06-01 12:05 UTC (in 5 minutes)');
    expect(commands([finding])[0]).toBe('kubectl create token deployer -n prod --duration=1h');
  });

  it('does not warn early for a short-lived token, nor for one already expired', async () => {
    const twentyLeft = await serviceAccountToken({ issuedAt: now - 40 * 60_000 });
    expect(run(tokenExpiring, { token: twentyLeft })).toEqual([]);
    expect(run(tokenExpiring, { token: expiredSa })).toEqual([]);
  });

  it('warns 24 hours ahead for a long-lived token, and honours configured lead times', async () => {
    const thirtyDays = 30 * DAY;
    const twentyHoursLeft = await serviceAccountToken({ issuedAt: now - thirtyDays + 20 * HOUR, lifetime: thirtyDays });
    const thirtyHoursLeft = await serviceAccountToken({ issuedAt: now - thirtyDays + 30 * HOUR, lifetime: thirtyDays });
    expect(run(tokenExpiring, { token: twentyHoursLeft })).toHaveLength(1);
    expect(run(tokenExpiring, { token: thirtyHoursLeft })).toEqual([]);
    const longLead = { ...env, leadTimes: { ...DEFAULT_LEAD_TIMES, token: 2 * DAY } };
    expect(run(tokenExpiring, { token: thirtyHoursLeft }, {}, longLead)).toHaveLength(1);
  });

  it('says when an extended Pod token goes stale (warnafter), long before its exp', async () => {
    const issuedAt = now - 2 * HOUR;
    const token = await serviceAccountToken({
      issuedAt,
      lifetime: 365 * DAY,
      warnAfter: issuedAt + HOUR,
      pod: { name: 'web-0', uid: 'p1' },
    });
    const [finding] = run(tokenExpiring, { token });
    expect(finding?.expiresAt).toBe(new Date(issuedAt + 365 * DAY).toISOString());
    expect(finding?.detail).toContain('goes stale at its warnafter, 2026-06-01 11:00 UTC (1 hour ago)');
    expect(finding?.detail).toContain('Pod prod/web-0 is deleted');
    expect(finding?.evidence).toMatchObject({ warnafter: seconds(issuedAt + HOUR), pod: 'web-0' });
    // Before its warnafter comes near, an extended token is fine.
    const young = await serviceAccountToken({ issuedAt: now, lifetime: 365 * DAY, warnAfter: now + HOUR });
    expect(run(tokenExpiring, { token: young })).toEqual([]);
  });

  it('warns for an OIDC id-token without a refresh-token, not with one', async () => {
    const idToken = await oidcIdToken({ issuedAt: now - 55 * 60_000 });
    const config = { 'idp-issuer-url': 'https://accounts.example.com', 'client-id': 'kubernetes', 'id-token': idToken };
    const [finding] = run(tokenExpiring, { 'auth-provider': { name: 'oidc', config } });
    expect(finding?.evidence.source).toBe('oidc-id-token');
    expect(commands([finding])[0]).toBe(
      'kubectl oidc-login get-token --oidc-issuer-url=https://accounts.example.com --oidc-client-id=kubernetes',
    );
    const withRefresh = { ...config, 'refresh-token': 'r3fr3sh' };
    expect(run(tokenExpiring, { 'auth-provider': { name: 'oidc', config: withRefresh } })).toEqual([]);
  });
});

describe('token-not-yet-valid', () => {
  it('fires when nbf is more than 60 s ahead, with clock fix steps', async () => {
    const token = await serviceAccountToken({ issuedAt: now + 10 * 60_000 });
    const [finding] = run(tokenNotYetValid, { token });
    expect(finding?.detail).toContain('nbf (not before) 2026-06-01 12:10 UTC (in 10 minutes), 10 minutes ahead');
    expect(finding?.evidence.aheadSeconds).toBe(600);
    expect(commands([finding])).toEqual(['timedatectl status', 'sudo chronyc makestep']);
    expect(commands(tokenNotYetValid.check(subject({ token }), { ...env, platform: 'darwin' }))).toEqual([
      'sudo sntp -sS time.apple.com',
    ]);
  });

  it('fires on a future iat when there is no nbf', async () => {
    const iat = seconds(now + 5 * 60_000);
    const token = await signJwt({ iss: 'https://accounts.example.com', sub: 'x', iat, exp: iat + 3600 });
    const [finding] = run(tokenNotYetValid, { token });
    expect(finding?.detail).toContain('iat (issued at)');
  });

  it('tolerates up to 60 s of skew', async () => {
    const token = await serviceAccountToken({ issuedAt: now + 30_000 });
    expect(run(tokenNotYetValid, { token })).toEqual([]);
    expect(run(tokenNotYetValid, { token: freshSa })).toEqual([]);
  });
});

describe('token-invalid', () => {
  it('fires for three parts that do not decode', () => {
    const [finding] = run(tokenInvalid, { token: 'eyJhbGciOiJSUzI1NiJ9.%%%.c2ln' });
    expect(finding?.evidence).toMatchObject({
      source: 'token',
      reason: 'the payload is missing or not base64url-encoded',
    });
  });

  it('fires for an empty token file with nothing to fall back to', () => {
    const [finding] = run(tokenInvalid, { tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: '\n' });
    expect(finding?.evidence).toMatchObject({
      source: 'tokenFile',
      tokenFile: TOKEN_FILE,
      reason: 'the file is empty',
    });
  });

  it('fires for an oidc id-token that is not a JWT: client-go must read its exp', () => {
    const config = { 'idp-issuer-url': 'https://accounts.example.com', 'client-id': 'k', 'id-token': 'opaque-value' };
    const [finding] = run(tokenInvalid, { 'auth-provider': { name: 'oidc', config } });
    expect(finding?.evidence).toMatchObject({ source: 'oidc-id-token', reason: 'it is not a JWT' });
  });

  it('does not fire for a good JWT, an opaque static token, or a missing token file', () => {
    expect(run(tokenInvalid, { token: freshSa })).toEqual([]);
    expect(run(tokenInvalid, { token: 'k8s-aws-v1.opaque' })).toEqual([]);
    expect(run(tokenInvalid, { tokenFile: TOKEN_FILE })).toEqual([]);
  });
});

describe('token-opaque', () => {
  it('notes a token whose expiry cannot be read offline, and how to ask the server', () => {
    const [finding] = run(tokenOpaque, { token: 'k8s-aws-v1.aHR0cHM6Ly9zdHM' });
    expect(finding?.evidence).toEqual({ user: 'u', source: 'token' });
    expect(commands([finding])).toEqual(['kubectl auth whoami --context dev']);
  });

  it('does not fire for a JWT', () => {
    expect(run(tokenOpaque, { token: freshSa })).toEqual([]);
  });
});

describe('token-legacy-serviceaccount', () => {
  it('fires for a secret-based token and guides to a bound token, then revoking the Secret', async () => {
    const token = await legacyServiceAccountToken({
      namespace: 'ci',
      name: 'builder',
      secretName: 'builder-token-abc',
    });
    const [finding] = run(tokenLegacy, { token });
    expect(finding?.evidence).toMatchObject({
      iss: 'kubernetes/serviceaccount',
      namespace: 'ci',
      secret: 'builder-token-abc',
    });
    expect(finding?.detail).toContain('never expires');
    expect(commands([finding])).toEqual([
      'kubectl create token builder -n ci --duration=1h',
      'kubectl config set-credentials u --token=$(kubectl create token builder -n ci --duration=1h)',
      'kubectl delete secret builder-token-abc -n ci',
    ]);
  });

  it('does not fire for a bound token', () => {
    expect(run(tokenLegacy, { token: freshSa })).toEqual([]);
  });
});

describe('oidc-token-expired', () => {
  const base = { 'idp-issuer-url': 'https://accounts.example.com', 'client-id': 'kubernetes' };
  let expired: string;
  beforeAll(async () => {
    expired = await oidcIdToken({ issuedAt: now - 2 * HOUR });
  });

  it('is an error without a refresh-token', () => {
    const [finding] = run(oidcTokenExpired, {
      'auth-provider': { name: 'oidc', config: { ...base, 'id-token': expired } },
    });
    expect(finding?.severity).toBeUndefined();
    expect(finding?.expiresAt).toBe(new Date(now - HOUR).toISOString());
    expect(finding?.evidence).toMatchObject({
      idpIssuerUrl: base['idp-issuer-url'],
      clientId: 'kubernetes',
      hasRefreshToken: false,
    });
    expect(commands([finding])).toEqual([
      'kubectl oidc-login get-token --oidc-issuer-url=https://accounts.example.com --oidc-client-id=kubernetes',
      'kubectl config unset users.u.auth-provider',
      'kubectl config set-credentials u --exec-api-version=client.authentication.k8s.io/v1 ' +
        '--exec-interactive-mode=IfAvailable --exec-command=kubectl --exec-arg=oidc-login --exec-arg=get-token ' +
        '--exec-arg=--oidc-issuer-url=https://accounts.example.com --exec-arg=--oidc-client-id=kubernetes',
    ]);
  });

  it('is a warning with a refresh-token', () => {
    const config = { ...base, 'id-token': expired, 'refresh-token': 'r3fr3sh' };
    const [finding] = run(oidcTokenExpired, { 'auth-provider': { name: 'oidc', config } });
    expect(finding?.severity).toBe('warning');
    expect(finding?.evidence.hasRefreshToken).toBe(true);
  });

  it('counts the id-token as expired 10 s early, like client-go', async () => {
    const nearlyOver = await oidcIdToken({ issuedAt: now - HOUR + 5_000 });
    expect(
      run(oidcTokenExpired, { 'auth-provider': { name: 'oidc', config: { ...base, 'id-token': nearlyOver } } }),
    ).toHaveLength(1);
  });

  it('is an error with neither id-token nor refresh-token, and quiet with a refresh-token alone', () => {
    const [finding] = run(oidcTokenExpired, { 'auth-provider': { name: 'oidc', config: base } });
    expect(finding?.detail).toContain('has no id-token');
    const refreshOnly = { ...base, 'refresh-token': 'r3fr3sh' };
    expect(run(oidcTokenExpired, { 'auth-provider': { name: 'oidc', config: refreshOnly } })).toEqual([]);
  });

  it('is quiet for a valid id-token, and when a static token is sent instead', async () => {
    const valid = await oidcIdToken({ issuedAt: now });
    expect(
      run(oidcTokenExpired, { 'auth-provider': { name: 'oidc', config: { ...base, 'id-token': valid } } }),
    ).toEqual([]);
    const shadowed = { token: freshSa, 'auth-provider': { name: 'oidc', config: { ...base, 'id-token': expired } } };
    expect(run(oidcTokenExpired, shadowed)).toEqual([]);
  });
});

describe('secrets', () => {
  it('never puts a token, its signature, a refresh-token or a client-secret into findings', async () => {
    const canary = 'CANARY-0f1e2d3c4b5a';
    const staleOidc = await oidcIdToken({ issuedAt: now - 2 * HOUR, email: 'canary@example.com' });
    const cases: [Record<string, unknown>, SnapshotInput['files']][] = [
      [{ token: expiredSa, tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: `${expiringSa}\n` }],
      [{ token: `${canary}.${canary}` }, {}],
      [{ token: `eyJhbGciOiJSUzI1NiJ9.${canary}.${canary}` }, {}],
      [{ token: await legacyServiceAccountToken() }, {}],
      [
        {
          'auth-provider': {
            name: 'oidc',
            config: {
              'idp-issuer-url': 'https://accounts.example.com',
              'client-id': 'kubernetes',
              'client-secret': canary,
              'refresh-token': `${canary}-refresh`,
              'id-token': staleOidc,
            },
          },
        },
        {},
      ],
    ];
    const secrets = [expiredSa, expiringSa, staleOidc, canary].flatMap((t) => [t, ...t.split('.').slice(1)]);
    let findings = 0;
    for (const [user, files] of cases) {
      const drafts = ALL_RULES.flatMap((rule) => rule.check(subject(user, files), env));
      findings += drafts.length;
      const json = JSON.stringify(drafts);
      for (const secret of secrets) expect(json).not.toContain(secret);
    }
    expect(findings).toBeGreaterThanOrEqual(6);
  });
});

describe('userTokens', () => {
  it('decodes a user once per check however many contexts share it', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `ctx-${i}`);
    const snapshot = snapshotFrom({ sources: { [CONFIG]: kubeconfig({ token: freshSa }, names) } });
    const subjects = subjectsOf(snapshot);
    expect(subjects.filter((s) => s.user)).toHaveLength(1000);
    const first = userTokens(subjects[0] as ContextSubject);
    expect(first.sent?.decoded.format).toBe('jwt');
    expect(subjects.every((subject) => userTokens(subject) === first)).toBe(true);
    // A new check, of the same snapshot or of a new one (a re-read kubeconfig), decodes afresh.
    expect(userTokens(subjectsOf(snapshot)[0] as ContextSubject)).not.toBe(first);
    const again = snapshotFrom({ sources: { [CONFIG]: kubeconfig({ token: freshSa }, names) } });
    expect(userTokens(subjectsOf(again)[0] as ContextSubject)).not.toBe(first);
  });
});

describe('a new ServiceAccount token kubeward can create itself', () => {
  /** Contexts as [name, cluster, user]; clusters c and c-again share a server, elsewhere does not. */
  function config(contexts: [string, string, string][], current: string, user: Record<string, unknown>): string {
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

  function expiredFinding(
    contexts: [string, string, string][],
    current: string,
    user: Record<string, unknown> = { token: expiredSa },
  ) {
    const subject = subjectOf({ sources: { [CONFIG]: config(contexts, current, user) } }, 'dev');
    const [finding] = tokenExpired.check(subject, env);
    return finding;
  }

  it('creates it through another context on the same cluster, the current one first', () => {
    const contexts: [string, string, string][] = [
      ['dev', 'c', 'u'],
      ['admin-same-server', 'c-again', 'admin'],
      ['admin', 'c', 'admin'],
    ];
    const viaCurrent = expiredFinding(contexts, 'admin');
    expect(viaCurrent?.fix.steps).toEqual([
      {
        title: 'Create a new token for ServiceAccount prod/deployer with context admin, store it in user u',
        command:
          'kubectl config set-credentials u --token=$(kubectl --context admin create token deployer -n prod --duration=1h)',
        action: {
          kind: 'create-token',
          user: 'u',
          via: 'admin',
          namespace: 'prod',
          serviceAccount: 'deployer',
          duration: '1h',
        },
      },
    ]);
    // Not current: the first one on the same server, in file order.
    expect(expiredFinding(contexts, 'dev')?.fix.steps[0]?.action).toMatchObject({ via: 'admin-same-server' });
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
    expect(finding?.fix.steps.some((s) => s.action)).toBe(false);
    expect(commands([finding])).toEqual([
      'kubectl create token deployer -n prod --duration=1h',
      'kubectl config set-credentials u --token=$(kubectl create token deployer -n prod --duration=1h)',
    ]);
  });

  it('offers no action for a user with a tokenFile: kubectl would keep reading the file', () => {
    const finding = expiredFinding(
      [
        ['dev', 'c', 'u'],
        ['admin', 'c', 'admin'],
      ],
      'admin',
      { token: expiredSa, tokenFile: TOKEN_FILE },
    );
    expect(finding?.fix.steps.some((s) => s.action)).toBe(false);
  });
});
