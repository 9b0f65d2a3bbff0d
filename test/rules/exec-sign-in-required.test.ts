import { beforeAll, describe, expect, it } from 'vitest';
import type { CloudSession, ExecRun, Snapshot } from '../../shared/facts';
import { unattendedVerdict } from '../../shared/exec/unattended';
import { parseAzureTokenCache } from '../../shared/sessions/azure-kubelogin';
import { parseKubeloginCache } from '../../shared/sessions/kubelogin';
import execCredentialExpiring from '../../shared/rules/exec-credential-expiring';
import rule from '../../shared/rules/exec-sign-in-required';
import { oidcIdToken } from '../fixtures/jwt';
import { expectFindings, testRule } from '../support/rule-tester';
import { ENV, NOW, runRule, subjectsOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';

const HOUR = 3_600_000;
const KUBECONFIG = '/home/u/.kube/config';
const ISSUER = 'https://sso.example.com/realms/eng';
const CLIENT_SECRET = 'kw-canary-oidc-client-secret-7c2d';
const OIDC_CACHE = '/home/u/.kube/cache/oidc-login/4f1c0e';
const AZURE_CACHE =
  '/home/u/.kube/cache/kubelogin/AzurePublicCloud-6dae42f8-4368-4678-94ff-3960e28e3630-80faf920-1908-4b52-b5ef-a8e7bedfc67a-72f988bf-86f1-41af-91ab-2d7cd011db47.json';

const OIDC_EXEC = {
  apiVersion: 'client.authentication.k8s.io/v1',
  interactiveMode: 'IfAvailable',
  command: 'kubectl',
  args: [
    'oidc-login',
    'get-token',
    `--oidc-issuer-url=${ISSUER}`,
    '--oidc-client-id=kubernetes',
    `--oidc-client-secret=${CLIENT_SECRET}`,
  ],
};
const AZURE_EXEC = {
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  command: 'kubelogin',
  args: [
    'get-token',
    '--login',
    'devicecode',
    '--server-id',
    '6dae42f8-4368-4678-94ff-3960e28e3630',
    '--client-id',
    '80faf920-1908-4b52-b5ef-a8e7bedfc67a',
    '--tenant-id',
    '72f988bf-86f1-41af-91ab-2d7cd011db47',
    '--environment',
    'AzurePublicCloud',
  ],
};

/** The kubeconfig, the sessions on disk, and the run the real unattended decision gives for them. */
function snapshotWith(
  exec: { apiVersion: string; command: string; args: string[] },
  sessions: CloudSession[],
  now = NOW,
): Snapshot {
  const config = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'prod',
    clusters: [{ name: 'prod', cluster: { server: 'https://prod.example.com' } }],
    users: [{ name: 'me', user: { exec } }],
    contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'me' } }],
  });
  const base = snapshotFrom({ sources: { [KUBECONFIG]: config } });
  const user = base.config.users.get('me')?.value.exec;
  if (!user) throw new Error('no exec entry');
  const verdict = unattendedVerdict(user, {}, sessions, now);
  const run: ExecRun = verdict.run
    ? { state: 'ok', credential: { apiVersion: exec.apiVersion, token: 't' }, cached: false, durationMs: 5 }
    : { state: 'skipped', reason: verdict.reason, login: verdict.login };
  return { ...base, sessions, execRuns: new Map([['me', run]]) };
}

let ended: CloudSession;
let refreshable: CloudSession;

async function oidcSession(refreshToken: string | undefined): Promise<CloudSession> {
  const idToken = await oidcIdToken({ issuer: ISSUER, issuedAt: NOW - 3 * HOUR, lifetime: HOUR });
  const parsed = parseKubeloginCache(JSON.stringify({ id_token: idToken, refresh_token: refreshToken }));
  if (!parsed.ok) throw new Error(parsed.reason);
  const { token } = parsed;
  const session: CloudSession = {
    kind: 'kubelogin',
    file: OIDC_CACHE,
    expiresAt: token.expiresAt,
    match: { issuer: token.issuer, audience: token.audience.join(' ') },
    users: ['me'],
  };
  if (token.hasRefreshToken) session.renewal = {};
  return session;
}

function azureSession(text: string): CloudSession {
  const parsed = parseAzureTokenCache(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  const session: CloudSession = {
    kind: 'azure-kubelogin',
    file: AZURE_CACHE,
    expiresAt: parsed.value.expiresAt,
    match: { serverId: '6dae42f8-4368-4678-94ff-3960e28e3630' },
    users: ['me'],
  };
  if (parsed.value.hasRefreshToken) session.renewal = {};
  return session;
}

const adal = (expiresOn: number, refresh: string) =>
  JSON.stringify({
    access_token: 'kw-canary-access',
    refresh_token: refresh,
    expires_on: String(expiresOn / 1000),
    resource: 'x',
  });

beforeAll(async () => {
  ended = await oidcSession(undefined);
  refreshable = await oidcSession('kw-canary-refresh-token-1e8a');
});

const subject = (snapshot: () => Snapshot) => () => {
  const [first] = subjectsOf(snapshot());
  if (!first) throw new Error('no context');
  return first;
};

testRule(rule, {
  meta: { needs: 'exec', severity: 'info' },
  valid: [
    {
      name: 'the cached id_token can be refreshed: the plugin ran',
      subject: subject(() => snapshotWith(OIDC_EXEC, [refreshable])),
    },
    {
      name: 'an Azure token with a refresh token: the plugin ran',
      subject: subject(() => snapshotWith(AZURE_EXEC, [azureSession(adal(NOW - HOUR, 'kw-canary-refresh'))])),
    },
  ],
  invalid: [
    {
      name: 'int128 kubelogin whose session ended: its state from the cache, and Sign in now through the context',
      subject: subject(() => snapshotWith(OIDC_EXEC, [ended])),
      findings: [
        {
          detail: [
            `kubelogin's session for ${ISSUER} ended`,
            'no refresh token',
            'signing in opens a browser',
            'until you sign in',
          ],
          evidenceMatching: { plugin: 'kubelogin', loginMode: 'auto', cacheFile: OIDC_CACHE, issuer: ISSUER },
          steps: [
            {
              title: 'Sign in now: kubectl runs the plugin of context prod, which opens a browser',
              command: 'kubectl auth whoami --context prod',
              action: { kind: 'run', program: 'kubectl', args: ['auth', 'whoami', '--context', 'prod'] },
            },
          ],
        },
      ],
      secrets: [CLIENT_SECRET],
    },
    {
      name: 'int128 kubelogin that never signed in: no login in its cache',
      subject: subject(() => snapshotWith(OIDC_EXEC, [])),
      findings: [{ detail: ['has no login in its token cache'], commands: ['kubectl auth whoami --context prod'] }],
      secrets: [CLIENT_SECRET],
    },
    {
      name: 'Azure kubelogin in devicecode mode whose adal token expired without a refresh token',
      subject: subject(() => snapshotWith(AZURE_EXEC, [azureSession(adal(NOW - HOUR, ''))])),
      findings: [
        {
          detail: ["Azure kubelogin's session (login mode devicecode", 'shows a device code to enter in a browser'],
          evidenceMatching: { plugin: 'azure-kubelogin', loginMode: 'devicecode', cacheFile: AZURE_CACHE },
          commands: ['kubectl auth whoami --context prod'],
        },
      ],
      secrets: ['kw-canary-access'],
    },
  ],
});

describe('exec-sign-in-required and exec-credential-expiring', () => {
  it('speak once about an ended kubelogin session kept from a browser: this rule, not the ended-session one', () => {
    const [first] = subjectsOf(snapshotWith(OIDC_EXEC, [ended]));
    if (!first) throw new Error('no context');
    expect(runRule(execCredentialExpiring, first, ENV)).toEqual([]);
    expectFindings(runRule(rule, first, ENV), [{ commands: ['kubectl auth whoami --context prod'] }]);
  });
});
