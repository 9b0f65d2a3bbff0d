/**
 * gcloud accounts behind gke-gcloud-auth-plugin, with the real gcloud, plugin and kubectl in a temp
 * HOME. A stand-in Google token endpoint on 127.0.0.1 (named by the service account keys' token_uri,
 * and by the user credential's) issues one fixed access token per account, and the stand-in API
 * server maps each to its account: `kubectl auth whoami` says which account kubectl really acts as.
 *
 * - gke-cache-identity-mismatch: after `gcloud config set account` or a new active configuration,
 *   kubectl keeps acting as the account the plugin's cache was filled for; kubeward names both
 *   accounts from the files alone, and its fix (removing the cache) makes kubectl act as the new one.
 * - Reauthentication: Google's invalid_rapt refusal, through gcloud and the plugin, gives
 *   exec-plugin-failed with `gcloud auth login`; gcloud's files hold no end to predict it by.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { gcloudTokenOwner } from '../../electron/core/check/gcloud-token-owner';
import { readCloudSessions } from '../../electron/core/check/cloud-sessions';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import { findCommand } from '../../electron/core/exec/find-command';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { diagnose } from '../../shared/diagnose';
import type { Finding } from '../../shared/findings';
import { gkePluginExtraArgs } from '../../shared/sessions/gcloud';
import { startApiServer, type ApiServer } from '../fixtures/apiserver';
import { hostWith, PLATFORM } from '../support/host';
import { checkExecUser } from '../support/exec-check';
import { tempDir, tempFiles } from '../support/temp';

const run = promisify(execFile);
const search = { path: process.env.PATH, platform: PLATFORM };
const gcloud = await findCommand('gcloud', search);
const gkePlugin = await findCommand('gke-gcloud-auth-plugin', search);
const kubectl = await findCommand('kubectl', search);
const tools = Boolean(gcloud.resolved && gkePlugin.resolved && kubectl.resolved);

const SA_A = 'deployer@kw-test.iam.gserviceaccount.com';
const SA_B = 'reader@kw-test.iam.gserviceaccount.com';
const ALICE = 'alice@example.com';
const TOKENS: Record<string, string> = {
  [SA_A]: 'ya29.kw-canary-deployer-7Hq2xR4mZ9',
  [SA_B]: 'ya29.kw-canary-reader-3Jf8vN1pW6',
};
const REFRESH_TOKEN = '1//kw-canary-refresh-5Tg7yB2kL0';
const CONTEXT = 'gke_kw-test_europe-west1_prod';

let home: string;
let tokenEndpoint: Server;
let tokenUri: string;
let apiServer: ApiServer;
let privateKey: string;

/** The account a service account JWT grant is for (its `iss`); a refresh-token grant is refused as Google refuses one needing reauth. */
function answer(body: string): { status: number; json: unknown } {
  const params = new URLSearchParams(body);
  if (params.get('grant_type') === 'refresh_token') {
    return {
      status: 400,
      json: {
        error: 'invalid_grant',
        error_description: 'reauth related error (invalid_rapt)',
        error_uri: 'https://support.google.com/a/answer/9368756',
        error_subtype: 'invalid_rapt',
      },
    };
  }
  const payload = (params.get('assertion') ?? '').split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string };
  const token = TOKENS[claims.iss ?? ''];
  if (!token) return { status: 400, json: { error: 'invalid_grant', error_description: 'unknown account' } };
  return { status: 200, json: { access_token: token, expires_in: 3600, token_type: 'Bearer' } };
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  // gcloud under this HOME only: ~/.config/gcloud, no prompts, no update checks.
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
    CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: '1',
    ...extra,
  };
}

async function gcloudRun(args: string[]): Promise<void> {
  await run(gcloud.resolved ?? 'gcloud', args, { env: env(), timeout: 60_000 });
}

/** Who the API server says kubectl is, with the plugin run by kubectl itself. */
async function whoami(): Promise<string> {
  const { stdout } = await run(kubectl.resolved ?? 'kubectl', ['auth', 'whoami', '--context', CONTEXT, '-o', 'json'], {
    env: env(),
    timeout: 60_000,
  });
  return (JSON.parse(stdout) as { status: { userInfo: { username: string } } }).status.userInfo.username;
}

const kubeconfigFile = () => path.join(home, '.kube', 'config');
const cacheFile = () => path.join(home, '.kube', 'gke_gcloud_auth_plugin_cache');

async function mismatchFindings(): Promise<{ findings: Finding[]; report: string }> {
  const host = hostWith(home, { PATH: process.env.PATH });
  const snapshot = await gatherSnapshot({ kubeconfig: kubeconfigFile(), host });
  const sessions = await readCloudSessions({ host, config: snapshot.config });
  const now = Date.now();
  const report = diagnose(
    { ...snapshot, sessions },
    { now, expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS, platform: PLATFORM },
    {
      kind: 'all',
    },
  );
  const findings = report.contexts.flatMap((c) => c.findings).filter((f) => f.rule === 'gke-cache-identity-mismatch');
  return { findings, report: JSON.stringify({ report, sessions }) };
}

function expectNoSecrets(text: string): void {
  for (const token of Object.values(TOKENS)) expect(text).not.toContain(token);
  expect(text).not.toContain(REFRESH_TOKEN);
  expect(text).not.toContain('PRIVATE KEY');
}

/** ~/.kube/config with one GKE context, current, its plugin run with this env. */
function writeKubeconfig(pluginEnv: { name: string; value: string }[] = []): void {
  const exec = {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'gke-gcloud-auth-plugin',
    provideClusterInfo: true,
    interactiveMode: 'IfAvailable',
    env: pluginEnv,
  };
  const cluster = {
    server: apiServer.url,
    'certificate-authority-data': Buffer.from(apiServer.caPem).toString('base64'),
  };
  writeFileSync(
    kubeconfigFile(),
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: CONTEXT, cluster }],
      users: [{ name: CONTEXT, user: { exec } }],
      contexts: [{ name: CONTEXT, context: { cluster: CONTEXT, user: CONTEXT } }],
      'current-context': CONTEXT,
    }),
    { mode: 0o600 },
  );
}

beforeAll(async () => {
  if (!tools) return;
  home = tempDir('gcloud-accounts');
  tokenEndpoint = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const { status, json } = answer(body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => tokenEndpoint.listen(0, '127.0.0.1', resolve));
  tokenUri = `http://127.0.0.1:${(tokenEndpoint.address() as AddressInfo).port}/token`;
  apiServer = await startApiServer({
    tokens: { [TOKENS[SA_A] ?? '']: { username: SA_A }, [TOKENS[SA_B] ?? '']: { username: SA_B } },
  });

  privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  for (const [i, account] of [SA_A, SA_B].entries()) {
    const keyFile = path.join(home, `key-${i}.json`);
    writeFileSync(
      keyFile,
      JSON.stringify({
        type: 'service_account',
        project_id: 'kw-test',
        private_key_id: `kw-key-${i}`,
        private_key: privateKey,
        client_email: account,
        client_id: `10000000000000000000${i}`,
        token_uri: tokenUri,
      }),
      { mode: 0o600 },
    );
    await gcloudRun(['auth', 'activate-service-account', `--key-file=${keyFile}`]);
  }

  mkdirSync(path.join(home, '.kube'), { recursive: true });
  writeKubeconfig();
}, 120_000);

afterAll(async () => {
  await apiServer?.stop();
  await new Promise((resolve) => (tokenEndpoint ? tokenEndpoint.close(resolve) : resolve(undefined)));
});

describe.skipIf(!tools)('gke-cache-identity-mismatch with the real gcloud, plugin and kubectl', () => {
  it('nothing while the cached token is the active account’s', async () => {
    expect(await whoami()).toBe(SA_B);
    expect(existsSync(cacheFile())).toBe(true);
    const { findings, report } = await mismatchFindings();
    expect(findings).toEqual([]);
    expectNoSecrets(report);
  }, 120_000);

  it('after `gcloud config set account`, kubectl still acts as the cached account: both named, fixed by removing the cache', async () => {
    await gcloudRun(['config', 'set', 'account', SA_A]);
    // The flaw, as kubectl shows it.
    expect(await whoami()).toBe(SA_B);

    const { findings, report } = await mismatchFindings();
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.severity).toBe('warning');
    expect(finding?.evidence).toMatchObject({
      context: CONTEXT,
      cacheFile: cacheFile(),
      cachedTokenAccount: SA_B,
      gcloudAccount: SA_A,
      gcloudConfigDir: path.join(home, '.config', 'gcloud'),
    });
    expect(finding?.detail).toContain(`gcloud issued to ${SA_B}`);
    expect(finding?.detail).toContain(`a token for ${SA_A}`);
    expectNoSecrets(report);

    const commands = finding?.fix.steps.map((s) => s.command) ?? [];
    expect(commands).toEqual([`rm -f ${cacheFile()}`, `kubectl auth whoami --context ${CONTEXT}`]);
    await run('sh', ['-c', commands[0] ?? 'false'], { env: env() });
    expect(await whoami()).toBe(SA_A);
    expect((await mismatchFindings()).findings).toEqual([]);
  }, 120_000);

  it('after activating another configuration, the same; CLOUDSDK_ACTIVE_CONFIG_NAME in the plugin env is honoured', async () => {
    await gcloudRun(['config', 'configurations', 'create', 'reader']);
    await gcloudRun(['config', 'set', 'account', SA_B]);
    expect(readFileSync(path.join(home, '.config', 'gcloud', 'active_config'), 'utf8').trim()).toBe('reader');
    expect(await whoami()).toBe(SA_A);
    const { findings } = await mismatchFindings();
    expect(findings.map((f) => [f.evidence.cachedTokenAccount, f.evidence.gcloudAccount])).toEqual([[SA_A, SA_B]]);

    // Back to the configuration the token came from, through the plugin's environment only: no mismatch.
    writeKubeconfig([{ name: 'CLOUDSDK_ACTIVE_CONFIG_NAME', value: 'default' }]);
    try {
      expect((await mismatchFindings()).findings).toEqual([]);
      expect(await whoami()).toBe(SA_A);
    } finally {
      writeKubeconfig();
    }
  }, 120_000);

  it('writes extra_args as kubeward expects them: a cache filled under other args is not served, so not reported', async () => {
    // The active account is now SA_B; a run with --account SA_A fills the cache with SA_A's token.
    const args = ['--account', SA_A, '--project=kw-test'];
    const { stdout } = await run(gkePlugin.resolved ?? 'gke-gcloud-auth-plugin', args, { env: env(), timeout: 60_000 });
    expect((JSON.parse(stdout) as { status: { token: string } }).status.token).toBe(TOKENS[SA_A]);
    const cache = JSON.parse(readFileSync(cacheFile(), 'utf8')) as { extra_args: string };
    expect(cache.extra_args).toBe(gkePluginExtraArgs({ command: 'gke-gcloud-auth-plugin', args, env: [] }));
    // The kubeconfig's plugin has no args: it does not reuse this cache, so nothing to report.
    expect((await mismatchFindings()).findings).toEqual([]);
    expect(await whoami()).toBe(SA_B);
  }, 120_000);
});

/** gcloud's user-account credential store, as `gcloud auth login` leaves it (creds.py: credentials.db, one JSON per account). */
async function writeUserCredential(configDir: string): Promise<void> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE "credentials" (account_id TEXT PRIMARY KEY, value BLOB)');
  db.run('INSERT INTO credentials VALUES (?, ?)', [
    ALICE,
    JSON.stringify({
      client_id: 'kw-test.apps.googleusercontent.com',
      client_secret: 'kw-test-client',
      refresh_token: REFRESH_TOKEN,
      scopes: ['openid', 'https://www.googleapis.com/auth/cloud-platform'],
      token_uri: tokenUri,
      type: 'authorized_user',
      universe_domain: 'googleapis.com',
    }),
  ]);
  mkdirSync(configDir, { recursive: true });
  writeFileSync(path.join(configDir, 'credentials.db'), db.export(), { mode: 0o600 });
  db.close();
}

describe.skipIf(!tools)('gcloud reauthentication (invalid_rapt) with the real gcloud and plugin', () => {
  it('gives exec-plugin-failed with `gcloud auth login`; gcloud keeps no end on disk to predict it by', async () => {
    const configDir = path.join(home, 'gcloud-user');
    await writeUserCredential(configDir);
    await run(gcloud.resolved ?? 'gcloud', ['config', 'set', 'account', ALICE], {
      env: env({ CLOUDSDK_CONFIG: configDir }),
      timeout: 60_000,
    });
    const report = await checkExecUser(
      { command: 'gke-gcloud-auth-plugin' },
      { env: env({ CLOUDSDK_CONFIG: configDir }), timeoutMs: 60_000 },
    );
    const finding = report.contexts.flatMap((c) => c.findings).find((f) => f.rule === 'exec-plugin-failed');
    expect(finding?.evidence.signature).toBe('gcloud-reauth-required');
    expect(finding?.detail).toContain('Reauthentication failed. cannot prompt during non-interactive execution.');
    expect(finding?.fix.steps.map((s) => s.command)).toContain('gcloud auth login');
    expectNoSecrets(JSON.stringify(report));
    // What gcloud keeps: the refresh token with no expiry beside it and, after the refusal, no access token
    // (nor rapt_token) at all: no end to predict, so no worksUntil.
    const SQL = await initSqlJs();
    const columns = (file: string) => {
      const db = new SQL.Database(readFileSync(path.join(configDir, file)));
      const table = file === 'credentials.db' ? 'credentials' : 'access_tokens';
      const names = db.exec(`PRAGMA table_info(${table})`)[0]?.values.map((row) => row[1]);
      const rows = db.exec(`SELECT count(*) FROM ${table}`)[0]?.values[0]?.[0];
      db.close();
      return { names, rows };
    };
    expect(columns('credentials.db')).toEqual({ names: ['account_id', 'value'], rows: 1 });
    expect(columns('access_tokens.db')).toEqual({
      names: ['account_id', 'access_token', 'token_expiry', 'rapt_token', 'id_token'],
      rows: 0,
    });
    expect(report.contexts[0]?.worksUntil).toBeUndefined();
  }, 120_000);
});

describe('gcloudTokenOwner on files that are not gcloud’s token cache', () => {
  it('says nothing, quickly, for garbage, an empty file, another SQLite database, a huge file or none', async () => {
    const SQL = await initSqlJs();
    const other = new SQL.Database();
    other.run('CREATE TABLE t (access_token TEXT)');
    const { dir, paths } = tempFiles({
      garbage: 'SQLite format 3\0 but not really',
      empty: '',
      other: Buffer.from(other.export()),
      huge: Buffer.alloc(4 * 1024 * 1024 + 1),
    });
    other.close();
    const started = Date.now();
    for (const file of [...Object.values(paths), path.join(dir, 'missing'), dir]) {
      await expect(gcloudTokenOwner(file, 'ya29.kw-canary-none')).resolves.toBeUndefined();
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
