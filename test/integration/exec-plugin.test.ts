/**
 * The exec plugin runner against real processes: the real aws CLI and
 * gke-gcloud-auth-plugin from the image, real kubectl as the oracle for
 * KUBERNETES_EXEC_INFO, and hostile node-script plugins (test/fixtures/plugins).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { diagnose } from '../../shared/diagnose';
import type { ExecRun, Snapshot } from '../../shared/facts';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { ExecCredentialCache } from '../../electron/core/exec/credential-cache';
import { runExecPlugins, type ExecRunOptions } from '../../electron/core/exec/plugin';
import { runProcess } from '../../electron/core/exec/process';
import { cliExecPolicy, DesktopExecPolicy, pluginFingerprint } from '../../electron/core/exec/policy';
import { findCommand } from '../../electron/core/exec/find-command';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import { seconds, signJwt } from '../fixtures/jwt';
import { createCa } from '../fixtures/pki';
import { alive, eventually } from '../support/process';
import { hostWith, PLATFORM } from '../support/host';
import { tempDir } from '../support/temp';
import { guideSteps } from '../../shared/findings';

const NODE = process.execPath;
const PLUGINS = path.resolve(import.meta.dirname, '../fixtures/plugins');
const plugin = (name: string) => path.join(PLUGINS, name);
const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';

const search = { path: process.env.PATH, platform: PLATFORM };
const aws = await findCommand('aws', search);
const gkePlugin = await findCommand('gke-gcloud-auth-plugin', search);
const kubectl = await findCommand('kubectl', search);
const setsid = await findCommand('setsid', search);

interface ExecEntry {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion?: string;
  interactiveMode?: string;
  provideClusterInfo?: boolean;
}

interface UserEntry {
  name: string;
  exec?: ExecEntry;
  token?: string;
}

/** A kubeconfig with one context per user (named after it) on one cluster. */
function kubeconfig(users: UserEntry[], cluster: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': users[0]?.name,
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443', ...cluster } }],
    users: users.map(({ name, exec, token }) => ({
      name,
      user: {
        ...(token ? { token } : {}),
        ...(exec ? { exec: { apiVersion: V1, interactiveMode: 'Never', ...exec } } : {}),
      },
    })),
    contexts: users.map(({ name }) => ({ name, context: { cluster: 'c', user: name } })),
  });
}

async function snapshotOf(dir: string, text: string): Promise<Snapshot> {
  const file = path.join(dir, 'config');
  writeFileSync(file, text, { mode: 0o600 });
  return gatherSnapshot({
    kubeconfig: file,
    host: hostWith(dir, { PATH: process.env.PATH }),
  });
}

function runAll(snapshot: Snapshot, options: Partial<ExecRunOptions> = {}) {
  return runExecPlugins(snapshot, { policy: cliExecPolicy, cache: new ExecCredentialCache(), env: {}, ...options });
}

function only(runs: Map<string, ExecRun>, user = 'u'): ExecRun {
  const run = runs.get(user);
  if (!run) throw new Error(`no run for user ${user}`);
  return run;
}

/** The report a check with these runs would print, as JSON: what must never hold a secret. */
function reportJson(snapshot: Snapshot, runs: Map<string, ExecRun>): string {
  const env = { now: Date.now(), expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS, platform: 'linux' as const };
  return JSON.stringify(diagnose({ ...snapshot, execRuns: runs }, env, { kind: 'all' }));
}

function findingsOf(snapshot: Snapshot, runs: Map<string, ExecRun>, rule: string) {
  const report = JSON.parse(reportJson(snapshot, runs)) as ReturnType<typeof diagnose>;
  return report.contexts.flatMap((c) => c.findings).filter((f) => f.rule === rule);
}

/** Gone, or a zombie waiting for a parent that will never reap it (PID 1 in a container). */

const CANARY = 'kubeward-canary-Zq8x3Vt7Lw2Pn5Rk9Hs4';

describe.skipIf(!aws.resolved)('the real aws CLI (skipped: aws is not on PATH)', () => {
  const eksUser = (env: ExecEntry['env'] = [], extraArgs: string[] = []): UserEntry => ({
    name: 'u',
    exec: {
      apiVersion: V1BETA1,
      command: 'aws',
      args: ['--region', 'us-east-1', 'eks', 'get-token', '--cluster-name', 'demo', '--output', 'json', ...extraArgs],
      env,
    },
  });

  it('fails without credentials, classified no-cloud-credentials, with aws configure in the fix', async () => {
    const home = tempDir('exec');
    const snapshot = await snapshotOf(home, kubeconfig([eksUser()]));
    const runs = await runAll(snapshot, { env: { PATH: process.env.PATH, HOME: home }, timeoutMs: 30_000 });
    const run = only(runs);
    expect(run).toMatchObject({ state: 'failed', exitCode: 255, timedOut: false, cause: 'no-cloud-credentials' });
    expect(run.state === 'failed' && run.stderrTail).toContain('Unable to locate credentials');
    const [finding] = findingsOf(snapshot, runs, 'exec-plugin-failed');
    const setUp = finding?.fix.steps[0]?.choice?.options.map((o) => o.command);
    expect(setUp).toEqual(['aws configure sso', 'aws configure']);
    expect(finding?.fix.steps.at(-1)?.command).toBe('kubectl auth whoami --context u');
  });

  it('presigns a real token offline with dummy static credentials, expiring in 14 minutes; the secret key shows nowhere', async () => {
    const home = tempDir('exec');
    const secretKey = 'kubewardCanary/SecretKey+0123456789abcdEF';
    const user = eksUser([
      { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' },
      { name: 'AWS_SECRET_ACCESS_KEY', value: secretKey },
    ]);
    const snapshot = await snapshotOf(home, kubeconfig([user]));
    const before = Date.now();
    const runs = await runAll(snapshot, { env: { PATH: process.env.PATH, HOME: home }, timeoutMs: 30_000 });
    const after = Date.now();
    const run = only(runs);
    expect(run.state).toBe('ok');
    if (run.state !== 'ok') return;
    expect(run.credential.apiVersion).toBe(V1BETA1);
    expect(run.credential.token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]{100,}$/);
    // aws takes its clock during the run, drops the milliseconds and adds 14 minutes.
    const expiry = run.credential.expirationTimestamp ?? 0;
    expect(expiry).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 14 * 60_000);
    expect(expiry).toBeLessThanOrEqual(after + 14 * 60_000);
    const json = reportJson(snapshot, runs);
    expect(json).not.toContain(secretKey);
    expect(json).not.toContain(run.credential.token);
    expect(findingsOf(snapshot, runs, 'exec-credential-expired')).toEqual([]);
    expect(findingsOf(snapshot, runs, 'exec-plugin-failed')).toEqual([]);
  });

  it.each([
    [
      'legacy',
      'sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1',
      'https://example.awsapps.com/start',
      'The SSO session associated with this profile has expired',
    ],
    [
      'modern',
      'sso_session = corp',
      'corp',
      'Error when retrieving token from sso: Token has expired and refresh failed',
    ],
  ])(
    'an expired SSO session (%s profile) is aws-sso-expired, fixed by aws sso login --profile',
    async (profile, lines, cacheKeySource, message) => {
      const home = tempDir('exec');
      mkdirSync(path.join(home, '.aws/sso/cache'), { recursive: true });
      writeFileSync(
        path.join(home, '.aws/config'),
        `[profile ${profile}]\n${lines}\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n\n` +
          '[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n',
      );
      const { createHash } = await import('node:crypto');
      const cacheFile = createHash('sha1').update(cacheKeySource).digest('hex');
      writeFileSync(
        path.join(home, `.aws/sso/cache/${cacheFile}.json`),
        JSON.stringify({
          startUrl: 'https://example.awsapps.com/start',
          region: 'us-east-1',
          accessToken: CANARY,
          expiresAt: '2026-01-01T00:00:00Z',
        }),
      );
      const snapshot = await snapshotOf(home, kubeconfig([eksUser([{ name: 'AWS_PROFILE', value: profile }])]));
      const runs = await runAll(snapshot, { env: { PATH: process.env.PATH, HOME: home }, timeoutMs: 30_000 });
      const run = only(runs);
      expect(run).toMatchObject({ state: 'failed', cause: 'aws-sso-expired' });
      expect(run.state === 'failed' && run.stderrTail).toContain(message);
      const [finding] = findingsOf(snapshot, runs, 'exec-plugin-failed');
      expect(finding && guideSteps(finding.fix)?.[0]?.command).toBe(`aws sso login --profile ${profile}`);
      expect(finding?.detail).toContain(`profile ${profile}`);
      expect(reportJson(snapshot, runs)).not.toContain(CANARY);
    },
  );
});

describe.skipIf(!gkePlugin.resolved)('the real gke-gcloud-auth-plugin (skipped: not on PATH)', () => {
  it('fails without an active gcloud account: gcloud-no-account, fixed by gcloud auth login', async () => {
    const home = tempDir('exec');
    const user: UserEntry = {
      name: 'u',
      exec: {
        apiVersion: V1BETA1,
        command: 'gke-gcloud-auth-plugin',
        provideClusterInfo: true,
        interactiveMode: 'IfAvailable',
      },
    };
    const snapshot = await snapshotOf(home, kubeconfig([user], { 'insecure-skip-tls-verify': true }));
    const env = { PATH: process.env.PATH, HOME: home, CLOUDSDK_CONFIG: path.join(home, 'gcloud') };
    const runs = await runAll(snapshot, { env, timeoutMs: 30_000 });
    const run = only(runs);
    expect(run).toMatchObject({ state: 'failed', exitCode: 1, cause: 'gcloud-no-account' });
    expect(run.state === 'failed' && run.stderrTail).toContain('You do not currently have an active account selected');
    const [finding] = findingsOf(snapshot, runs, 'exec-plugin-failed');
    expect(finding && guideSteps(finding.fix)?.[0]?.command).toBe('gcloud auth login');
  });
});

describe('hostile plugins', () => {
  it('kills a plugin that hangs at the timeout, with the grandchild that holds its pipes', async () => {
    const dir = tempDir('exec');
    const pids = path.join(dir, 'pids.json');
    const snapshot = await snapshotOf(
      dir,
      kubeconfig([{ name: 'u', exec: { command: NODE, args: [plugin('hang.mjs'), pids] } }]),
    );
    const started = Date.now();
    const run = only(await runAll(snapshot, { timeoutMs: 1_500 }));
    expect(Date.now() - started).toBeLessThan(1_500 + 2_500);
    expect(run).toMatchObject({ state: 'failed', timedOut: true, cause: 'timeout', exitCode: null });
    expect(run.state === 'failed' && run.stderrTail).toBe('waiting for something that never comes');
    const { plugin: pluginPid, grandchild } = JSON.parse(readFileSync(pids, 'utf8')) as Record<string, number>;
    expect(await eventually(() => !alive(pluginPid as number) && !alive(grandchild as number))).toBe(true);
  });

  /** The pids the plugin and what it left wrote to `dir`. */
  const pidIn = (dir: string, name: 'plugin' | 'holder') => Number(readFileSync(path.join(dir, `${name}.pid`), 'utf8'));

  /** A fresh directory for the pid files; whatever they name still runs when the test ends is killed (it failed then). */
  function pidDir(): string {
    const dir = tempDir('exec');
    onTestFinished(() => {
      for (const name of ['plugin', 'holder'] as const) {
        const pid = existsSync(path.join(dir, `${name}.pid`)) ? pidIn(dir, name) : 0;
        if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
      }
    });
    return dir;
  }

  const detachedPlugin = (dir: string, how: string, then: 'answer' | 'hang') =>
    kubeconfig([{ name: 'u', exec: { command: NODE, args: [plugin('detach.mjs'), how, dir, then] } }]);

  describe.skipIf(PLATFORM === 'win32')('that leave a process outside their process group', () => {
    it.each([
      ['setsid', 'a child in a new session holding stdout and stderr'],
      ['daemon', 'a double-forked daemon holding stderr'],
      ['quiet-daemon', 'a double-forked daemon holding no pipe'],
    ])('answer at once and leave nothing behind (%s: %s)', async (how) => {
      const dir = pidDir();
      const snapshot = await snapshotOf(dir, detachedPlugin(dir, how, 'answer'));
      const timeoutMs = 20_000;
      const started = Date.now();
      const run = only(await runAll(snapshot, { timeoutMs }));
      const elapsed = Date.now() - started;
      expect(run).toMatchObject({ state: 'ok', credential: { token: 'detached' } });
      // Not the timeout: a stray holder of a pipe gets a short grace after the plugin exits, then loses it.
      expect(elapsed).toBeLessThan(timeoutMs / 2);
      expect(alive(pidIn(dir, 'plugin'))).toBe(false);
      expect(alive(pidIn(dir, 'holder'))).toBe(false);
    });

    it.skipIf(!setsid.resolved)(
      'answer at once when `setsid sleep 300 &` in a subshell that exits at once holds stdout, and leave nothing behind',
      async () => {
        const dir = pidDir();
        const holderPidFile = path.join(dir, 'holder.pid');
        // The subshell is gone within microseconds: only the sleep's environment still ties it to the run.
        const script = `( setsid sleep 300 & echo $! > "$1" ); printf '%s' "$2"`;
        const credential = JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: { token: 'detached' } });
        const args = ['-c', script, 'plugin', holderPidFile, credential];
        const snapshot = await snapshotOf(dir, kubeconfig([{ name: 'u', exec: { command: '/bin/sh', args } }]));
        const timeoutMs = 20_000;
        const started = Date.now();
        const run = only(await runAll(snapshot, { timeoutMs }));
        const elapsed = Date.now() - started;
        expect(run).toMatchObject({ state: 'ok', credential: { token: 'detached' } });
        expect(elapsed).toBeLessThan(timeoutMs / 2);
        expect(alive(pidIn(dir, 'holder'))).toBe(false);
      },
    );

    it.each(['setsid', 'daemon'])('hang and are killed at the timeout with what they left (%s)', async (how) => {
      const dir = pidDir();
      const snapshot = await snapshotOf(dir, detachedPlugin(dir, how, 'hang'));
      const timeoutMs = 1_500;
      const started = Date.now();
      const run = only(await runAll(snapshot, { timeoutMs }));
      const elapsed = Date.now() - started;
      expect(run).toMatchObject({ state: 'failed', timedOut: true, cause: 'timeout', exitCode: null });
      expect(run.state === 'failed' && run.stderrTail).toBe('waiting for something that never comes');
      expect(elapsed).toBeLessThan(timeoutMs + 1_500);
      expect(alive(pidIn(dir, 'plugin'))).toBe(false);
      expect(alive(pidIn(dir, 'holder'))).toBe(false);
    });
  });

  describe.skipIf(PLATFORM === 'win32')("a fix step's login command (keepLeftoversOnExit)", () => {
    const login = (dir: string, then: 'answer' | 'hang', timeoutMs: number) =>
      runProcess({
        file: NODE,
        args: [plugin('detach.mjs'), 'setsid', dir, then],
        env: { PATH: process.env.PATH },
        timeoutMs,
        maxOutputBytes: 64 * 1024,
        keepLeftoversOnExit: true,
      });

    it('leaves what it started running once it exits by itself (the browser a login opened)', async () => {
      const dir = pidDir();
      const result = await login(dir, 'answer', 20_000);
      expect(result).toMatchObject({ exitCode: 0, timedOut: false });
      expect(alive(pidIn(dir, 'plugin'))).toBe(false);
      expect(alive(pidIn(dir, 'holder'))).toBe(true);
    });

    it('still kills the whole tree at the timeout', async () => {
      const dir = pidDir();
      const result = await login(dir, 'hang', 1_500);
      expect(result.timedOut).toBe(true);
      expect(alive(pidIn(dir, 'plugin'))).toBe(false);
      expect(alive(pidIn(dir, 'holder'))).toBe(false);
    });
  });

  it.each(['stdout', 'stderr'])('kills a plugin that floods %s at the output cap', async (stream) => {
    const dir = tempDir('exec');
    const snapshot = await snapshotOf(
      dir,
      kubeconfig([{ name: 'u', exec: { command: NODE, args: [plugin('flood.mjs'), stream] } }]),
    );
    const run = only(await runAll(snapshot, { timeoutMs: 20_000, maxOutputBytes: 256 * 1024 }));
    expect(run).toMatchObject({ state: 'failed', timedOut: false, cause: 'output-too-large' });
    if (run.state !== 'failed') return;
    expect(run.durationMs).toBeLessThan(10_000);
    expect(run.stderrTail.length).toBeLessThanOrEqual(20 * 402);
  });

  it('reports junk on stdout as invalid output', async () => {
    const dir = tempDir('exec');
    const snapshot = await snapshotOf(
      dir,
      kubeconfig([{ name: 'u', exec: { command: NODE, args: [plugin('junk.mjs')] } }]),
    );
    const runs = await runAll(snapshot);
    expect(only(runs)).toMatchObject({
      state: 'invalid-output',
      reason: expect.stringMatching(/not a JSON \(or YAML\) object/),
    });
    const [finding] = findingsOf(snapshot, runs, 'exec-plugin-invalid-output');
    expect(finding?.severity).toBe('error');
    expect(finding?.detail).not.toContain('Welcome');
  });

  it('rejects a credential of another apiVersion than declared, without showing its token', async () => {
    const dir = tempDir('exec');
    writeFileSync(path.join(dir, 'token'), CANARY);
    const args = [plugin('credential.mjs'), '--from', path.join(dir, 'token'), '--api-version', V1BETA1];
    const snapshot = await snapshotOf(dir, kubeconfig([{ name: 'u', exec: { command: NODE, args } }]));
    const runs = await runAll(snapshot);
    const run = only(runs);
    expect(run).toMatchObject({
      state: 'invalid-output',
      reason: expect.stringContaining(
        `exec plugin is configured to use API version ${V1}, plugin returned version ${V1BETA1}`,
      ),
    });
    expect(JSON.stringify(run)).not.toContain(CANARY);
    expect(reportJson(snapshot, runs)).not.toContain(CANARY);
  });

  it('scrubs the token a failing plugin prints on stderr from the run and from every finding', async () => {
    const dir = tempDir('exec');
    const secretFile = path.join(dir, 'secret');
    const jwt = await signJwt({
      iss: 'https://idp.example.com',
      sub: 'jane',
      exp: seconds(Date.now()) + 3600,
      nonce: CANARY,
    });
    for (const secret of [CANARY, jwt]) {
      writeFileSync(secretFile, secret);
      const snapshot = await snapshotOf(
        dir,
        kubeconfig([{ name: 'u', exec: { command: NODE, args: [plugin('fail-with-secret.mjs'), secretFile] } }]),
      );
      const runs = await runAll(snapshot);
      const run = only(runs);
      expect(run).toMatchObject({ state: 'failed', exitCode: 1, cause: 'unknown' });
      if (run.state !== 'failed') return;
      expect(run.stderrTail).toContain('error: the identity provider refused the request');
      expect(run.stderrTail).toContain('Authorization: Bearer [redacted]');
      const json = reportJson(snapshot, runs);
      expect(json).toContain('exec-plugin-failed');
      for (const piece of [secret, secret.slice(0, 12), secret.slice(-12)]) expect(json).not.toContain(piece);
    }
  });

  it('reports a plugin killed by a signal as crashed', async () => {
    const dir = tempDir('exec');
    const snapshot = await snapshotOf(
      dir,
      kubeconfig([{ name: 'u', exec: { command: NODE, args: [plugin('crash.mjs')] } }]),
    );
    expect(only(await runAll(snapshot))).toMatchObject({
      state: 'failed',
      exitCode: null,
      signal: 'SIGKILL',
      cause: 'crashed',
    });
  });

  it('reports an executable that cannot be started as spawn-failed', async () => {
    const dir = tempDir('exec');
    const file = path.join(dir, 'not-executable');
    writeFileSync(file, '#!/bin/sh\necho hi\n');
    chmodSync(file, 0o644);
    const snapshot = await snapshotOf(dir, kubeconfig([{ name: 'u', exec: { command: file } }]));
    // findCommand refuses it (no execute bit); pretend it had been found, as if the mode changed in between.
    const commands = new Map(snapshot.commands);
    commands.set(file, { command: file, resolved: file, via: 'absolute' });
    const run = only(await runAll({ ...snapshot, commands }));
    expect(run).toMatchObject({
      state: 'failed',
      cause: 'spawn-failed',
      stderrTail: expect.stringContaining('EACCES'),
    });
  });
});

describe('client-go protocol', () => {
  it('sets KUBERNETES_EXEC_INFO exactly as kubectl does, with the cluster when provideClusterInfo', async () => {
    const dir = tempDir('exec');
    const ca = createCa({ cn: 'exec-info-ca' });
    writeFileSync(path.join(dir, 'ca.pem'), ca.certPem);
    const info = path.join(dir, 'info.json');
    const token = path.join(dir, 'token');
    writeFileSync(token, 'opaque');
    const user: UserEntry = {
      name: 'u',
      exec: {
        command: NODE,
        args: [plugin('credential.mjs'), '--from', token, '--info', info],
        provideClusterInfo: true,
      },
    };
    const cluster = {
      server: 'https://127.0.0.1:1',
      'certificate-authority': path.join(dir, 'ca.pem'),
      'tls-server-name': 'api.example.test',
      'proxy-url': 'http://127.0.0.1:3',
    };
    const text = kubeconfig([user], cluster);
    const snapshot = await snapshotOf(dir, text);
    expect(only(await runAll(snapshot)).state).toBe('ok');
    const ours = readFileSync(info, 'utf8');
    expect(JSON.parse(ours)).toEqual({
      kind: 'ExecCredential',
      apiVersion: V1,
      spec: {
        cluster: {
          server: 'https://127.0.0.1:1',
          'tls-server-name': 'api.example.test',
          'certificate-authority-data': Buffer.from(ca.certPem).toString('base64'),
          'proxy-url': 'http://127.0.0.1:3',
          config: null,
        },
        interactive: false,
      },
    });
    if (!kubectl.resolved) return;
    rmSync(info);
    await promisify(execFile)(kubectl.resolved, ['get', '--raw', '/', '--request-timeout=3s'], {
      env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: path.join(dir, 'config') },
    }).catch(() => undefined);
    expect(readFileSync(info, 'utf8')).toBe(ours);
  });

  it('leaves the cluster out without provideClusterInfo', async () => {
    const dir = tempDir('exec');
    const info = path.join(dir, 'info.json');
    writeFileSync(path.join(dir, 'token'), 'opaque');
    const args = [
      plugin('credential.mjs'),
      '--from',
      path.join(dir, 'token'),
      '--info',
      info,
      '--api-version',
      V1BETA1,
    ];
    const snapshot = await snapshotOf(
      dir,
      kubeconfig([{ name: 'u', exec: { command: NODE, args, apiVersion: V1BETA1 } }]),
    );
    expect(only(await runAll(snapshot)).state).toBe('ok');
    expect(readFileSync(info, 'utf8')).toBe(
      `{"kind":"ExecCredential","apiVersion":"${V1BETA1}","spec":{"interactive":false}}\n`,
    );
  });

  it("puts the entry's env on top of the process env", async () => {
    const dir = tempDir('exec');
    const dump = path.join(dir, 'env.json');
    writeFileSync(path.join(dir, 'token'), 'opaque');
    const args = [
      plugin('credential.mjs'),
      '--from',
      path.join(dir, 'token'),
      '--env-dump',
      dump,
      '--env-names',
      'FROM_PROCESS,OVERRIDDEN,ONLY_ENTRY',
    ];
    const env = [
      { name: 'OVERRIDDEN', value: 'entry' },
      { name: 'ONLY_ENTRY', value: 'yes' },
    ];
    const snapshot = await snapshotOf(dir, kubeconfig([{ name: 'u', exec: { command: NODE, args, env } }]));
    await runAll(snapshot, { env: { FROM_PROCESS: 'process', OVERRIDDEN: 'process' } });
    expect(JSON.parse(readFileSync(dump, 'utf8'))).toEqual({
      FROM_PROCESS: 'process',
      OVERRIDDEN: 'entry',
      ONLY_ENTRY: 'yes',
    });
  });
});

describe('cache, trust and scheduling', () => {
  function logLines(file: string): string[] {
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
  }

  async function jwtPlugin(dir: string, expiresInMs: number, extra: Partial<ExecEntry> = {}) {
    const expires = Date.now() + expiresInMs;
    const jwt = await signJwt({ iss: 'https://idp.example.com', sub: 'jane', exp: seconds(expires) });
    writeFileSync(path.join(dir, 'token'), jwt);
    const log = path.join(dir, 'runs.log');
    const args = [
      plugin('credential.mjs'),
      '--from',
      path.join(dir, 'token'),
      '--expires',
      new Date(expires).toISOString(),
      '--log',
      log,
    ];
    const snapshot = await snapshotOf(dir, kubeconfig([{ name: 'u', exec: { command: NODE, args, ...extra } }]));
    return { snapshot, log, jwt, expires };
  }

  it('reuses a credential until its expirationTimestamp, like client-go', async () => {
    const dir = tempDir('exec');
    const { snapshot, log, jwt, expires } = await jwtPlugin(dir, 3_600_000);
    const cache = new ExecCredentialCache();
    const first = only(await runAll(snapshot, { cache }));
    expect(first).toMatchObject({
      state: 'ok',
      cached: false,
      credential: { token: jwt, expirationTimestamp: expires },
    });
    const second = only(await runAll(snapshot, { cache }));
    expect(second).toMatchObject({ state: 'ok', cached: true, credential: { token: jwt } });
    expect(logLines(log).filter((l) => l.startsWith('start'))).toHaveLength(1);
    // Past the expiry, the plugin runs again.
    const later = only(await runAll(snapshot, { cache, now: () => expires + 1_000 }));
    expect(later).toMatchObject({ state: 'ok', cached: false });
    expect(logLines(log).filter((l) => l.startsWith('start'))).toHaveLength(2);
  });

  it('flags an already-expired credential and does not serve it from the cache', async () => {
    const dir = tempDir('exec');
    const { snapshot, log, jwt } = await jwtPlugin(dir, -5 * 60_000);
    const cache = new ExecCredentialCache();
    const runs = await runAll(snapshot, { cache });
    const [finding] = findingsOf(snapshot, runs, 'exec-credential-expired');
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence.iss).toBe('https://idp.example.com');
    expect(reportJson(snapshot, runs)).not.toContain(jwt);
    await runAll(snapshot, { cache });
    expect(logLines(log).filter((l) => l.startsWith('start'))).toHaveLength(2);
  });

  it('never runs interactiveMode: Always, nor a plugin a static token shadows, nor a missing one', async () => {
    const dir = tempDir('exec');
    const log = path.join(dir, 'runs.log');
    const args = [plugin('credential.mjs'), '--log', log];
    const snapshot = await snapshotOf(
      dir,
      kubeconfig([
        { name: 'always', exec: { command: NODE, args, interactiveMode: 'Always' } },
        { name: 'shadowed', token: 'static-token', exec: { command: NODE, args } },
        { name: 'missing', exec: { command: 'kubeward-no-such-plugin' } },
      ]),
    );
    const runs = await runAll(snapshot);
    expect(Object.fromEntries(runs)).toEqual({
      always: { state: 'skipped', reason: 'interactive' },
      shadowed: { state: 'skipped', reason: 'shadowed' },
      missing: { state: 'skipped', reason: 'missing' },
    });
    expect(existsSync(log)).toBe(false);
  });

  it('desktop: runs only approved plugins, and backs off after a failure with the last failure reported', async () => {
    const dir = tempDir('exec');
    const secretFile = path.join(dir, 'secret');
    writeFileSync(secretFile, CANARY);
    const exec = { command: NODE, args: [plugin('fail-with-secret.mjs'), secretFile] };
    const snapshot = await snapshotOf(dir, kubeconfig([{ name: 'u', exec }]));
    const approved = new Set<string>();
    let clock = Date.parse('2026-11-28T12:00:00Z');
    const fingerprint = pluginFingerprint(randomBytes(32));
    const policy = new DesktopExecPolicy({ approved: () => approved, fingerprint, now: () => clock });
    const runs1 = await runAll(snapshot, { policy });
    expect(only(runs1)).toEqual({ state: 'skipped', reason: 'untrusted' });
    expect(findingsOf(snapshot, runs1, 'exec-plugin-untrusted')).toHaveLength(1);

    approved.add(fingerprint({ command: NODE, args: exec.args }));
    const failed = only(await runAll(snapshot, { policy }));
    expect(failed).toMatchObject({ state: 'failed', exitCode: 1 });
    clock += 30_000;
    const backedOff = only(await runAll(snapshot, { policy }));
    expect(backedOff).toEqual({ ...failed, retryAt: Date.parse('2026-11-28T12:01:00Z') });
    expect(findingsOf(snapshot, new Map([['u', backedOff]]), 'exec-plugin-failed')[0]?.evidence.retryAt).toBe(
      '2026-11-28T12:01:00.000Z',
    );
    clock += 31_000;
    const retried = only(await runAll(snapshot, { policy }));
    expect(retried.state === 'failed' && retried.retryAt).toBe(undefined);
  });

  it('runs at most `concurrency` plugins at once, and one run for users sharing an entry', async () => {
    const dir = tempDir('exec');
    writeFileSync(path.join(dir, 'token'), 'opaque');
    const log = path.join(dir, 'runs.log');
    const users: UserEntry[] = Array.from({ length: 6 }, (_, i) => ({
      name: `u${i}`,
      exec: {
        command: NODE,
        args: [
          plugin('credential.mjs'),
          '--from',
          path.join(dir, 'token'),
          '--log',
          log,
          '--sleep',
          '400',
          '--n',
          String(i),
        ],
      },
    }));
    users.push({ name: 'twin', exec: users[0]?.exec as ExecEntry });
    const runs = await runAll(await snapshotOf(dir, kubeconfig(users)), { concurrency: 2 });
    expect([...runs.values()].every((r) => r.state === 'ok')).toBe(true);
    expect(runs.size).toBe(7);
    let running = 0;
    let peak = 0;
    const events = logLines(log).map((l) => l.split(' ') as [string, string]);
    events.sort((a, b) => Number(a[1]) - Number(b[1]) || (a[0] === 'end' ? -1 : 1));
    for (const [kind] of events) {
      running += kind === 'start' ? 1 : -1;
      peak = Math.max(peak, running);
    }
    expect(events.filter(([kind]) => kind === 'start')).toHaveLength(6);
    expect(peak).toBe(2);
  });
});
