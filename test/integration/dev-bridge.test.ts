/**
 * The dev bridge and the desktop core behind it, over real HTTP on loopback: who may
 * call it, what bad requests get, and what the API does with real files: settings
 * saved and applied (probes off per cluster), exec plugins listed without their
 * secrets and run once approved, events streamed, start-at-login written.
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevBridge, type DevBridge } from '../../electron/dev-bridge/server';
import type { Report } from '../../shared/findings';
import type { WindowReport } from '../../shared/ipc';
import { RULE_BY_ID } from '../../shared/rules';
import { DEFAULT_SETTINGS, type ExecPluginEntry, type Settings } from '../../shared/settings';
import { hostWith } from '../support/host';
import { tempDir } from '../support/temp';
import { closedPort } from '../support/ports';

const PLUGIN = fileURLToPath(new URL('../fixtures/plugins/credential.mjs', import.meta.url));
const RENDERER = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const CLIENT_SECRET = 'oidcS3cretV4lue9876abcXYZ';

const bridges: DevBridge[] = [];

afterEach(async () => {
  await Promise.all(bridges.splice(0).map((b) => b.close()));
});

interface Setup {
  dir: string;
  settingsPath: string;
  runLog: string;
  bridge: DevBridge;
  logs: string[];
}

/** The exec plugin of the kubeconfig setup() writes into `dir`. */
function pluginArgs(dir: string): string[] {
  const [token, runLog] = [path.join(dir, 'token'), path.join(dir, 'runs.log')];
  return [PLUGIN, '--from', token, '--log', runLog, `--oidc-client-secret=${CLIENT_SECRET}`];
}

async function setup(
  options: { offline?: boolean; settings?: string | ((dir: string) => string) } = {},
): Promise<Setup> {
  const dir = tempDir('bridge');
  const token = path.join(dir, 'token');
  writeFileSync(token, 'plugin-token-value-0123456789');
  const runLog = path.join(dir, 'runs.log');
  const port = await closedPort();
  const kubeconfig = path.join(dir, 'config');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
- {name: edge, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}
users:
- name: oidc
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${JSON.stringify(process.execPath)}
      args: ${JSON.stringify(pluginArgs(dir))}
      interactiveMode: Never
contexts:
- {name: edge, context: {cluster: edge, user: oidc}}
current-context: edge
`,
    { mode: 0o600 },
  );
  const settingsPath = path.join(dir, 'kubeward', 'settings.json');
  if (options.settings !== undefined) {
    mkdirSync(path.dirname(settingsPath), { recursive: true });
    writeFileSync(settingsPath, typeof options.settings === 'string' ? options.settings : options.settings(dir));
  }
  const logs: string[] = [];
  const bridge = await startDevBridge({
    kubeconfig,
    host: hostWith(dir, { PATH: process.env.PATH ?? '', XDG_CONFIG_HOME: path.join(dir, 'xdg') }),
    statePath: path.join(dir, 'kubeward', 'state.json'),
    settingsPath,
    rendererDir: RENDERER,
    offline: options.offline ?? false,
    timeoutMs: 3000,
    log: (line) => logs.push(line),
  });
  bridges.push(bridge);
  return { dir, settingsPath, runLog, bridge, logs };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(
  bridge: DevBridge,
  pathname: string,
  init: { method?: string; token?: string | null; body?: string; host?: string } = {},
): Promise<Answer> {
  const url = new URL(bridge.url);
  const token = init.token === undefined ? url.searchParams.get('token') : init.token;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: pathname,
        method: init.method ?? 'POST',
        headers: {
          host: init.host ?? url.host,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          'content-type': 'application/json',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body ?? '');
  });
}

async function call<T>(bridge: DevBridge, channel: string, payload?: unknown): Promise<T> {
  const answer = await http(bridge, `/api/${channel}`, {
    body: payload === undefined ? '' : JSON.stringify(payload),
  });
  if (answer.status !== 200) throw new Error(`${channel}: ${answer.status} ${answer.body}`);
  return (answer.body ? JSON.parse(answer.body) : undefined) as T;
}

function rules(report: Report | null): string[] {
  return (report?.contexts ?? []).flatMap((c) => c.findings.map((f) => f.rule));
}

function runs(runLog: string): number {
  return existsSync(runLog)
    ? readFileSync(runLog, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('start')).length
    : 0;
}

describe('dev bridge: who may call it', () => {
  it('answers only with the per-start token, on its own Host, and bad requests in one line', async () => {
    const { bridge } = await setup({ offline: true });
    expect((await http(bridge, '/api/app:version', { token: null })).status).toBe(401);
    expect((await http(bridge, '/api/app:version', { token: 'x'.repeat(43) })).status).toBe(401);
    expect((await http(bridge, '/api/events', { method: 'GET', token: null })).status).toBe(401);
    // DNS rebinding: another name for 127.0.0.1 is not this page.
    const rebound = await http(bridge, '/api/app:version', { host: 'evil.example' });
    expect(rebound.status).toBe(421);
    expect((await http(bridge, '/', { method: 'GET', host: `localhost:${new URL(bridge.url).port}` })).status).toBe(
      421,
    );
    expect((await http(bridge, '/api/app:version', { method: 'GET' })).status).toBe(405);
    expect((await http(bridge, '/api/shell:exec')).status).toBe(404);

    const bad = await http(bridge, '/api/finding:snooze', {
      body: JSON.stringify({ rule: 'token-expired', for: 'ever' }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'for: one of 1h, 1d, credential' });
    const unknownRule = await http(bridge, '/api/finding:snooze', { body: JSON.stringify({ rule: 'x', for: '1h' }) });
    expect(unknownRule.status).toBe(400);
    expect(JSON.parse(unknownRule.body)).toEqual({ error: 'rule: not a rule id' });
    expect((await http(bridge, '/api/check:now', { body: '{not json' })).status).toBe(400);
    expect((await http(bridge, '/api/settings:set', { body: 'x'.repeat(70 * 1024) })).status).toBe(413);
    await expect(call(bridge, 'app:version')).resolves.toBe('dev-bridge');
  });

  it('serves the built renderer, nothing outside it, with the CSP opened to its own origin only', async () => {
    const { bridge } = await setup({ offline: true });
    const index = await http(bridge, '/', { method: 'GET', token: null });
    expect(index.status).toBe(200);
    expect(index.body).toContain("connect-src 'self'");
    expect(index.body).not.toContain("connect-src 'none'");
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const escape of ['/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fpackage.json']) {
      const answer = await http(bridge, escape, { method: 'GET', token: null });
      expect(answer.status, escape).toBe(404);
      expect(answer.body).not.toContain('"name": "kubeward"');
    }
  });

  it('answers a malformed URL with 400 in one line, not 500', async () => {
    const { bridge } = await setup({ offline: true });
    for (const malformed of ['/%zz', '/assets/%E0%A4%A']) {
      const answer = await http(bridge, malformed, { method: 'GET', token: null });
      expect(answer.status, malformed).toBe(400);
      expect(JSON.parse(answer.body), malformed).toEqual({ error: 'malformed URL: bad percent-encoding' });
    }
  });
});

describe('dev bridge: the desktop core behind it', () => {
  it('lists exec plugins without their secrets, runs one only once approved, and saves the approval', async () => {
    const { bridge, runLog, settingsPath } = await setup();
    const first = await call<WindowReport>(bridge, 'report:get');
    expect(rules(first)).toContain('exec-plugin-untrusted');
    // The window learns why from the report: the background text of each rule it names.
    expect(Object.keys(first.explanations).sort()).toEqual([...new Set(rules(first))].sort());
    expect(first.explanations['exec-plugin-untrusted']).toBe(RULE_BY_ID['exec-plugin-untrusted'].meta.explanation);
    expect(runs(runLog)).toBe(0);

    const plugins = await call<ExecPluginEntry[]>(bridge, 'plugins:list');
    expect(plugins).toHaveLength(1);
    const [plugin] = plugins;
    expect(plugin).toMatchObject({ command: process.execPath, users: ['oidc'], approved: false });
    expect(plugin?.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(plugins)).not.toContain(CLIENT_SECRET);

    const approved = await call<ExecPluginEntry[]>(bridge, 'plugins:approve', { key: plugin?.key, approved: true });
    expect(approved[0]?.approved).toBe(true);
    const report = await call<Report>(bridge, 'check:now');
    expect(runs(runLog)).toBeGreaterThanOrEqual(1);
    expect(rules(report)).not.toContain('exec-plugin-untrusted');
    // The plugin's token went to the (closed) server on this computer: the probe says it is not running.
    expect(rules(report)).toContain('cluster-not-running');
    const saved = readFileSync(settingsPath, 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ approvedPlugins: [plugin?.key] });
    expect(saved).not.toContain(CLIENT_SECRET);
  });

  it("keys plugin approvals with the install's own key, kept beside the settings and never shown; unkeyed ones are dropped", async () => {
    // An approval as earlier versions saved it: a plain SHA-256 of command and arguments, which anyone
    // holding settings.json could match against guessed client secrets.
    const unkeyed = (dir: string) =>
      createHash('sha256')
        .update(JSON.stringify([process.execPath, ...pluginArgs(dir)]))
        .digest('base64url');
    let dir = '';
    const { bridge, runLog, settingsPath, logs } = await setup({
      settings: (d) => {
        dir = d;
        return JSON.stringify({ ...DEFAULT_SETTINGS, approvedPlugins: [unkeyed(d)] });
      },
    });
    expect(logs).toContain(
      "plugin approvals: 1 made without this install's approval key removed; approve them again in Settings",
    );
    expect(JSON.parse(readFileSync(settingsPath, 'utf8'))).toMatchObject({ approvedPlugins: [] });
    const keyFile = path.join(path.dirname(settingsPath), 'approval.key');
    const key = readFileSync(keyFile);
    expect(key).toHaveLength(32);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const [plugin] = await call<ExecPluginEntry[]>(bridge, 'plugins:list');
    const keyed = createHmac('sha256', key)
      .update(JSON.stringify([process.execPath, ...pluginArgs(dir)]))
      .digest('base64url');
    expect(plugin).toMatchObject({ key: keyed, approved: false });
    expect(keyed).not.toBe(unkeyed(dir));
    expect(rules(await call<Report>(bridge, 'check:now'))).toContain('exec-plugin-untrusted');
    expect(runs(runLog)).toBe(0);
    await call(bridge, 'plugins:approve', { key: keyed, approved: true });
    const shown = JSON.stringify([
      await call<Settings>(bridge, 'settings:get'),
      await call<ExecPluginEntry[]>(bridge, 'plugins:list'),
      readFileSync(settingsPath, 'utf8'),
    ]);
    for (const encoding of ['hex', 'base64', 'base64url'] as const) expect(shown).not.toContain(key.toString(encoding));
  });

  it('saves settings atomically and applies them: a cluster with probes off is not probed', async () => {
    const { bridge, settingsPath } = await setup();
    const defaults = await call<Settings>(bridge, 'settings:get');
    const [plugin] = await call<ExecPluginEntry[]>(bridge, 'plugins:list');
    await call(bridge, 'plugins:approve', { key: plugin?.key, approved: true });
    expect(rules(await call<Report>(bridge, 'check:now'))).toContain('cluster-not-running');

    const next = {
      ...(await call<Settings>(bridge, 'settings:get')),
      probesOff: ['edge'],
      leadTimesMinutes: [60, 7 * 1440],
    };
    const saved = await call<Settings>(bridge, 'settings:set', next);
    // Largest first, as the alert policy wants them.
    expect(saved.leadTimesMinutes).toEqual([7 * 1440, 60]);
    expect(JSON.parse(readFileSync(settingsPath, 'utf8'))).toEqual(saved);
    expect(rules(await call<Report>(bridge, 'check:now'))).not.toContain('cluster-not-running');

    const badSchedule = await http(bridge, '/api/settings:set', {
      body: JSON.stringify({ ...saved, schedule: 'often' }),
    });
    expect(badSchedule.status).toBe(400);
    expect(JSON.parse(badSchedule.body).error).toContain('is not a cron expression');
    expect(JSON.parse(readFileSync(settingsPath, 'utf8'))).toEqual(saved);
    expect(defaults.probesOff).toEqual([]);
  });

  it('starts from the defaults, and says so, when the settings file is corrupt', async () => {
    const { bridge, logs } = await setup({ offline: true, settings: '{"version": 1, "schedule": ' });
    expect((await call<Settings>(bridge, 'settings:get')).schedule).toBe('*/15 * * * *');
    expect(logs.some((line) => line.includes('is not valid JSON; using the defaults'))).toBe(true);
  });

  it('streams report:changed after each check, and writes the start-at-login entry', async () => {
    const { bridge, dir } = await setup({ offline: true });
    const url = new URL(bridge.url);
    const events: string[] = [];
    const stream = await new Promise<IncomingMessage>((resolve, reject) => {
      request({
        host: '127.0.0.1',
        port: url.port,
        path: `/api/events?token=${url.searchParams.get('token')}`,
        headers: { host: url.host },
      })
        .on('response', resolve)
        .on('error', reject)
        .end();
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => events.push(chunk));
    await call(bridge, 'check:now');
    await expect.poll(() => events.join('')).toContain('event: report:changed\n');
    stream.destroy();

    const desktopFile = path.join(dir, 'xdg', 'autostart', 'kubeward.desktop');
    expect(await call(bridge, 'login-item:get')).toBe(false);
    expect(await call(bridge, 'login-item:set', { enabled: true })).toBe(true);
    expect(readFileSync(desktopFile, 'utf8')).toContain('[Desktop Entry]');
    expect(await call(bridge, 'login-item:set', { enabled: false })).toBe(false);
    expect(existsSync(desktopFile)).toBe(false);
  });

  it('answers a fix step kubeward cannot run, and a verify, from its own latest report', async () => {
    const { bridge } = await setup();
    const run = await call<{ ok: boolean; message: string }>(bridge, 'fix:run', {
      context: 'edge',
      rule: 'token-expired',
      step: 0,
    });
    expect(run).toEqual({
      ok: false,
      message: 'no finding token-expired for context edge in the last check; check again',
    });
    const verification = await call<{ fixed: boolean }>(bridge, 'fix:verify', {
      context: 'edge',
      rule: 'exec-plugin-untrusted',
    });
    expect(verification.fixed).toBe(false);
  });
});
