/**
 * Fleet mode end to end, every part real: the built `kubeward watch --metrics-listen` checks a
 * kubeconfig with a client certificate that expires in two days and a service-account token that
 * expired yesterday; Debian's Prometheus scrapes it every second and evaluates the shipped rules
 * (deploy/prometheus/kubeward-rules.yml) every second; Debian's Alertmanager routes the alerts with
 * the shipped example's routes (deploy/alertmanager/alertmanager.yml, its receivers pointed at a
 * webhook server in this test); and the webhook gets both alerts, with their contexts. The shipped
 * dashboard's queries then run against that Prometheus.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serviceAccountToken } from '../fixtures/jwt';
import { createCa, DAY, toData } from '../fixtures/pki';
import { CLI } from '../support/cli';
import { closedPort } from '../support/ports';
import { queryPrometheus, startAlertmanager, startPrometheus, type PrometheusServer } from '../support/prometheus';
import { tempDir } from '../support/temp';

const RULES = fileURLToPath(new URL('../../deploy/prometheus/kubeward-rules.yml', import.meta.url));
const ALERTMANAGER_EXAMPLE = fileURLToPath(new URL('../../deploy/alertmanager/alertmanager.yml', import.meta.url));
const DASHBOARD = fileURLToPath(new URL('../../deploy/grafana/kubeward.json', import.meta.url));
/** From the watch's first check to both alerts at the webhook: a second's scrape, a second's evaluation, and the sends. */
const ALERTS_WITHIN_MS = 30_000;

interface WebhookAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface Notification {
  /** The path the notification came to: the example's receiver it was routed to. */
  path: string;
  receiver: string;
  alerts: WebhookAlert[];
}

/** What Alertmanager's webhook_configs POST, kept in arrival order. */
async function startWebhookReceiver(): Promise<{ url: string; received: Notification[]; close(): Promise<void> }> {
  const received: Notification[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const payload = JSON.parse(body) as { receiver: string; alerts: WebhookAlert[] };
      received.push({ path: request.url ?? '', receiver: payload.receiver, alerts: payload.alerts });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The shipped example with each receiver that notifies replaced by a webhook to `url`/<its name>, and
 * its waits shortened from tens of seconds to one: the routes and inhibitions are the shipped ones.
 */
function exampleRoutedTo(url: string): unknown {
  const config = parse(readFileSync(ALERTMANAGER_EXAMPLE, 'utf8')) as {
    route: Record<string, unknown>;
    receivers: { name: string; [kind: string]: unknown }[];
  };
  config.route = { ...config.route, group_wait: '0s', group_interval: '1s' };
  config.receivers = config.receivers.map(({ name, ...configs }) =>
    Object.keys(configs).length === 0 ? { name } : { name, webhook_configs: [{ url: `${url}/${name}` }] },
  );
  return config;
}

async function writeKubeconfig(dir: string, now: number): Promise<{ file: string; token: string }> {
  const ca = createCa({ cn: 'fleet-e2e-ca' });
  const cert = ca.issue({ cn: 'alice', notBefore: new Date(now - DAY), notAfter: new Date(now + 2 * DAY) });
  const token = await serviceAccountToken({ issuedAt: now - 2 * DAY, lifetime: DAY, name: 'deployer' });
  // Nothing listens at the servers: the watch runs offline, judging what the files say.
  const server = `https://127.0.0.1:${await closedPort()}`;
  const file = path.join(dir, 'config');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: ${server}
    certificate-authority-data: ${toData(ca.certPem)}
users:
- name: alice
  user:
    client-certificate-data: ${toData(cert.certPem)}
    client-key-data: ${toData(cert.keyPem)}
- name: deployer
  user:
    token: ${token}
contexts:
- name: prod-alice
  context: {cluster: prod, user: alice}
- name: prod-deployer
  context: {cluster: prod, user: deployer}
current-context: prod-alice
`,
    { mode: 0o600 },
  );
  return { file, token };
}

/**
 * `kubeward watch --metrics-listen 127.0.0.1:0`: the process at once (so it is stopped even when the
 * rest of the setup fails), and where it serves once it says so.
 */
function startWatch(dir: string, kubeconfig: string): { child: ChildProcess; address: Promise<string> } {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'watch',
      '--offline',
      '--kubeconfig',
      kubeconfig,
      '--state',
      path.join(dir, 'state.json'),
      '--metrics-listen',
      '127.0.0.1:0',
    ],
    { env: { PATH: process.env.PATH, HOME: dir, TMPDIR: process.env.TMPDIR }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const address = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`watch did not say where it serves metrics: ${stderr}`)), 15_000);
    child.on('exit', (code) => reject(new Error(`watch exited with ${code}: ${stderr}`)));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const serving = /serving metrics on http:\/\/(127\.0\.0\.1:\d+)\/metrics/.exec(stderr);
      if (serving?.[1]) {
        clearTimeout(timer);
        resolve(serving[1]);
      }
    });
  });
  return { child, address };
}

async function stopWatch(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let alertmanager: PrometheusServer;
let prometheus: PrometheusServer;
let watch: ChildProcess | undefined;
let token: string;

beforeAll(async () => {
  const dir = tempDir('fleet-e2e');
  const kubeconfig = await writeKubeconfig(dir, Date.now());
  token = kubeconfig.token;
  webhook = await startWebhookReceiver();
  const watching = startWatch(dir, kubeconfig.file);
  watch = watching.child;
  const [am, watchAddress] = await Promise.all([startAlertmanager(exampleRoutedTo(webhook.url)), watching.address]);
  alertmanager = am;
  prometheus = await startPrometheus({
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [RULES],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanager.address] }] }] },
    scrape_configs: [
      {
        job_name: 'kubeward',
        static_configs: [{ targets: [watchAddress], labels: { team: 'payments' } }],
      },
    ],
  });
});

afterAll(async () => {
  await stopWatch(watch);
  await prometheus?.stop();
  await alertmanager?.stop();
  await webhook?.close();
});

function firing(alertname: string, context: string): (WebhookAlert & { receiver: string; path: string }) | undefined {
  for (const notification of webhook.received) {
    const alert = notification.alerts.find(
      (a) => a.status === 'firing' && a.labels.alertname === alertname && a.labels.context === context,
    );
    if (alert) return { ...alert, receiver: notification.receiver, path: notification.path };
  }
  return undefined;
}

describe('fleet mode: kubeward watch → Prometheus → Alertmanager', () => {
  it('delivers the expiring certificate and the expired token to the routed receiver, with their contexts', async () => {
    const until = Date.now() + ALERTS_WITHIN_MS;
    while (
      Date.now() < until &&
      !(firing('KubewardCredentialExpiring', 'prod-alice') && firing('KubewardCredentialExpired', 'prod-deployer'))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const expiring = firing('KubewardCredentialExpiring', 'prod-alice');
    const expired = firing('KubewardCredentialExpired', 'prod-deployer');
    expect(expiring, JSON.stringify(webhook.received)).toBeDefined();
    expect(expired, JSON.stringify(webhook.received)).toBeDefined();

    // Two days left: critical; the team label of the scrape target routes it to the team's pager.
    expect(expiring).toMatchObject({
      receiver: 'payments-pager',
      path: '/payments-pager',
      labels: {
        severity: 'critical',
        context: 'prod-alice',
        user: 'alice',
        kind: 'client_certificate',
        team: 'payments',
        job: 'kubeward',
      },
    });
    expect(expiring?.annotations.summary).toMatch(/^Context prod-alice: credential expires in 1d 23h \d+m \d+s$/);
    expect(expired).toMatchObject({
      receiver: 'payments-pager',
      labels: { severity: 'critical', context: 'prod-deployer', user: 'deployer', kind: 'token', team: 'payments' },
    });
    expect(expired?.annotations.summary).toMatch(/^Context prod-deployer: credential expired 1d 0h \d+m \d+s ago$/);
    // The token itself never reaches an alert.
    expect(JSON.stringify(webhook.received)).not.toContain(token.split('.')[2]);
  }, 45_000);

  it('answers every query of the shipped dashboard from what it scraped', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const results = new Map<string, number>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        const expr = target.expr.replaceAll('$__rate_interval', '1m').replace(/\$\w+/g, '.*');
        results.set(`${panel.title}: ${expr}`, (await queryPrometheus(prometheus, expr)).length);
      }
    }
    const expiryTable = [...results].find(([query]) => query.includes('kubeward_credential_expiry_timestamp_seconds'));
    expect(expiryTable?.[1]).toBe(2);
    const status = [...results].filter(([query]) => query.startsWith('Status by context'));
    expect(status.length).toBeGreaterThan(0);
    for (const [query, count] of status) expect(count, query).toBeGreaterThanOrEqual(2);
  });
});
