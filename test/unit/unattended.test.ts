import { describe, expect, it } from 'vitest';
import type { CloudSession } from '../../shared/facts';
import type { ExecConfig } from '../../shared/kubeconfig/model';
import { personLogin, unattendedVerdict } from '../../shared/exec/unattended';
import { azureKubeloginLogin, parseAzureAuthRecord, parseAzureTokenCache } from '../../shared/sessions/azure-kubelogin';
import { hostWith } from '../support/host';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const V1 = 'client.authentication.k8s.io/v1';
const ISSUER = 'https://sso.example.com/realms/eng';

const exec = (command: string, args: string[]): ExecConfig => ({ command, args, env: [], apiVersion: V1 });
const INT128 = exec('kubectl', ['oidc-login', 'get-token', `--oidc-issuer-url=${ISSUER}`, '--oidc-client-id=k8s']);
const AZURE_ARGS = ['get-token', '--server-id', 'srv', '--client-id', 'cli', '--tenant-id', 'ten'];

function session(kind: CloudSession['kind'], expiresAt: number, renewal?: CloudSession['renewal']): CloudSession {
  return { kind, file: '/c', expiresAt, match: {}, users: ['me'], ...(renewal ? { renewal } : {}) };
}

describe('personLogin: which plugins may open a browser or show a device code', () => {
  it.each([
    [['oidc-login', 'get-token', `--oidc-issuer-url=${ISSUER}`], 'auto'],
    [['oidc-login', 'get-token', '--grant-type', 'authcode-keyboard'], 'authcode-keyboard'],
    [['oidc-login', 'get-token', '--grant-type=device-code'], 'device-code'],
  ])('int128 kubelogin %j: %s', (args, mode) => {
    expect(personLogin(exec('kubectl', args), {})).toEqual({ plugin: 'kubelogin', mode, cacheHidden: false });
  });

  it.each([
    ['client credentials', ['get-token', '--grant-type=client-credentials']],
    ['the password grant', ['get-token', '--grant-type', 'password']],
    ['auto with a username (the password grant)', ['get-token', '--username', 'ci']],
  ])('int128 kubelogin with %s never prompts', (_name, args) => {
    expect(personLogin(exec('kubelogin', args), {})).toBeUndefined();
  });

  it('the same int128 plugin under its three names; the keyring hides its cache', () => {
    for (const e of [exec('kubelogin', ['get-token']), exec('/usr/local/bin/kubectl-oidc_login', ['get-token'])]) {
      expect(personLogin(e, {})?.plugin).toBe('kubelogin');
    }
    expect(personLogin(exec('kubelogin', ['get-token', '--token-cache-storage=keyring']), {})?.cacheHidden).toBe(true);
  });

  it('Azure kubelogin: devicecode (the default) and interactive need a person, every other mode never', () => {
    expect(personLogin(exec('kubelogin', AZURE_ARGS), {})).toEqual({
      plugin: 'azure-kubelogin',
      mode: 'devicecode',
      cacheHidden: false,
    });
    expect(personLogin(exec('kubelogin', [...AZURE_ARGS, '-l', 'interactive']), {})?.mode).toBe('interactive');
    for (const mode of ['spn', 'ropc', 'msi', 'azurecli', 'azd', 'workloadidentity', 'azurepipelines']) {
      expect(personLogin(exec('kubelogin', [...AZURE_ARGS, '--login', mode]), {})).toBeUndefined();
    }
  });

  it('Azure: $AAD_LOGIN_METHOD overrides --login, unless --disable-environment-override', () => {
    const spn = exec('kubelogin', [...AZURE_ARGS, '--login', 'spn']);
    expect(personLogin(spn, { AAD_LOGIN_METHOD: 'devicecode' })?.mode).toBe('devicecode');
    const azurecli = exec('kubelogin', [...AZURE_ARGS, '--login', 'azurecli', '--disable-environment-override']);
    expect(personLogin(azurecli, { AAD_LOGIN_METHOD: 'interactive' })).toBeUndefined();
  });

  it('other plugins never count', () => {
    expect(personLogin(exec('aws', ['eks', 'get-token', '--cluster-name', 'prod']), {})).toBeUndefined();
    expect(personLogin(exec('kubectl', ['oidc-login', 'setup']), {})).toBeUndefined();
  });
});

describe('unattendedVerdict', () => {
  const ask = (sessions: CloudSession[], e = INT128) => unattendedVerdict(e, {}, sessions, NOW).run;

  it('runs kubelogin with a valid token, or an expired one it can refresh', () => {
    expect(ask([session('kubelogin', NOW + HOUR)])).toBe(true);
    expect(ask([session('kubelogin', NOW - HOUR, {})])).toBe(true);
    expect(ask([session('kubelogin', NOW - HOUR, { until: NOW + HOUR })])).toBe(true);
  });

  it('does not run it with no login, an expired token, an ended refresh token, or one about to expire', () => {
    expect(unattendedVerdict(INT128, {}, [], NOW)).toEqual({
      run: false,
      reason: 'sign-in-required',
      login: { plugin: 'kubelogin', mode: 'auto', cacheHidden: false },
    });
    expect(ask([session('kubelogin', NOW - HOUR)])).toBe(false);
    expect(ask([session('kubelogin', NOW - HOUR, { until: NOW - MINUTE })])).toBe(false);
    expect(ask([session('kubelogin', NOW + 30_000)])).toBe(false);
  });

  it("counts only its own plugin's sessions", () => {
    expect(ask([session('aws-sso', NOW + HOUR), session('azure-kubelogin', NOW + HOUR)])).toBe(false);
    const azure = exec('kubelogin', AZURE_ARGS);
    expect(ask([session('azure-kubelogin', NOW + HOUR)], azure)).toBe(true);
    // An AuthenticationRecord (v0.2): the tokens are in the OS store, renewed silently.
    expect(ask([session('azure-kubelogin', 0, {})], azure)).toBe(true);
    expect(ask([session('kubelogin', NOW + HOUR)], azure)).toBe(false);
  });

  it('runs plugins that never prompt, and a kubelogin whose cache it cannot read', () => {
    expect(ask([], exec('aws', ['eks', 'get-token']))).toBe(true);
    expect(ask([], exec('kubelogin', ['get-token', '--token-cache-storage', 'keyring']))).toBe(true);
  });
});

describe('Azure kubelogin cache files', () => {
  it('names the v0.1 token file as kubelogin does, in --cache-dir, $KUBECACHEDIR or ~/.kube/cache/kubelogin', () => {
    const host = hostWith('/home/u');
    expect(azureKubeloginLogin(exec('kubelogin', AZURE_ARGS), host)?.tokenFile).toBe(
      '/home/u/.kube/cache/kubelogin/AzurePublicCloud-srv-cli-ten.json',
    );
    const china = exec('kubelogin', [
      ...AZURE_ARGS,
      '--environment',
      'AzureChinaCloud',
      '--cache-dir',
      '~/k',
      '--legacy',
    ]);
    expect(azureKubeloginLogin(china, host)?.tokenFile).toBe('/home/u/k/AzureChinaCloud-srv-cli-ten_legacy.json');
    const fromEnv = azureKubeloginLogin(exec('kubelogin', AZURE_ARGS), hostWith('/home/u', { KUBECACHEDIR: '/c' }));
    expect(fromEnv?.cacheDir).toBe('/c');
    expect(
      azureKubeloginLogin(exec('kubelogin', ['get-token', '--server-id', 'srv']), host)?.tokenFile,
    ).toBeUndefined();
  });

  it('reads expiry and refresh availability from an adal token, and nothing else', () => {
    const text = JSON.stringify({ access_token: 'secret-a', refresh_token: 'secret-r', expires_on: '1764590400' });
    const parsed = parseAzureTokenCache(text);
    expect(parsed).toEqual({ ok: true, value: { expiresAt: 1764590400_000, hasRefreshToken: true } });
    expect(parseAzureTokenCache(JSON.stringify({ expires_on: 1764590400 }))).toEqual({
      ok: true,
      value: { expiresAt: 1764590400_000, hasRefreshToken: false },
    });
    expect(parseAzureTokenCache('{"expires_on": "soon"}').ok).toBe(false);
    expect(parseAzureTokenCache('not json').ok).toBe(false);
  });

  it('reads client and tenant from an AuthenticationRecord', () => {
    const record = {
      authority: 'login.microsoftonline.com',
      clientId: 'cli',
      homeAccountId: 'h',
      tenantId: 'ten',
      username: 'u@x',
      version: '1.0',
    };
    expect(parseAzureAuthRecord(JSON.stringify(record))).toEqual({
      ok: true,
      value: { clientId: 'cli', tenantId: 'ten' },
    });
    expect(parseAzureAuthRecord('{}').ok).toBe(false);
  });
});
