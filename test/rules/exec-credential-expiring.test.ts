import { describe, expect, it } from 'vitest';
import type { CloudSession, ExecRun, Snapshot } from '../../shared/facts';
import rule from '../../shared/rules/exec-credential-expiring';
import { testRule } from '../support/rule-tester';
import { commandsOf, ENV, NOW, subjectsOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const KUBECONFIG = '/home/u/.kube/config';
const CANARY_SECRET = 'kw-canary-aws-secret-7d1f0a';
const CANARY_CLIENT_SECRET = 'kw-canary-oidc-client-secret-2b9e';
const ISSUER = 'https://sso.example.com/realms/eng';

const AWS_USER = `  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, eu-west-1, eks, get-token, --cluster-name, prod, --profile, legacy]
      env: [{name: AWS_SECRET_ACCESS_KEY_BACKUP, value: ${CANARY_SECRET}}]`;
const OIDC_USER = `  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      interactiveMode: IfAvailable
      command: kubectl
      args: [oidc-login, get-token, "--oidc-issuer-url=${ISSUER}", --oidc-client-id=kubernetes, "--oidc-client-secret=${CANARY_CLIENT_SECRET}"]`;

function kubeconfig(user: string, extra = ''): string {
  return `apiVersion: v1
clusters: [{name: prod, cluster: {server: "https://prod.example.com"}}]
users:
- name: me
${user}
${extra}
contexts: [{name: prod, context: {cluster: prod, user: me}}]
current-context: prod
`;
}

function snapshot(
  user: string,
  sessions: CloudSession[] | undefined,
  runs?: Record<string, ExecRun>,
  extra = '',
): Snapshot {
  const base = snapshotFrom({ sources: { [KUBECONFIG]: kubeconfig(user, extra) } });
  return {
    ...base,
    ...(sessions ? { sessions } : {}),
    ...(runs ? { execRuns: new Map(Object.entries(runs)) } : {}),
  };
}

function check(snap: Snapshot, env = ENV) {
  const subject = subjectsOf(snap)[0];
  if (!subject) throw new Error('no context');
  const findings = rule.check(subject, env);
  expect(JSON.stringify(findings)).not.toMatch(new RegExp(`${CANARY_SECRET}|${CANARY_CLIENT_SECRET}`));
  return findings;
}

const SSO_CACHE = '/home/u/.aws/sso/cache/e8be5486177c5b5392bd9aa76563515b29358e6e.json';

function awsSession(fields: Partial<CloudSession> = {}, match: Record<string, string> = {}): CloudSession {
  return {
    kind: 'aws-sso',
    file: SSO_CACHE,
    expiresAt: NOW + 5 * MINUTE,
    match: {
      configFile: '/home/u/.aws/config',
      profile: 'legacy',
      ssoProfile: 'legacy',
      startUrl: 'https://example.awsapps.com/start',
      ssoRegion: 'us-east-1',
      accountId: '111122223333',
      roleName: 'Admin',
      ...match,
    },
    users: ['me'],
    ...fields,
  };
}

const OIDC_CACHE = '/home/u/.kube/cache/oidc-login/0f3a9c';

function kubeloginSession(fields: Partial<CloudSession> = {}): CloudSession {
  return {
    kind: 'kubelogin',
    file: OIDC_CACHE,
    issuedAt: NOW - 55 * MINUTE,
    expiresAt: NOW + 5 * MINUTE,
    match: { issuer: ISSUER, audience: 'kubernetes' },
    users: ['me'],
    ...fields,
  };
}

const FAILED: ExecRun = {
  state: 'failed',
  exitCode: 255,
  timedOut: false,
  cause: 'aws-sso-expired',
  stderrTail: 'The SSO session associated with this profile has expired or is otherwise invalid.',
  durationMs: 600,
};
const ok = (cached: boolean): ExecRun => ({
  state: 'ok',
  credential: { apiVersion: 'client.authentication.k8s.io/v1beta1', token: 'k8s-aws-v1.x' },
  cached,
  durationMs: 500,
});

// Reads files only (the caches), and warns by default.
testRule(rule, {
  meta: { id: 'exec-credential-expiring', severity: 'warning', needs: 'offline' },
});

describe('exec-credential-expiring: AWS SSO', () => {
  it('warns inside the short expiry warning window before a legacy session ends, with the profile and the login command', () => {
    const findings = check(snapshot(AWS_USER, [awsSession()]));
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.severity).toBeUndefined();
    expect(finding?.title).toBe('AWS SSO session ends soon');
    expect(finding?.expiresAt).toBe(new Date(NOW + 5 * MINUTE).toISOString());
    expect(finding?.detail).toContain('ends 2026-06-01 12:05 UTC (in 5 minutes)');
    expect(finding?.detail).toContain(
      'session of profile legacy (IAM Identity Center https://example.awsapps.com/start, account 111122223333, role Admin), used by the exec plugin of user me (aws --region eu-west-1 eks get-token --cluster-name prod --profile legacy), ends',
    );
    expect(finding?.detail).toContain('legacy sso_start_url settings (no sso-session)');
    expect(finding?.detail).toContain('The SSO session associated with this profile has expired');
    expect(finding?.evidence).toMatchObject({
      context: 'prod',
      user: 'me',
      sessionKind: 'aws-sso',
      cacheFile: SSO_CACHE,
      profile: 'legacy',
      startUrl: 'https://example.awsapps.com/start',
      endBasis: 'access-token',
      renewable: false,
      envNames: ['AWS_SECRET_ACCESS_KEY_BACKUP'],
    });
    expect(commandsOf(findings)).toEqual(['aws sso login --profile legacy', 'kubectl auth whoami --context prod']);
    expect(findings[0]?.fix[0]?.action).toEqual({
      kind: 'run',
      program: 'aws',
      args: ['sso', 'login', '--profile', 'legacy'],
    });
  });

  it('stays quiet while the end is beyond the expiry warning window, and honours a longer configured one', () => {
    const later = [awsSession({ expiresAt: NOW + 2 * HOUR })];
    expect(check(snapshot(AWS_USER, later))).toEqual([]);
    const env = { ...ENV, expiryWarningWindows: { ...ENV.expiryWarningWindows, shortLivedToken: 3 * HOUR } };
    expect(check(snapshot(AWS_USER, later), env)).toHaveLength(1);
  });

  it('calls an ended session an error while no plugin run says otherwise', () => {
    const ended = [awsSession({ expiresAt: NOW - HOUR })];
    const [finding] = check(snapshot(AWS_USER, ended));
    expect(finding?.severity).toBe('error');
    expect(finding?.title).toBe('AWS SSO session expired');
    expect(finding?.detail).toContain('ended 2026-06-01 11:00 UTC (1 hour ago)');
    expect(finding?.detail).toContain('Now aws fails');
    // A run from kubeward's cache proves nothing about the session.
    expect(check(snapshot(AWS_USER, ended, { me: ok(true) }))).toHaveLength(1);
    // A failed run is exec-plugin-failed's; a fresh successful run shows the session is not needed.
    expect(check(snapshot(AWS_USER, ended, { me: FAILED }))).toEqual([]);
    expect(check(snapshot(AWS_USER, ended, { me: ok(false) }))).toEqual([]);
  });

  it('still warns before the end when the plugin works now', () => {
    expect(check(snapshot(AWS_USER, [awsSession()], { me: ok(false) }))).toHaveLength(1);
  });

  it('treats a refreshable sso-session as lasting until its registration, and says what cannot be seen', () => {
    const match = { ssoSession: 'corp' };
    // The access token ran out, but the CLI refreshes it: routine.
    const refreshing = awsSession({ expiresAt: NOW - HOUR, renewal: { until: NOW + 30 * DAY } }, match);
    expect(check(snapshot(AWS_USER, [refreshing]))).toEqual([]);
    const registrationEnds = awsSession({ expiresAt: NOW + 30 * MINUTE, renewal: { until: NOW + 20 * HOUR } }, match);
    const [finding] = check(snapshot(AWS_USER, [registrationEnds]));
    expect(finding?.title).toBe('AWS SSO session ends soon');
    expect(finding?.expiresAt).toBe(new Date(NOW + 20 * HOUR).toISOString());
    expect(finding?.detail).toContain('client registration for sso-session corp ends');
    expect(finding?.detail).toContain('8 hours by default) and is not recorded on disk, so it may end sooner');
    expect(finding?.detail).toContain('Token has expired and refresh failed');
    expect(finding?.evidence).toMatchObject({ endBasis: 'registration', renewable: true, ssoSession: 'corp' });
    const ended = awsSession({ expiresAt: NOW - 2 * DAY, renewal: { until: NOW - DAY } }, match);
    expect(check(snapshot(AWS_USER, [ended]))[0]?.severity).toBe('error');
  });

  it('says why an sso-session cannot be refreshed', () => {
    const noRefresh = awsSession({}, { ssoSession: 'corp' });
    expect(check(snapshot(AWS_USER, [noRefresh]))[0]?.detail).toContain('holds no refresh token');
    const registrationFirst = awsSession({ renewal: { until: NOW - DAY } }, { ssoSession: 'corp' });
    expect(check(snapshot(AWS_USER, [registrationFirst]))[0]?.detail).toContain(
      'client registration ends first (2026-05-31 12:00 UTC (1 day ago))',
    );
  });

  it('logs in with the source profile that holds the SSO settings', () => {
    const chained = awsSession({}, { profile: 'eks-admin', ssoProfile: 'legacy' });
    const findings = check(snapshot(AWS_USER, [chained]));
    expect(findings[0]?.detail).toContain('session of profile eks-admin through its source_profile legacy (IAM');
    expect(commandsOf(findings)[0]).toBe('aws sso login --profile legacy');
  });

  it('ignores sessions of other users, shadowed plugins, offline snapshots without sessions and the gke plugin', () => {
    expect(check(snapshot(AWS_USER, [awsSession({ users: ['someone-else'] })]))).toEqual([]);
    expect(check(snapshot(AWS_USER, [awsSession()], undefined, '    token: static-token-value'))).toEqual([]);
    expect(check(snapshot(AWS_USER, undefined))).toEqual([]);
    const gke: CloudSession = { kind: 'gke-plugin', file: '/g', expiresAt: NOW - HOUR, match: {}, users: ['me'] };
    expect(check(snapshot(AWS_USER, [gke]))).toEqual([]);
  });
});

describe('exec-credential-expiring: kubelogin', () => {
  it('warns before an id_token without a refresh token ends, with the cache file to remove', () => {
    const findings = check(snapshot(OIDC_USER, [kubeloginSession()]));
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.title).toBe('kubelogin session ends soon');
    expect(finding?.detail).toContain(`issuer ${ISSUER}`);
    expect(finding?.detail).toContain(
      'There is no refresh token to renew it. After that kubelogin needs a new browser login.',
    );
    expect(finding?.detail).toContain('--oidc-client-secret=[redacted]');
    expect(finding?.evidence).toMatchObject({ issuer: ISSUER, audience: 'kubernetes', endBasis: 'id-token' });
    expect(commandsOf(findings)).toEqual([`rm -f ${OIDC_CACHE}`, 'kubectl auth whoami --context prod']);
    const onWindows = check(
      snapshot(OIDC_USER, [kubeloginSession({ file: 'C:\\Users\\u\\.kube\\cache\\oidc-login\\0f' })]),
      {
        ...ENV,
        platform: 'win32',
      },
    );
    expect(commandsOf(onWindows)[0]).toBe('del "C:\\Users\\u\\.kube\\cache\\oidc-login\\0f"');
  });

  it('only informs once it ended: the next kubectl opens a browser', () => {
    const findings = check(
      snapshot(OIDC_USER, [kubeloginSession({ expiresAt: NOW - HOUR, issuedAt: NOW - 2 * HOUR })]),
    );
    expect(findings[0]?.severity).toBe('info');
    expect(findings[0]?.title).toBe('kubelogin session ended');
    expect(findings[0]?.detail).toContain('The next kubectl opens a browser to log in again');
    expect(commandsOf(findings)).toEqual(['kubectl auth whoami --context prod']);
  });

  it('never alerts while an opaque refresh token renews the id_token', () => {
    expect(check(snapshot(OIDC_USER, [kubeloginSession({ expiresAt: NOW - HOUR, renewal: {} })]))).toEqual([]);
  });

  it('warns before a JWT refresh token ends, with the expiry warning window of its lifetime', () => {
    const renewal = { issuedAt: NOW - 8 * HOUR, until: NOW + 5 * MINUTE };
    const [finding] = check(snapshot(OIDC_USER, [kubeloginSession({ expiresAt: NOW - HOUR, renewal })]));
    expect(finding?.detail).toContain('renews its id_token with a refresh token that expires 2026-06-01 12:05 UTC');
    expect(finding?.evidence).toMatchObject({
      endBasis: 'refresh-token',
      renewableUntil: new Date(NOW + 5 * MINUTE).toISOString(),
    });
    const longLived = { issuedAt: NOW - 20 * DAY, until: NOW + 20 * HOUR };
    expect(check(snapshot(OIDC_USER, [kubeloginSession({ renewal: longLived })]))).toHaveLength(1);
    const shortLived = { issuedAt: NOW - 2 * HOUR, until: NOW + 2 * HOUR };
    expect(check(snapshot(OIDC_USER, [kubeloginSession({ expiresAt: NOW - HOUR, renewal: shortLived })]))).toEqual([]);
  });

  it('trusts the freshest of several cached logins for the same client (a stale copy never alarms)', () => {
    const stale = kubeloginSession({ file: '/old', expiresAt: NOW - DAY, issuedAt: NOW - DAY - HOUR });
    const fresh = kubeloginSession({ file: '/new', expiresAt: NOW + 50 * MINUTE, issuedAt: NOW - 10 * MINUTE });
    expect(check(snapshot(OIDC_USER, [stale, fresh]))).toEqual([]);
  });
});
