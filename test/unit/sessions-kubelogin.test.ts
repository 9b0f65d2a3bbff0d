import { describe, expect, it } from 'vitest';
import type { ExecConfig } from '../../shared/kubeconfig/model';
import { kubeloginClient, parseKubeloginCache, tokenBelongsTo } from '../../shared/sessions/kubelogin';
import { oidcIdToken, seconds, signJwt } from '../fixtures/jwt';
import { NOW } from '../support/rules';

const ISSUER = 'https://sso.example.com/realms/eng';
const HOUR = 3_600_000;

function exec(command: string, args: string[], env: Record<string, string> = {}): ExecConfig {
  return { command, args, env: Object.entries(env).map(([name, value]) => ({ name, value })) };
}

const OIDC_ARGS = ['get-token', `--oidc-issuer-url=${ISSUER}`, '--oidc-client-id', 'kubernetes'];

describe('kubeloginClient', () => {
  it('reads the issuer, client id and default cache dir of kubectl oidc-login, kubelogin and kubectl-oidc_login', () => {
    const expected = { issuer: ISSUER, clientId: 'kubernetes', cacheDir: '/home/u/.kube/cache/oidc-login' };
    expect(
      kubeloginClient(exec('kubectl', ['oidc-login', ...OIDC_ARGS]), {
        env: {},
        homeDir: '/home/u',
        platform: 'linux',
      }),
    ).toEqual(expected);
    expect(
      kubeloginClient(exec('/usr/local/bin/kubelogin', OIDC_ARGS), { env: {}, homeDir: '/home/u', platform: 'linux' }),
    ).toEqual(expected);
    expect(
      kubeloginClient(exec('kubectl-oidc_login', OIDC_ARGS), { env: {}, homeDir: '/home/u', platform: 'linux' }),
    ).toEqual(expected);
  });

  it('takes --token-cache-dir (with ~), else $KUBECACHEDIR/oidc-login', () => {
    const custom = exec('kubectl', ['oidc-login', ...OIDC_ARGS, '--token-cache-dir=~/tokens']);
    expect(
      kubeloginClient(custom, { env: { KUBECACHEDIR: '/cache' }, homeDir: '/home/u', platform: 'linux' })?.cacheDir,
    ).toBe('/home/u/tokens');
    const plain = exec('kubectl', ['oidc-login', ...OIDC_ARGS]);
    expect(
      kubeloginClient(plain, { env: { KUBECACHEDIR: '/cache' }, homeDir: '/home/u', platform: 'linux' })?.cacheDir,
    ).toBe('/cache/oidc-login');
    expect(kubeloginClient(plain, { env: {}, homeDir: 'C:\\Users\\u', platform: 'win32' })?.cacheDir).toBe(
      'C:\\Users\\u\\.kube\\cache\\oidc-login',
    );
  });

  it.each([
    ['Azure kubelogin', exec('kubelogin', ['get-token', '--server-id', 'abc', '--login', 'azurecli'])],
    ['kubelogin setup (not get-token)', exec('kubectl', ['oidc-login', 'setup', `--oidc-issuer-url=${ISSUER}`])],
    ['no client id', exec('kubectl', ['oidc-login', 'get-token', `--oidc-issuer-url=${ISSUER}`])],
    ['a keyring-only cache', exec('kubectl', ['oidc-login', ...OIDC_ARGS, '--token-cache-storage=keyring'])],
    ['--force-keyring', exec('kubectl', ['oidc-login', ...OIDC_ARGS, '--force-keyring'])],
    ['another kubectl plugin', exec('kubectl', ['other', ...OIDC_ARGS])],
  ])('is undefined for %s', (_, entry) => {
    expect(kubeloginClient(entry, { env: {}, homeDir: '/home/u', platform: 'linux' })).toBeUndefined();
  });
});

describe('parseKubeloginCache', () => {
  it('keeps the id_token claims that matter and no token', async () => {
    const idToken = await oidcIdToken({ issuer: ISSUER, clientId: 'kubernetes', issuedAt: NOW - HOUR / 2 });
    const parsed = parseKubeloginCache(JSON.stringify({ id_token: idToken }));
    expect(parsed).toEqual({
      ok: true,
      token: {
        issuer: ISSUER,
        audience: ['kubernetes'],
        issuedAt: seconds(NOW - HOUR / 2) * 1000,
        expiresAt: seconds(NOW - HOUR / 2) * 1000 + HOUR,
        hasRefreshToken: false,
      },
    });
    expect(JSON.stringify(parsed)).not.toContain(idToken);
  });

  it('reads the end of a JWT refresh token (Keycloak), and only notes an opaque one', async () => {
    const idToken = await oidcIdToken({ issuer: ISSUER, issuedAt: NOW });
    const iat = seconds(NOW);
    const refresh = await signJwt({ iss: ISSUER, typ: 'Refresh', iat, exp: iat + 10 * 3600 });
    const jwtRefresh = parseKubeloginCache(JSON.stringify({ id_token: idToken, refresh_token: refresh }));
    expect(jwtRefresh.ok && jwtRefresh.token).toMatchObject({
      hasRefreshToken: true,
      refreshIssuedAt: iat * 1000,
      refreshExpiresAt: (iat + 10 * 3600) * 1000,
    });
    expect(JSON.stringify(jwtRefresh)).not.toContain(refresh);
    const opaque = parseKubeloginCache(
      JSON.stringify({ id_token: idToken, refresh_token: 'kw-canary-opaque-refresh' }),
    );
    expect(opaque.ok && opaque.token.hasRefreshToken).toBe(true);
    expect(opaque.ok && opaque.token.refreshExpiresAt).toBeUndefined();
    // Keycloak offline tokens: exp 0, no fixed end.
    const offline = await signJwt({ iss: ISSUER, typ: 'Offline', iat, exp: 0 });
    const parsedOffline = parseKubeloginCache(JSON.stringify({ id_token: idToken, refresh_token: offline }));
    expect(parsedOffline.ok && parsedOffline.token.refreshExpiresAt).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"id_token":', /not JSON/],
    ['no id_token', '{"refresh_token":"kw-canary-r"}', /no id_token/],
    ['an opaque id_token', '{"id_token":"kw-canary-opaque"}', /not a readable JWT/],
    ['a mangled JWT', '{"id_token":"eyJhbGciOi.kw-canary.x"}', /not a readable JWT/],
  ])('rejects %s', (_, text, reason) => {
    const parsed = parseKubeloginCache(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
    expect(JSON.stringify(parsed)).not.toContain('kw-canary');
  });

  it('rejects an id_token without exp', async () => {
    const parsed = parseKubeloginCache(JSON.stringify({ id_token: await signJwt({ iss: ISSUER, aud: 'k' }) }));
    expect(parsed).toEqual({ ok: false, reason: 'the id_token has no iss or exp claim' });
  });
});

describe('tokenBelongsTo', () => {
  const client = { issuer: ISSUER, clientId: 'kubernetes', cacheDir: '/c' };
  it('matches the issuer (a trailing slash aside) and a client id among the audiences', () => {
    expect(tokenBelongsTo({ issuer: `${ISSUER}/`, audience: ['other', 'kubernetes'] }, client)).toBe(true);
    expect(tokenBelongsTo({ issuer: ISSUER, audience: ['other'] }, client)).toBe(false);
    expect(tokenBelongsTo({ issuer: 'https://sso.example.com/realms/ops', audience: ['kubernetes'] }, client)).toBe(
      false,
    );
  });
});
