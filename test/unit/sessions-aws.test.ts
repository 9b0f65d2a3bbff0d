import { describe, expect, it } from 'vitest';
import type { ExecConfig } from '../../shared/kubeconfig/model';
import {
  awsConfigFile,
  awsProfileChoice,
  isAwsCli,
  parseAwsConfig,
  ssoCacheFile,
  ssoCacheKey,
  ssoLoginFor,
  type AwsConfig,
} from '../../shared/sessions/aws-config';
import { parseCacheTimestamp, parseSsoTokenCache } from '../../shared/sessions/aws-sso-cache';
import { parseIni } from '../../shared/sessions/ini';

const CANARY = 'kw-canary-sso-access-token-5f1e';
const CANARY_REFRESH = 'kw-canary-sso-refresh-token-8a2c';
const CANARY_SECRET = 'kw-canary-sso-client-secret-03d9';

function config(text: string): AwsConfig {
  const parsed = parseAwsConfig(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.config;
}

function exec(args: string[], env: Record<string, string> = {}, command = 'aws'): ExecConfig {
  return { command, args, env: Object.entries(env).map(([name, value]) => ({ name, value })) };
}

const ORG = `
[default]
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
region = eu-central-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1
sso_registration_scopes = sso:account:access

[profile eks-admin]
role_arn = arn:aws:iam::111122223333:role/eks-admin
source_profile = legacy

[profile chained]
role_arn = arn:aws:iam::111122223333:role/second-hop
source_profile = eks-admin

[profile ci]
role_arn = arn:aws:iam::111122223333:role/ci
credential_source = Ec2InstanceMetadata

[profile static]
aws_access_key_id = AKIAEXAMPLEEXAMPLE12
`;

describe('parseIni (configparser.RawConfigParser)', () => {
  it('keeps a # after the value, lower-cases keys, splits on the first = or :, and joins continuation lines', () => {
    const parsed = parseIni(
      '[DEFAULT]\nregion = eu-west-1\n[profile a]\nsso_start_url = https://x # not a comment\nKey: v=w\nmulti =\n  a = 1\n\n  b = 2\n; c\n',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.fromEntries(parsed.sections.get('profile a') ?? [])).toEqual({
      region: 'eu-west-1',
      sso_start_url: 'https://x # not a comment',
      key: 'v=w',
      multi: '\na = 1\n\nb = 2',
    });
  });

  it.each([
    ['a setting before any section', 'region = x\n[default]\n', /before any \[section\]/],
    ['a line that is not key = value', '[default]\njust words\n', /line 2: not a "key = value" line/],
    ['a repeated section', '[default]\n[default]\n', /section \[default\] is repeated/],
    ['a repeated option (case-insensitively)', '[default]\nRegion = a\nregion = b\n', /region is repeated/],
  ])('fails the whole file on %s, as the CLI does', (_, text, reason) => {
    const parsed = parseIni(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('parseAwsConfig (configloader.build_profile_map)', () => {
  it('maps [default], [profile X] and [sso-session X], quoted names included, and ignores other sections', () => {
    const parsed = config(
      '[default]\na = 1\n[profile "my team"]\nb = 2\n[sso-session corp]\nc = 3\n[preview]\nd = 4\n[profilex]\ne = 5\n',
    );
    expect([...parsed.profiles.keys()]).toEqual(['default', 'my team']);
    expect([...parsed.ssoSessions.keys()]).toEqual(['corp']);
  });

  it('lets a later [profile default] replace [default]', () => {
    expect(config('[default]\na = 1\n[profile default]\nb = 2\n').profiles.get('default')?.get('b')).toBe('2');
  });
});

describe('ssoLoginFor (botocore credential chain)', () => {
  const org = config(ORG);

  it('reads a legacy profile: the cache key is the sha1 of the start URL', () => {
    expect(ssoLoginFor(org, { profile: 'legacy', explicit: true })).toEqual({
      ssoProfile: 'legacy',
      startUrl: 'https://example.awsapps.com/start',
      region: 'us-east-1',
      accountId: '111122223333',
      roleName: 'Admin',
      // hashlib.sha1(b'https://example.awsapps.com/start').hexdigest()
      cacheKey: 'e8be5486177c5b5392bd9aa76563515b29358e6e',
    });
  });

  it('reads an sso-session profile: settings from the session, cache key = sha1 of the session name', () => {
    const login = ssoLoginFor(org, { profile: 'modern', explicit: true });
    expect(login).toMatchObject({
      ssoProfile: 'modern',
      sessionName: 'corp',
      startUrl: 'https://corp.awsapps.com/start',
    });
    // hashlib.sha1(b'corp').hexdigest()
    expect(login?.cacheKey).toBe('ee0bfd2552fbd840c02cc48b6e823320543c450f');
    expect(ssoCacheKey('https://anything', 'corp')).toBe(login?.cacheKey);
  });

  it('follows source_profile through role profiles to the SSO login', () => {
    expect(ssoLoginFor(org, { profile: 'eks-admin', explicit: true })?.ssoProfile).toBe('legacy');
    expect(ssoLoginFor(org, { profile: 'chained', explicit: true })?.ssoProfile).toBe('legacy');
  });

  it.each([
    ['a credential_source role', 'ci'],
    ['static keys', 'static'],
    ['no sso settings', 'default'],
    ['a profile that does not exist', 'nope'],
  ])('finds no SSO login behind %s', (_, profile) => {
    expect(ssoLoginFor(org, { profile, explicit: true })).toBeUndefined();
  });

  it('refuses what botocore refuses: a missing sso-session, a contradicting value, a missing setting, a loop', () => {
    const broken = config(`
[profile orphan]
sso_session = gone
sso_account_id = 1
sso_role_name = r
[profile contradicts]
sso_session = corp
sso_start_url = https://other.awsapps.com/start
sso_account_id = 1
sso_role_name = r
[profile incomplete]
sso_start_url = https://x.awsapps.com/start
sso_account_id = 1
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile loop-a]
role_arn = arn:aws:iam::1:role/a
source_profile = loop-b
[profile loop-b]
role_arn = arn:aws:iam::1:role/b
source_profile = loop-a
`);
    for (const profile of ['orphan', 'contradicts', 'incomplete', 'loop-a']) {
      expect(ssoLoginFor(broken, { profile, explicit: true }), profile).toBeUndefined();
    }
  });

  it('puts credentials from the environment first, unless --profile names the profile', () => {
    const keys = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' };
    expect(ssoLoginFor(org, { profile: 'legacy', explicit: false }, keys)).toBeUndefined();
    expect(ssoLoginFor(org, { profile: 'legacy', explicit: true }, keys)?.ssoProfile).toBe('legacy');
    const webIdentity = { AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token', AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' };
    expect(ssoLoginFor(org, { profile: 'legacy', explicit: false }, webIdentity)).toBeUndefined();
    expect(ssoLoginFor(org, { profile: 'legacy', explicit: false }, { AWS_ACCESS_KEY_ID: 'only-half' })).toBeDefined();
  });
});

describe('the profile and config file aws runs with', () => {
  it('takes --profile first, then AWS_DEFAULT_PROFILE, then AWS_PROFILE, then default', () => {
    const env = { AWS_DEFAULT_PROFILE: 'from-default', AWS_PROFILE: 'from-profile' };
    expect(awsProfileChoice(exec(['eks', 'get-token', '--profile', 'flag']), env)).toEqual({
      profile: 'flag',
      explicit: true,
    });
    expect(awsProfileChoice(exec(['--profile=flag', 'eks', 'get-token']), {}).profile).toBe('flag');
    expect(awsProfileChoice(exec(['eks', 'get-token']), env)).toEqual({ profile: 'from-default', explicit: false });
    expect(awsProfileChoice(exec(['eks', 'get-token']), { AWS_PROFILE: 'p' }).profile).toBe('p');
    expect(awsProfileChoice(exec(['eks', 'get-token']), {}).profile).toBe('default');
    // Set but empty: botocore takes it, then falls back to default.
    expect(awsProfileChoice(exec(['eks', 'get-token']), { AWS_DEFAULT_PROFILE: '', AWS_PROFILE: 'p' }).profile).toBe(
      'default',
    );
  });

  it('reads AWS_CONFIG_FILE (with ~) or ~/.aws/config, and builds cache paths per platform', () => {
    expect(awsConfigFile({ env: {}, homeDir: '/home/u', platform: 'linux' })).toBe('/home/u/.aws/config');
    expect(awsConfigFile({ env: { AWS_CONFIG_FILE: '~/work/aws.ini' }, homeDir: '/home/u', platform: 'linux' })).toBe(
      '/home/u/work/aws.ini',
    );
    expect(awsConfigFile({ env: {}, homeDir: 'C:\\Users\\u', platform: 'win32' })).toBe('C:\\Users\\u\\.aws\\config');
    const login = ssoLoginFor(config(ORG), { profile: 'modern', explicit: true });
    if (!login) throw new Error('no login');
    expect(ssoCacheFile('/home/u', 'linux', login)).toBe(
      '/home/u/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json',
    );
  });

  it('recognises the AWS CLI under any path or .exe', () => {
    expect(isAwsCli(exec([], {}, '/usr/local/bin/aws'))).toBe(true);
    expect(isAwsCli(exec([], {}, 'aws.exe'))).toBe(true);
    expect(isAwsCli(exec([], {}, 'aws-iam-authenticator'))).toBe(false);
  });
});

describe('parseSsoTokenCache', () => {
  const legacy = JSON.stringify({
    startUrl: 'https://example.awsapps.com/start',
    region: 'us-east-1',
    accessToken: CANARY,
    expiresAt: '2026-06-01T20:00:00Z',
  });
  const refreshable = JSON.stringify({
    startUrl: 'https://corp.awsapps.com/start',
    region: 'eu-central-1',
    accessToken: CANARY,
    expiresAt: '2026-06-01T13:00:00Z',
    clientId: 'client-id-1',
    clientSecret: CANARY_SECRET,
    registrationExpiresAt: '2026-08-30T12:00:00Z',
    refreshToken: CANARY_REFRESH,
  });

  it('gives the expiry and nothing secret', () => {
    const parsed = parseSsoTokenCache(legacy, false);
    expect(parsed).toEqual({ ok: true, token: { expiresAt: Date.parse('2026-06-01T20:00:00Z') } });
    expect(JSON.stringify(parsed)).not.toContain(CANARY);
  });

  it('is refreshable until the registration ends, only for sso-session profiles with every refresh key', () => {
    const parsed = parseSsoTokenCache(refreshable, true);
    expect(parsed).toEqual({
      ok: true,
      token: { expiresAt: Date.parse('2026-06-01T13:00:00Z'), refreshableUntil: Date.parse('2026-08-30T12:00:00Z') },
    });
    expect(JSON.stringify(parsed)).not.toMatch(new RegExp(`${CANARY}|${CANARY_REFRESH}|${CANARY_SECRET}`));
    expect(parseSsoTokenCache(refreshable, false)).toEqual({
      ok: true,
      token: { expiresAt: Date.parse('2026-06-01T13:00:00Z') },
    });
    const withoutRefreshToken = JSON.parse(refreshable) as Record<string, unknown>;
    delete withoutRefreshToken.refreshToken;
    const parsedWithout = parseSsoTokenCache(JSON.stringify(withoutRefreshToken), true);
    expect(parsedWithout.ok && parsedWithout.token.refreshableUntil).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"accessToken": ', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['no accessToken', '{"expiresAt": "2026-06-01T20:00:00Z"}', /no accessToken/],
    ['an unreadable expiresAt', `{"accessToken": "${CANARY}", "expiresAt": "tomorrow"}`, /not a timestamp/],
  ])('rejects %s without echoing it', (_, text, reason) => {
    const parsed = parseSsoTokenCache(text, true);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
    expect(JSON.stringify(parsed)).not.toContain(CANARY);
  });

  it.each([
    ['2026-06-01T20:00:00Z', '2026-06-01T20:00:00.000Z'],
    ['2026-06-01T20:00:00UTC', '2026-06-01T20:00:00.000Z'],
    ['2026-06-01T20:00:00.123456Z', '2026-06-01T20:00:00.123Z'],
    ['2026-06-01T22:00:00+02:00', '2026-06-01T20:00:00.000Z'],
    ['2026-06-01T15:30:00-0430', '2026-06-01T20:00:00.000Z'],
    ['2026-06-01 20:00:00', '2026-06-01T20:00:00.000Z'],
  ])('reads the timestamp %s as the CLI does', (text, iso) => {
    expect(new Date(parseCacheTimestamp(text) ?? NaN).toISOString()).toBe(iso);
  });
});
