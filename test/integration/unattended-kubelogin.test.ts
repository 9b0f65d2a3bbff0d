/**
 * Interactive plugins never run wild in the background (issue 15): the desktop monitor, `kubeward watch`
 * and a TTY-less `kubeward check` run a stand-in kubelogin (test/fixtures/plugins/kubelogin.mjs, which
 * logs every spawn and every browser it "opens") only while its real token cache, in a temp HOME, holds
 * a token it can use without a person; a run whose output showed a browser login is not repeated on the
 * schedule, only after Check now.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Report } from '../../shared/findings';
import type { MonitorPlatform } from '../../shared/monitor';
import { DesktopExecPolicy, UnattendedExecPolicy, type ExecPolicy } from '../../electron/core/exec/policy';
import { Monitor, type CheckResult } from '../../electron/core/monitor/monitor';
import { readCloudSessions } from '../../electron/core/check/cloud-sessions';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import { oidcIdToken } from '../fixtures/jwt';
import { CLI, runKubeward } from '../support/cli';
import { hostWith } from '../support/host';
import { tempDir } from '../support/temp';

const STAND_IN = path.resolve(import.meta.dirname, '../fixtures/plugins/kubelogin.mjs');
const ISSUER = 'https://sso.example.com/realms/eng';
const HOUR = 3_600_000;
const AZURE = {
  server: '6dae42f8-4368-4678-94ff-3960e28e3630',
  client: '80faf920-1908-4b52-b5ef-a8e7bedfc67a',
  tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
};

type Plugin = 'int128' | 'int128-keyring' | 'azure';

function execEntry(plugin: Plugin): string {
  const args =
    plugin === 'azure'
      ? [
          'get-token',
          '--login',
          'devicecode',
          '--server-id',
          AZURE.server,
          '--client-id',
          AZURE.client,
          '--tenant-id',
          AZURE.tenant,
        ]
      : [
          'get-token',
          `--oidc-issuer-url=${ISSUER}`,
          '--oidc-client-id=kubernetes',
          ...(plugin === 'int128-keyring' ? ['--token-cache-storage=keyring'] : []),
        ];
  return JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    interactiveMode: 'IfAvailable',
    command: 'kubelogin',
    args,
  });
}

/** A temp HOME with a kubeconfig whose context `prod` runs the stand-in as `kubelogin`, and its logs. */
function setup(plugin: Plugin) {
  const home = tempDir('unattended');
  const bin = path.join(home, 'bin');
  mkdirSync(bin);
  symlinkSync(STAND_IN, path.join(bin, 'kubelogin'));
  mkdirSync(path.join(home, '.kube', 'cache', 'oidc-login'), { recursive: true });
  mkdirSync(path.join(home, '.kube', 'cache', 'kubelogin'), { recursive: true });
  const config = path.join(home, '.kube', 'config');
  // Nothing listens on port 9: the probe fails at once, and only the plugin's behaviour matters.
  writeFileSync(
    config,
    `apiVersion: v1
kind: Config
clusters: [{name: prod, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: me, user: {exec: ${execEntry(plugin)}}}]
contexts: [{name: prod, context: {cluster: prod, user: me}}]
current-context: prod
`,
    { mode: 0o600 },
  );
  const spawnLog = path.join(home, 'spawns.log');
  const browserLog = path.join(home, 'browsers.log');
  const env = {
    HOME: home,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    KUBECONFIG: config,
    KUBELOGIN_SPAWN_LOG: spawnLog,
    KUBELOGIN_BROWSER_LOG: browserLog,
  };
  const count = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0);
  return {
    home,
    config,
    env,
    spawns: () => count(spawnLog),
    browsers: () => count(browserLog),
  };
}

/** int128's cache file: an id_token signed by a real key, issued `age` ago, living an hour; a refresh token or not. */
async function writeInt128Cache(home: string, age: number, refresh: boolean): Promise<void> {
  const idToken = await oidcIdToken({ issuer: ISSUER, issuedAt: Date.now() - age, lifetime: HOUR });
  const cache = { id_token: idToken, ...(refresh ? { refresh_token: 'kw-canary-refresh-5d0e' } : {}) };
  // The name is a hash kubelogin computes in Go; kubeward matches the file by the token's iss and aud.
  writeFileSync(path.join(home, '.kube', 'cache', 'oidc-login', '8f2c41d0e7'), JSON.stringify(cache), { mode: 0o600 });
}

/** Azure kubelogin's v0.1 adal cache file for the entry's login. */
function writeAzureCache(home: string, expiresAt: number, refresh: boolean): void {
  const file = `AzurePublicCloud-${AZURE.server}-${AZURE.client}-${AZURE.tenant}.json`;
  const token = {
    access_token: 'kw-canary-access-3f1a',
    refresh_token: refresh ? 'kw-canary-refresh-9b2c' : '',
    expires_on: String(Math.floor(expiresAt / 1000)),
    resource: AZURE.server,
    token_type: 'Bearer',
  };
  writeFileSync(path.join(home, '.kube', 'cache', 'kubelogin', file), JSON.stringify(token), { mode: 0o600 });
}

const silent: MonitorPlatform = { showTray: () => undefined, notify: () => undefined, openWindow: () => undefined };
const monitors: Monitor[] = [];
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((m) => m.stop()));
});

/** A monitor as the app and `kubeward watch` build it, on a schedule that never fires: the test ticks it. */
async function startMonitor(t: ReturnType<typeof setup>, policy: ExecPolicy) {
  const reports: Report[] = [];
  const monitor = new Monitor({
    host: hostWith(t.home, t.env),
    offline: false,
    timeoutMs: 5000,
    schedule: '0 0 1 1 *',
    statePath: path.join(t.home, 'state.json'),
    ui: silent,
    execPolicy: policy,
    debounceMs: 50,
    onChecked: (result: CheckResult) => {
      if ('report' in result) reports.push(result.report);
    },
  });
  monitors.push(monitor);
  await monitor.start();
  return { monitor, reports };
}

const rulesOf = (report: Report | undefined) => report?.contexts.flatMap((c) => c.findings.map((f) => f.rule)) ?? [];

describe('unattended exec plugins: kubelogin', () => {
  it('never spawns kubelogin whose cache needs a browser, over scheduled checks; runs it once signed in', async () => {
    const t = setup('int128');
    await writeInt128Cache(t.home, 3 * HOUR, false);
    const { monitor, reports } = await startMonitor(t, new UnattendedExecPolicy());
    for (let tick = 0; tick < 3; tick++) await monitor.checkNow();
    expect(reports.length).toBeGreaterThanOrEqual(4);
    expect(t.spawns()).toBe(0);
    expect(t.browsers()).toBe(0);
    const finding = reports.at(-1)?.contexts[0]?.findings.find((f) => f.rule === 'exec-sign-in-required');
    expect(finding?.detail).toContain(`kubelogin's session for ${ISSUER} ended`);
    expect(finding?.fix.steps?.[0]?.command).toBe('kubectl auth whoami --context prod');

    // Signing in (in a terminal) writes a fresh token: the watched cache changes, and the next check runs it.
    await writeInt128Cache(t.home, 0, true);
    await monitor.checkNow();
    expect(t.spawns()).toBe(1);
    expect(rulesOf(reports.at(-1))).not.toContain('exec-sign-in-required');
    // The credential it returned is reused until it expires: scheduled checks do not spawn it again.
    for (let tick = 0; tick < 3; tick++) await monitor.checkNow();
    expect(t.spawns()).toBe(1);
    expect(t.browsers()).toBe(0);
  });

  it('runs kubelogin whose expired token has a refresh token: no browser', async () => {
    const t = setup('int128');
    await writeInt128Cache(t.home, 3 * HOUR, true);
    await startMonitor(t, new UnattendedExecPolicy());
    expect(t.spawns()).toBe(1);
    expect(t.browsers()).toBe(0);
  });

  it('holds a plugin whose output showed a browser login past every back-off, until Check now', async () => {
    // Keyring-only storage: kubeward cannot read the cache, so it runs the plugin once, which opens a browser.
    const t = setup('int128-keyring');
    const clock = { now: Date.now() };
    const fingerprintOf = (exec: { command: string; args: string[] }) => JSON.stringify([exec.command, ...exec.args]);
    const policy = new DesktopExecPolicy({
      approved: () =>
        new Set([
          fingerprintOf({ command: 'kubelogin', args: JSON.parse(execEntry('int128-keyring')).args as string[] }),
        ]),
      fingerprint: fingerprintOf,
      now: () => clock.now,
    });
    const { monitor, reports } = await startMonitor(t, policy);
    expect([t.spawns(), t.browsers()]).toEqual([1, 1]);
    const failed = reports.at(-1)?.contexts[0]?.findings.find((f) => f.rule === 'exec-plugin-failed');
    expect(failed?.evidence).toMatchObject({ cause: 'interactive-login-required', awaitsUser: true });
    expect(failed?.detail).toContain('waits for Check now');
    // Hours of scheduled checks, far past the 30-minute back-off cap: not one more spawn.
    for (let tick = 0; tick < 4; tick++) {
      clock.now += HOUR;
      await monitor.checkNow();
    }
    expect([t.spawns(), t.browsers()]).toEqual([1, 1]);
    expect(rulesOf(reports.at(-1))).toContain('exec-plugin-failed');
    // Check now: a person asked.
    policy.resetBackoff();
    await monitor.checkNow();
    expect([t.spawns(), t.browsers()]).toEqual([2, 2]);
    await monitor.checkNow();
    expect(t.spawns()).toBe(2);
  });

  it('reads the Azure kubelogin cache: devicecode is not run with an ended token, and is with a refresh token', async () => {
    const t = setup('azure');
    writeAzureCache(t.home, Date.now() - HOUR, false);
    const { monitor, reports } = await startMonitor(t, new UnattendedExecPolicy());
    await monitor.checkNow();
    expect([t.spawns(), t.browsers()]).toEqual([0, 0]);
    const finding = reports.at(-1)?.contexts[0]?.findings.find((f) => f.rule === 'exec-sign-in-required');
    expect(finding?.detail).toContain('shows a device code');
    expect(JSON.stringify(reports)).not.toContain('kw-canary');

    writeAzureCache(t.home, Date.now() - HOUR, true);
    await monitor.checkNow();
    expect([t.spawns(), t.browsers()]).toEqual([1, 0]);
    expect(rulesOf(reports.at(-1))).not.toContain('exec-sign-in-required');
  });
});

describe('Azure kubelogin sessions on disk', () => {
  it('ties the v0.1 token file and the v0.2 AuthenticationRecord to the entry, with no token in them', async () => {
    const t = setup('azure');
    writeAzureCache(t.home, Date.now() + HOUR, true);
    const record = {
      authority: 'login.microsoftonline.com',
      clientId: AZURE.client,
      homeAccountId: 'h.t',
      tenantId: AZURE.tenant,
      username: 'jane@example.com',
      version: '1.0',
    };
    writeFileSync(path.join(t.home, '.kube', 'cache', 'kubelogin', 'auth.json'), JSON.stringify(record));
    const snapshot = await gatherSnapshot({ kubeconfig: t.config, host: hostWith(t.home, t.env) });
    const sessions = await readCloudSessions({ host: hostWith(t.home, t.env), config: snapshot.config });
    const azure = sessions.filter((s) => s.kind === 'azure-kubelogin');
    expect(azure.map((s) => [path.basename(s.file), s.users, s.renewal])).toEqual([
      [`AzurePublicCloud-${AZURE.server}-${AZURE.client}-${AZURE.tenant}.json`, ['me'], {}],
      ['auth.json', ['me'], {}],
    ]);
    expect(azure[0]?.expiresAt).toBeGreaterThan(Date.now());
    expect(JSON.stringify(sessions)).not.toContain('kw-canary');
  });
});

describe('the command line without a person', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('build the CLI first');
  });

  it('`kubeward check` with no terminal on stdin does not spawn kubelogin that needs a browser', async () => {
    const t = setup('int128');
    await writeInt128Cache(t.home, 3 * HOUR, false);
    // spawnSync's stdin is a pipe: not a terminal, as in CI.
    const result = runKubeward(['check', '--json', '--timeout', '3'], { ...t.env, HOME: t.home });
    expect(t.spawns()).toBe(0);
    expect(t.browsers()).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(rulesOf(report)).toContain('exec-sign-in-required');
  });

  it('`kubeward watch` on a schedule every second does not spawn it either', async () => {
    const t = setup('int128');
    await writeInt128Cache(t.home, 3 * HOUR, false);
    const child = spawn(
      process.execPath,
      [
        CLI,
        'watch',
        '--json',
        '--schedule',
        '* * * * * *',
        '--state',
        path.join(t.home, 'state.json'),
        '--timeout',
        '3',
      ],
      { env: { ...t.env, HOME: t.home, TMPDIR: process.env.TMPDIR }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 15_000;
    while ((out.match(/"type":"check"/g) ?? []).length < 4) {
      if (Date.now() > deadline) throw new Error(`too few checks: ${out}${err}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(t.spawns()).toBe(0);
    expect(t.browsers()).toBe(0);
  });
});
