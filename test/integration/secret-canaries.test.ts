/**
 * Secrets never leave: canary secrets planted in a real kubeconfig (a token, a client key, a
 * basic-auth password, a plugin's client secret in both argument forms, secret env values, a
 * password in a server URL and in a proxy-url), real plugins that echo what they were given, real
 * closed ports for the probes; then every output is searched for them: `check` (text, --json,
 * --debug), `watch` (text, --json), `fix`, the state and settings files, and every dev bridge answer.
 * What is not secret stays readable: the AWS profile name, the server's host and port.
 */
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { startDevBridge, type DevBridge } from '../../electron/dev-bridge/server';
import type { Report } from '../../shared/findings';
import type { ExecPluginEntry, Settings } from '../../shared/settings';
import { selfSigned, toData } from '../fixtures/pki';
import { CLI, runKubeward } from '../support/cli';
import { hostWith } from '../support/host';
import { tempDir } from '../support/temp';
import { closedPort } from '../support/ports';

const PLUGIN = fileURLToPath(new URL('../fixtures/plugins/echo-secrets.mjs', import.meta.url));
const RENDERER = fileURLToPath(new URL('../../out/renderer', import.meta.url));

const CANARY = {
  token: 'kwCanaryToken4Hq2Lm9x',
  basicPassword: 'kwCanaryBasic7Pw3Zt',
  argEquals: 'kwCanaryArgEq5Sc8Vb',
  argSeparate: 'kwCanaryArgSp2Sc6Nd',
  envSecret: 'kwCanaryEnvTok9Rw1Qe',
  serverPassword: 'kwCanaryServerPw3Xk',
  proxyPassword: 'kwCanaryProxyPw8Jy',
};
const PROFILE = 'kw-shop-profile';
const client = selfSigned({ cn: 'canary-user' });
/** A slice from the middle of the key's base64: any piece of the key that leaks contains it. */
const KEY_PIECE = toData(client.keyPem).slice(200, 240);
const ALL_CANARIES = [...Object.values(CANARY), KEY_PIECE];

interface Planted {
  dir: string;
  config: string;
  serverPort: number;
  proxyPort: number;
}

async function plant(): Promise<Planted> {
  const dir = tempDir('canary');
  const [serverPort, proxyPort] = [await closedPort(), await closedPort()];
  const node = JSON.stringify(process.execPath);
  const plugin = JSON.stringify(PLUGIN);
  const config = path.join(dir, 'config');
  writeFileSync(
    config,
    `apiVersion: v1
kind: Config
clusters:
- name: edge
  cluster: {server: "https://kwuser:${CANARY.serverPassword}@127.0.0.1:${serverPort}", insecure-skip-tls-verify: true}
- name: behind-proxy
  cluster:
    server: "https://kube.invalid:6443"
    proxy-url: "http://kwproxy:${CANARY.proxyPassword}@127.0.0.1:${proxyPort}"
    insecure-skip-tls-verify: true
users:
- {name: token-user, user: {token: ${CANARY.token}}}
- {name: cert-user, user: {client-certificate-data: ${toData(client.certPem)}, client-key-data: ${toData(client.keyPem)}}}
- {name: basic-user, user: {username: admin, password: ${CANARY.basicPassword}}}
- name: plugin-equals
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${node}
      args: [${plugin}, --client-secret=${CANARY.argEquals}]
      env:
      - {name: KW_ECHO_ENV, value: "API_TOKEN,AWS_PROFILE"}
      - {name: API_TOKEN, value: ${CANARY.envSecret}}
      - {name: AWS_PROFILE, value: ${PROFILE}}
      provideClusterInfo: true
      interactiveMode: Never
- name: plugin-separate
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${node}
      args: [${plugin}, --client-secret, ${CANARY.argSeparate}]
      interactiveMode: Never
contexts:
- {name: edge-token, context: {cluster: edge, user: token-user}}
- {name: edge-cert, context: {cluster: edge, user: cert-user}}
- {name: edge-basic, context: {cluster: edge, user: basic-user}}
- {name: edge-plugin, context: {cluster: edge, user: plugin-equals}}
- {name: proxy-plugin, context: {cluster: behind-proxy, user: plugin-separate}}
- {name: proxy-token, context: {cluster: behind-proxy, user: token-user}}
current-context: edge-token
`,
  );
  // Group-readable: a kubeconfig-permissions finding, so `fix` has a step it runs itself.
  chmodSync(config, 0o640);
  return { dir, config, serverPort, proxyPort };
}

function expectNoCanary(label: string, text: string): void {
  for (const canary of ALL_CANARIES) expect(text, `${label} shows ${canary}`).not.toContain(canary);
}

const bridges: DevBridge[] = [];
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((b) => b.close()));
});

/** `kubeward watch` until its first check line, then SIGTERM; its output and the state file it wrote. */
async function watchOnce(planted: Planted, json: boolean): Promise<{ stdout: string; stderr: string; state: string }> {
  const state = path.join(planted.dir, `state-${json ? 'json' : 'text'}.json`);
  const args = [CLI, 'watch', '--kubeconfig', planted.config, '--state', state, '--timeout', '3', '--debug'];
  const child = spawn(process.execPath, json ? [...args, '--json'] : args, {
    env: { PATH: process.env.PATH, HOME: planted.dir, TMPDIR: process.env.TMPDIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const checkLine = json ? /"type":"check"/ : /^check /m;
  try {
    const deadline = Date.now() + 20_000;
    while (!checkLine.test(stdout)) {
      if (Date.now() > deadline) throw new Error(`no check line; stderr: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return { stdout, stderr, state: readFileSync(state, 'utf8') };
}

describe('canary secrets in a kubeconfig', () => {
  it('appear in no output of check (text, --json, --debug), while the profile and the server address do', async () => {
    const planted = await plant();
    const env = { HOME: planted.dir };
    const base = ['check', '--kubeconfig', planted.config, '--timeout', '3'];
    const text = runKubeward(base, env);
    const json = runKubeward([...base, '--json'], env);
    const debug = runKubeward([...base, '--debug'], env);
    for (const [label, run] of [
      ['check', text],
      ['check --json', json],
      ['check --debug', debug],
    ] as const) {
      expect(run.code, `${label}: ${run.stderr}`).toBe(1);
      expectNoCanary(`${label} stdout`, run.stdout);
      expectNoCanary(`${label} stderr`, run.stderr);
    }
    const report = JSON.parse(json.stdout) as Report;
    const byName = new Map(report.contexts.map((c) => [c.name, c]));
    // The server without its user and password (the only change --json sees for such a URL).
    expect(byName.get('edge-token')?.server).toBe(`https://127.0.0.1:${planted.serverPort}`);
    expect(text.stdout).toContain(`https://127.0.0.1:${planted.serverPort}`);
    const failed = (name: string) =>
      byName.get(name)?.findings.find((f) => f.rule === 'exec-plugin-failed')?.evidence.stderrTail;
    // Both plugins ran, failed and echoed everything: the secrets are gone, the rest reads as printed.
    expect(failed('edge-plugin')).toContain(`DEBUG env AWS_PROFILE=${PROFILE}`);
    expect(failed('edge-plugin')).toContain('DEBUG argv: --client-secret=[redacted]');
    expect(failed('edge-plugin')).toContain('DEBUG env API_TOKEN=[redacted]');
    expect(failed('proxy-plugin')).toContain('DEBUG argv: --client-secret [redacted]');
    expect(byName.get('edge-plugin')?.findings.find((f) => f.rule === 'exec-plugin-failed')?.evidence.args).toEqual([
      PLUGIN,
      '--client-secret=[redacted]',
    ]);
    const unreachable = byName.get('proxy-token')?.findings.find((f) => f.rule === 'server-unreachable');
    expect(unreachable?.evidence.proxy).toBe(`http://127.0.0.1:${planted.proxyPort}`);
  });

  it('appear in no line of watch (text and --json) and not in the state file it writes', async () => {
    const planted = await plant();
    for (const json of [false, true]) {
      const { stdout, stderr, state } = await watchOnce(planted, json);
      expect(stdout).toMatch(/server-unreachable|alert/);
      expectNoCanary(`watch${json ? ' --json' : ''} stdout`, stdout);
      expectNoCanary(`watch${json ? ' --json' : ''} stderr`, stderr);
      expectNoCanary('state file', state);
    }
  });

  it('appear nowhere in fix output, whether the fix runs or only prints its steps', async () => {
    const planted = await plant();
    const env = { HOME: planted.dir };
    const chmod = runKubeward(['fix', 'kubeconfig-permissions', '--yes', '--kubeconfig', planted.config], env);
    expect(chmod.code, chmod.stderr).toBe(0);
    const steps = [
      // The edge server's port is closed: a stopped local cluster, whose steps name its address.
      ['cluster-not-running', 'edge-token'],
      ['exec-plugin-failed', 'edge-plugin'],
    ].map(([guide = '', context = '']) =>
      runKubeward(['fix', guide, '--context', context, '--kubeconfig', planted.config, '--timeout', '3'], env),
    );
    for (const run of [chmod, ...steps]) {
      expectNoCanary('fix stdout', run.stdout);
      expectNoCanary('fix stderr', run.stderr);
    }
    expect(steps.map((run) => run.stdout).join('')).toContain(`that serves 127.0.0.1:${planted.serverPort}`);
  });

  it('appear in no dev bridge answer, and not in the settings and state files it writes', async () => {
    const planted = await plant();
    const settingsPath = path.join(planted.dir, 'kubeward', 'settings.json');
    const statePath = path.join(planted.dir, 'kubeward', 'state.json');
    const bridge = await startDevBridge({
      kubeconfig: planted.config,
      host: hostWith(planted.dir, { PATH: process.env.PATH ?? '', XDG_CONFIG_HOME: path.join(planted.dir, 'xdg') }),
      statePath,
      settingsPath,
      rendererDir: RENDERER,
      offline: false,
      timeoutMs: 3000,
      log: () => undefined,
    });
    bridges.push(bridge);
    const answers: string[] = [];
    const url = new URL(bridge.url);
    const call = async <T>(channel: string, payload?: unknown): Promise<T> => {
      const response = await fetch(new URL(`/api/${channel}`, url), {
        method: 'POST',
        headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}`, 'content-type': 'application/json' },
        body: payload === undefined ? '' : JSON.stringify(payload),
      });
      const body = await response.text();
      answers.push(`${channel} ${response.status} ${body}`);
      return (body ? JSON.parse(body) : undefined) as T;
    };

    await call('report:get');
    const plugins = await call<ExecPluginEntry[]>('plugins:list');
    expect(plugins.map((p) => p.args)).toEqual(
      expect.arrayContaining([
        [PLUGIN, '--client-secret=[redacted]'],
        [PLUGIN, '--client-secret', '[redacted]'],
      ]),
    );
    for (const plugin of plugins) await call('plugins:approve', { key: plugin.key, approved: true });
    const report = await call<Report>('check:now');
    const rules = report.contexts.flatMap((c) => c.findings.map((f) => `${c.name} ${f.rule}`));
    expect(rules).toContain('edge-plugin exec-plugin-failed');
    await call('settings:set', await call<Settings>('settings:get'));
    await call('app:version');
    for (const context of report.contexts) {
      const [first] = context.findings;
      if (first) await call('fix:verify', { context: context.name, rule: first.rule });
    }
    const permissions = report.findings.find((f) => f.rule === 'kubeconfig-permissions');
    const chmodStep = permissions?.fix.steps.findIndex((step) => step.action !== undefined) ?? -1;
    expect(chmodStep).toBeGreaterThanOrEqual(0);
    expect(await call('fix:run', { rule: 'kubeconfig-permissions', step: chmodStep })).toMatchObject({ ok: true });

    expectNoCanary('dev bridge answers', answers.join('\n'));
    expectNoCanary('settings file', readFileSync(settingsPath, 'utf8'));
    expectNoCanary('state file', readFileSync(statePath, 'utf8'));
  });
});
