/**
 * Reading cloud sessions from real files in a temp HOME, with the real tools as the
 * oracle where the image has them: the aws CLI (botocore) must find the SSO token file
 * kubeward tied to a user and call it expired, or use other credentials where kubeward
 * says the SSO session is not involved; gke-gcloud-auth-plugin must serve its cached
 * token from the file kubeward read; Python's configparser must read an INI file as
 * kubeward does.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCloudSessions } from '../../electron/core/check/cloud-sessions';
import { findCommand } from '../../electron/core/exec/find-command';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import { diagnose } from '../../shared/diagnose';
import type { CloudSession, Snapshot } from '../../shared/facts';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { parseAwsConfig, ssoCacheFile, ssoLoginFor } from '../../shared/sessions/aws-config';
import { parseIni } from '../../shared/sessions/ini';
import { oidcIdToken, seconds, signJwt } from '../fixtures/jwt';
import { hostWith, PLATFORM } from '../support/host';
import { tempDir } from '../support/temp';

const run = promisify(execFile);
const search = { path: process.env.PATH, platform: PLATFORM };
const aws = await findCommand('aws', search);
const gkePlugin = await findCommand('gke-gcloud-auth-plugin', search);
const python = await findCommand('python3', search);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const ISSUER = 'https://sso.example.com/realms/eng';

const CANARIES = {
  legacyAccessToken: 'kw-canary-legacy-access-3e8f1a',
  modernAccessToken: 'kw-canary-modern-access-9b2d77',
  refreshToken: 'kw-canary-sso-refresh-51c0de',
  clientSecret: 'kw-canary-sso-client-secret-a4f2',
  awsSecretKey: 'kw-canary-aws-secret-key-77e1b3',
  gkeToken: 'ya29.kw-canary-gke-access-0c9d',
  oidcRefresh: 'kw-canary-oidc-refresh-6d4e2f',
};

let home: string;
let idToken: string;
let otherIdToken: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
}

const AWS_CONFIG = `[default]
region = eu-west-1

[profile legacy]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Admin

[profile modern]
sso_session = corp
sso_account_id = 444455556666
sso_role_name = ReadOnly

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1

[profile eks-admin]
role_arn = arn:aws:iam::111122223333:role/eks-admin
source_profile = legacy

[profile broken]
sso_start_url = https://broken.awsapps.com/start
sso_region = us-east-1
sso_account_id = 1
sso_role_name = R
`;

const ALT_CONFIG = `[profile alt]
sso_start_url = https://alt.awsapps.com/start
sso_region = us-west-2
sso_account_id = 777788889999
sso_role_name = Dev
`;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** The token file botocore reads for a profile of a config text. */
function cacheFileFor(configText: string, profile: string): string {
  const parsed = parseAwsConfig(configText);
  const login = parsed.ok ? ssoLoginFor(parsed.config, { profile, explicit: true }) : undefined;
  if (!login) throw new Error(`no SSO login for ${profile}`);
  return ssoCacheFile(home, 'linux', login);
}

interface Exec {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

const AWS_ARGS = ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod'];

const USERS: Record<string, Exec> = {
  'aws-legacy': { command: 'aws', args: [...AWS_ARGS, '--profile', 'legacy'] },
  'aws-env-profile': { command: 'aws', args: AWS_ARGS, env: { AWS_DEFAULT_PROFILE: 'modern' } },
  // No profile of its own: kubeward's AWS_DEFAULT_PROFILE (eks-admin) wins over kubeward's AWS_PROFILE...
  'aws-inherited': { command: 'aws', args: AWS_ARGS },
  // ...and over the plugin's own AWS_PROFILE: botocore reads AWS_DEFAULT_PROFILE first.
  'aws-outranked-env': { command: 'aws', args: AWS_ARGS, env: { AWS_PROFILE: 'modern' } },
  'aws-keys': {
    command: 'aws',
    args: AWS_ARGS,
    env: {
      AWS_PROFILE: 'legacy',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: CANARIES.awsSecretKey,
    },
  },
  'aws-alt': { command: 'aws', args: [...AWS_ARGS, '--profile', 'alt'], env: { AWS_CONFIG_FILE: '~/alt/aws.ini' } },
  'aws-broken': { command: 'aws', args: [...AWS_ARGS, '--profile', 'broken'] },
  gke: { command: 'gke-gcloud-auth-plugin', args: [] },
  oidc: {
    command: 'kubectl',
    args: ['oidc-login', 'get-token', `--oidc-issuer-url=${ISSUER}`, '--oidc-client-id=kubernetes'],
  },
  'oidc-own-dir': {
    command: 'kubelogin',
    args: ['get-token', `--oidc-issuer-url=${ISSUER}`, '--oidc-client-id=dashboard', '--token-cache-dir=~/tokens'],
  },
};

function kubeconfigText(currentContext: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': currentContext,
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
    users: Object.entries(USERS).map(([name, exec]) => ({
      name,
      user: {
        exec: {
          apiVersion: V1BETA1,
          command: exec.command,
          args: exec.args,
          env: Object.entries(exec.env ?? {}).map(([n, value]) => ({ name: n, value })),
        },
      },
    })),
    contexts: Object.keys(USERS).map((name) => ({ name, context: { cluster: 'c', user: name } })),
  });
}

/** kubeward's own environment in these tests. */
function processEnv(): Record<string, string> {
  return {
    HOME: home,
    PATH: process.env.PATH ?? '',
    AWS_DEFAULT_PROFILE: 'eks-admin',
    AWS_PROFILE: 'legacy',
    KUBECONFIG: `${path.join(home, 'missing', 'config')}:${path.join(home, 'kube', 'config')}`,
  };
}

let snapshot: Snapshot;
let sessions: CloudSession[];

beforeAll(async () => {
  home = tempDir('sessions');
  write(path.join(home, '.aws', 'config'), AWS_CONFIG);
  write(path.join(home, 'alt', 'aws.ini'), ALT_CONFIG);
  // Expired, so the real aws CLI answers offline (it checks expiry before any network call).
  write(
    cacheFileFor(AWS_CONFIG, 'legacy'),
    JSON.stringify({
      startUrl: 'https://example.awsapps.com/start',
      region: 'us-east-1',
      accessToken: CANARIES.legacyAccessToken,
      expiresAt: iso(NOW - HOUR),
    }),
  );
  // Expired with an expired registration: botocore cannot refresh it, and says so without the network.
  write(
    cacheFileFor(AWS_CONFIG, 'modern'),
    JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start',
      region: 'eu-central-1',
      accessToken: CANARIES.modernAccessToken,
      expiresAt: iso(NOW - 2 * DAY),
      clientId: 'client-id-1',
      clientSecret: CANARIES.clientSecret,
      registrationExpiresAt: iso(NOW - DAY),
      refreshToken: CANARIES.refreshToken,
    }).replace(/Z"/g, 'UTC"'),
  );
  write(cacheFileFor(AWS_CONFIG, 'broken'), '{"accessToken": "kw-canary-trunc');
  write(
    path.join(home, '.aws', 'sso', 'cache', 'e0b9f2.json'),
    // A client registration file (not a token): nothing reads it as a session.
    JSON.stringify({ clientId: 'c', clientSecret: CANARIES.clientSecret, expiresAt: iso(NOW + DAY) }),
  );
  const altParsed = parseAwsConfig(ALT_CONFIG);
  const altLogin = altParsed.ok ? ssoLoginFor(altParsed.config, { profile: 'alt', explicit: true }) : undefined;
  if (!altLogin) throw new Error('alt');
  write(
    ssoCacheFile(home, 'linux', altLogin),
    JSON.stringify({ accessToken: CANARIES.legacyAccessToken, expiresAt: iso(NOW - 3 * HOUR) }),
  );

  write(path.join(home, 'kube', 'config'), kubeconfigText('gke'));
  write(
    path.join(home, 'kube', 'gke_gcloud_auth_plugin_cache'),
    JSON.stringify({
      current_context: 'gke',
      access_token: CANARIES.gkeToken,
      token_expiry: iso(NOW + 40 * 60_000),
      extra_args: '',
    }),
  );

  idToken = await oidcIdToken({ issuer: ISSUER, clientId: 'kubernetes', issuedAt: NOW - 55 * 60_000 });
  otherIdToken = await oidcIdToken({ issuer: 'https://other.example.com', issuedAt: NOW });
  const oidcDir = path.join(home, '.kube', 'cache', 'oidc-login');
  write(path.join(oidcDir, 'a1'), JSON.stringify({ id_token: idToken }));
  write(path.join(oidcDir, 'b2'), JSON.stringify({ id_token: otherIdToken }));
  write(path.join(oidcDir, 'a1.lock'), '');
  write(path.join(oidcDir, 'c3'), 'not json at all');
  write(path.join(oidcDir, 'd4'), JSON.stringify({ id_token: idToken, pad: 'x'.repeat(70 * 1024) }));
  const dashboardToken = await oidcIdToken({ issuer: ISSUER, clientId: 'dashboard', issuedAt: NOW });
  const iat = seconds(NOW);
  const refresh = await signJwt({ iss: ISSUER, typ: 'Refresh', iat, exp: iat + 8 * 3600, sid: CANARIES.oidcRefresh });
  write(path.join(home, 'tokens', 'e5'), JSON.stringify({ id_token: dashboardToken, refresh_token: refresh }));

  snapshot = await gatherSnapshot({
    kubeconfig: path.join(home, 'kube', 'config'),
    host: hostWith(home, { PATH: process.env.PATH }),
  });
  sessions = await readCloudSessions({ host: hostWith(home, processEnv()), config: snapshot.config });
});

function sessionOf(user: string): CloudSession[] {
  return sessions.filter((s) => s.users.includes(user));
}

describe('readCloudSessions', () => {
  it('ties each AWS SSO token file to the users whose aws plugin would read it', () => {
    const aws = sessions.filter((s) => s.kind === 'aws-sso');
    const byProfile = Object.fromEntries(aws.map((s) => [`${s.match.configFile}#${s.match.profile}`, s]));
    const config = path.join(home, '.aws', 'config');
    expect(Object.keys(byProfile).sort()).toEqual(
      [
        `${config}#eks-admin`,
        `${config}#legacy`,
        `${config}#modern`,
        `${path.join(home, 'alt', 'aws.ini')}#alt`,
      ].sort(),
    );
    expect(byProfile[`${config}#legacy`]).toMatchObject({
      file: cacheFileFor(AWS_CONFIG, 'legacy'),
      expiresAt: Date.parse(iso(NOW - HOUR)),
      match: { startUrl: 'https://example.awsapps.com/start', accountId: '111122223333', roleName: 'Admin' },
      users: ['aws-legacy'],
    });
    expect(byProfile[`${config}#legacy`]?.renewal).toBeUndefined();
    expect(byProfile[`${config}#modern`]).toMatchObject({
      match: { ssoSession: 'corp', startUrl: 'https://corp.awsapps.com/start' },
      renewal: { until: Date.parse(iso(NOW - DAY)) },
      users: ['aws-env-profile'],
    });
    expect(byProfile[`${config}#eks-admin`]).toMatchObject({
      match: { ssoProfile: 'legacy' },
      users: ['aws-inherited', 'aws-outranked-env'],
    });
    expect(sessionOf('aws-alt').map((s) => s.match.profile)).toEqual(['alt']);
    // Keys in the plugin's env come first; a corrupt token file is no session.
    expect(sessionOf('aws-keys')).toEqual([]);
    expect(sessionOf('aws-broken')).toEqual([]);
  });

  it('finds the gke plugin cache beside the first existing KUBECONFIG file', () => {
    expect(sessionOf('gke')).toEqual([
      {
        kind: 'gke-plugin',
        file: path.join(home, 'kube', 'gke_gcloud_auth_plugin_cache'),
        expiresAt: Date.parse(iso(NOW + 40 * 60_000)),
        match: { context: 'gke' },
        users: ['gke'],
      },
    ]);
  });

  it('ties kubelogin cache files by issuer and client id, in the default and a --token-cache-dir directory', () => {
    const kubelogin = sessions.filter((s) => s.kind === 'kubelogin');
    // a1 and b2 in the default directory (c3 is corrupt, d4 too large, a1.lock a lock), e5 in ~/tokens.
    expect(kubelogin.map((s) => path.relative(home, s.file)).sort()).toEqual(
      [
        path.join('.kube', 'cache', 'oidc-login', 'a1'),
        path.join('.kube', 'cache', 'oidc-login', 'b2'),
        path.join('tokens', 'e5'),
      ].sort(),
    );
    expect(sessionOf('oidc')).toEqual([
      {
        kind: 'kubelogin',
        file: path.join(home, '.kube', 'cache', 'oidc-login', 'a1'),
        expiresAt: (seconds(NOW - 55 * 60_000) + 3600) * 1000,
        issuedAt: seconds(NOW - 55 * 60_000) * 1000,
        match: { issuer: ISSUER, audience: 'kubernetes' },
        users: ['oidc'],
      },
    ]);
    expect(sessionOf('oidc-own-dir')[0]).toMatchObject({
      file: path.join(home, 'tokens', 'e5'),
      renewal: { until: (seconds(NOW) + 8 * 3600) * 1000, issuedAt: seconds(NOW) * 1000 },
    });
  });

  it('keeps no secret from any cache file', () => {
    const json = JSON.stringify(sessions);
    for (const secret of [...Object.values(CANARIES), idToken, otherIdToken]) expect(json).not.toContain(secret);
  });

  it('reads the default locations without a kubeconfig, and never throws on a missing home', async () => {
    const alone = await readCloudSessions({ host: hostWith(home, processEnv()) });
    expect(alone.every((s) => s.users.length === 0)).toBe(true);
    expect(alone.map((s) => s.kind).sort()).toEqual([
      'aws-sso',
      'aws-sso',
      'aws-sso',
      'gke-plugin',
      'kubelogin',
      'kubelogin',
    ]);
    const nowhere = path.join(home, 'no', 'such', 'home');
    await expect(readCloudSessions({ host: hostWith(nowhere), config: snapshot.config })).resolves.toEqual([]);
  });
});

describe('exec-credential-expiring on these sessions', () => {
  const env = { now: NOW, expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS, platform: 'linux' as const };

  it('reports the expired AWS sessions and the ending kubelogin login, and nothing secret', () => {
    const report = diagnose({ ...snapshot, sessions }, env, { kind: 'all' });
    const found = report.contexts.flatMap((c) =>
      c.findings.filter((f) => f.rule === 'exec-credential-expiring').map((f) => `${c.name}: ${f.severity} ${f.title}`),
    );
    expect(found.sort()).toEqual([
      'aws-alt: error AWS SSO session expired',
      'aws-env-profile: error AWS SSO session expired',
      'aws-inherited: error AWS SSO session expired',
      'aws-legacy: error AWS SSO session expired',
      'aws-outranked-env: error AWS SSO session expired',
      'oidc: warning kubelogin session ends soon',
    ]);
    const json = JSON.stringify(report);
    for (const secret of [...Object.values(CANARIES), idToken, otherIdToken]) expect(json).not.toContain(secret);
  });
});

describe.skipIf(!aws.resolved)('the real aws CLI agrees (skipped: aws is not on PATH)', () => {
  async function awsAs(user: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const exec = USERS[user];
    if (!exec) throw new Error(user);
    const env = { ...processEnv(), ...exec.env };
    if (env.AWS_CONFIG_FILE) env.AWS_CONFIG_FILE = env.AWS_CONFIG_FILE.replace(/^~/, home);
    try {
      const { stdout, stderr } = await run(aws.resolved ?? 'aws', exec.args, { env, timeout: 20_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  it.each([
    ['aws-legacy', /The SSO session associated with this profile has expired/],
    ['aws-inherited', /The SSO session associated with this profile has expired/],
    ['aws-outranked-env', /The SSO session associated with this profile has expired/],
    ['aws-alt', /The SSO session associated with this profile has expired/],
    ['aws-env-profile', /Error when retrieving token from sso: Token has expired and refresh failed/],
  ])('%s: aws reads the token file kubeward tied to it, and calls it expired', async (user, message) => {
    const result = await awsAs(user);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });

  it('aws-keys: aws uses the keys in the plugin env, not the SSO session', async () => {
    const result = await awsAs('aws-keys');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'ExecCredential' });
  });

  it('aws-broken: aws fails on the same corrupt token file (botocore names its cache key)', async () => {
    const result = await awsAs('aws-broken');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(path.basename(cacheFileFor(AWS_CONFIG, 'broken'), '.json'));
  });
});

describe.skipIf(!gkePlugin.resolved)('the real gke-gcloud-auth-plugin agrees (skipped: not on PATH)', () => {
  it('serves its cached token from the file kubeward read, until the expiry kubeward read', async () => {
    const { stdout } = await run(gkePlugin.resolved ?? 'gke-gcloud-auth-plugin', [], {
      env: processEnv(),
      timeout: 20_000,
    });
    const credential = JSON.parse(stdout) as { status: { token: string; expirationTimestamp: string } };
    expect(credential.status.token).toBe(CANARIES.gkeToken);
    expect(Date.parse(credential.status.expirationTimestamp)).toBe(sessionOf('gke')[0]?.expiresAt);
  });
});

describe.skipIf(!python.resolved)("Python's configparser agrees on INI files (skipped: no python3)", () => {
  it('reads the same sections, keys and values', async () => {
    const text = `[DEFAULT]
output = json
[default]
region = eu-west-1 # stays in the value
[profile "team a"]
Sso_Start_Url: https://a.awsapps.com/start
role_arn=arn:aws:iam::1:role/x
  continued line

; a comment
[ profile spaced ]
k = v = w
empty =
`;
    const script =
      'import configparser,json,sys\n' +
      'cp=configparser.RawConfigParser()\n' +
      'cp.read_string(sys.stdin.read())\n' +
      'print(json.dumps({s:{o:cp.get(s,o) for o in cp.options(s)} for s in cp.sections()}))\n';
    const child = execFile(python.resolved ?? 'python3', ['-c', script], { timeout: 20_000 });
    child.stdin?.end(text);
    const stdout = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    const parsed = parseIni(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const ours = Object.fromEntries([...parsed.sections].map(([name, values]) => [name, Object.fromEntries(values)]));
    expect(ours).toEqual(JSON.parse(stdout));
  });
});
