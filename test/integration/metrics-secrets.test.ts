/**
 * No secret reaches the metrics: canary secrets in a token, a client key, a plugin's arguments and
 * env, and the userinfo of a server URL and of the Pushgateway URL, with a real plugin that echoes
 * what it was given and real closed ports for the probes; then the OpenMetrics output, what the
 * Pushgateway holds and what `watch --metrics-listen` serves are searched for them.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { selfSigned, toData } from '../fixtures/pki';
import { CLI, runKubeward } from '../support/cli';
import { closedPort } from '../support/ports';
import { startPushgateway } from '../support/prometheus';
import { tempDir } from '../support/temp';

const PLUGIN = fileURLToPath(new URL('../fixtures/plugins/echo-secrets.mjs', import.meta.url));
const CANARY = {
  token: 'kwMetricsToken8Fd2',
  argument: 'kwMetricsArg3Vn7',
  env: 'kwMetricsEnv5Qp1',
  serverPassword: 'kwMetricsServerPw4',
  pushPassword: 'kwMetricsPushPw6',
};
const client = selfSigned({ cn: 'canary-user' });
const KEY_PIECE = toData(client.keyPem).slice(200, 240);
const ALL = [...Object.values(CANARY), KEY_PIECE];

function expectNoCanary(label: string, text: string): void {
  for (const canary of ALL) expect(text, `${label} shows ${canary}`).not.toContain(canary);
}

async function plant(): Promise<{ dir: string; config: string }> {
  const dir = tempDir('metrics-canary');
  const config = path.join(dir, 'config');
  writeFileSync(
    config,
    `apiVersion: v1
kind: Config
clusters:
- name: edge
  cluster: {server: "https://kwuser:${CANARY.serverPassword}@127.0.0.1:${await closedPort()}", insecure-skip-tls-verify: true}
users:
- {name: token-user, user: {token: ${CANARY.token}}}
- {name: cert-user, user: {client-certificate-data: ${toData(client.certPem)}, client-key-data: ${toData(client.keyPem)}}}
- name: plugin-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(PLUGIN)}, --client-secret=${CANARY.argument}]
      env:
      - {name: KW_ECHO_ENV, value: API_TOKEN}
      - {name: API_TOKEN, value: ${CANARY.env}}
      provideClusterInfo: true
      interactiveMode: Never
contexts:
- {name: edge-token, context: {cluster: edge, user: token-user}}
- {name: edge-cert, context: {cluster: edge, user: cert-user}}
- {name: edge-plugin, context: {cluster: edge, user: plugin-user}}
current-context: edge-token
`,
    { mode: 0o600 },
  );
  return { dir, config };
}

describe('metrics and secrets', () => {
  it('check --output openmetrics --push and watch --metrics-listen show none of the canaries', async () => {
    const { dir, config } = await plant();
    const gateway = await startPushgateway();
    const pushUrl = gateway.url.replace('http://', `http://kwpush:${CANARY.pushPassword}@`);
    const checked = runKubeward([
      'check',
      '--kubeconfig',
      config,
      '--timeout',
      '3',
      '--output',
      'openmetrics',
      '--push',
      pushUrl,
      '--debug',
    ]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(
      'kubeward_exec_plugin_calls_total{call_status="plugin_execution_error",code="1"} 1',
    );
    expectNoCanary('check output', checked.stdout + checked.stderr);
    const held = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(held).toContain('context="edge-plugin"');
    expectNoCanary('the Pushgateway', held);

    const child = spawn(
      process.execPath,
      [
        CLI,
        'watch',
        '--kubeconfig',
        config,
        '--timeout',
        '3',
        '--state',
        path.join(dir, 'state.json'),
        '--metrics-listen',
        '127.0.0.1:0',
      ],
      { env: { PATH: process.env.PATH, HOME: dir, TMPDIR: process.env.TMPDIR }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    for (const deadline = Date.now() + 20_000; !/^check /m.test(output);) {
      if (Date.now() > deadline) throw new Error(`no check line: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const base = /serving metrics on (\S+)\/metrics/.exec(output)?.[1] as string;
    const served = await (await fetch(`${base}/metrics`)).text();
    expect(served).toContain('context="edge-plugin"');
    expectNoCanary('watch /metrics', served);
    child.kill('SIGTERM');
    await exited;
    expectNoCanary('watch output', output);
  });
});
