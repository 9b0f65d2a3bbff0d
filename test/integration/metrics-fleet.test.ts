/**
 * The ways out of a check's metrics, with the real components: `check --push` to Debian's
 * Pushgateway, scraped by a real Prometheus and read back through its HTTP API; a push that fails;
 * and `watch --metrics-listen`, serving /metrics and /-/healthy and nothing else.
 */
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCa, DAY, toData } from '../fixtures/pki';
import { CLI, runKubeward } from '../support/cli';
import { samplesOf } from '../support/exposition';
import { closedPort } from '../support/ports';
import { queryPrometheus, startPrometheus, startPushgateway } from '../support/prometheus';
import { tempDir } from '../support/temp';

const ca = createCa({ cn: 'fleet-ca' });

function kubeconfig(dir: string, contexts: string[]): string {
  const cert = ca.issue({
    cn: 'alice',
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 2 * DAY),
  });
  const file = path.join(dir, 'config');
  const next = path.join(dir, 'config.next');
  writeFileSync(
    next,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: contexts.map((name) => ({
        name,
        cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': toData(ca.certPem) },
      })),
      users: [
        {
          name: 'alice',
          user: { 'client-certificate-data': toData(cert.certPem), 'client-key-data': toData(cert.keyPem) },
        },
      ],
      contexts: contexts.map((name) => ({ name, context: { cluster: name, user: 'alice' } })),
      'current-context': contexts[0],
    }),
    { mode: 0o600 },
  );
  // Atomic, as editors and kubectl write: a watcher never reads half a file.
  renameSync(next, file);
  return file;
}

const instance = `${os.userInfo().username}@${os.hostname()}`;

describe('kubeward check --push', () => {
  it('replaces its group in a real Pushgateway on each push, and Prometheus scraping it has the series', async () => {
    const dir = tempDir('push');
    const gateway = await startPushgateway();
    const config = kubeconfig(dir, ['first', 'second']);
    const pushed = runKubeward([
      'check',
      '--offline',
      '--kubeconfig',
      config,
      '--push',
      gateway.url,
      '--push-job',
      'fleet-test',
    ]);
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain('2 contexts checked');

    const prometheus = await startPrometheus({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: [
        { job_name: 'pushgateway', honor_labels: true, static_configs: [{ targets: [gateway.address] }] },
      ],
    });
    let series: Awaited<ReturnType<typeof queryPrometheus>> = [];
    for (const until = Date.now() + 15_000; series.length < 2 && Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      series = await queryPrometheus(
        prometheus,
        'x509_cert_not_after{job="fleet-test",exporter="kubeward",embedded_kind="cluster"}',
      );
    }
    expect(series.map((s) => [s.metric.job, s.metric.instance, s.metric.embedded_key]).sort()).toEqual([
      ['fleet-test', instance, 'first'],
      ['fleet-test', instance, 'second'],
    ]);
    const status = await queryPrometheus(prometheus, 'kubeward_context_status{job="fleet-test"} == 1');
    expect(status.map((s) => [s.metric.context, s.metric.status]).sort()).toEqual([
      ['first', 'warning'],
      ['second', 'warning'],
    ]);

    // PUT: the next push replaces the group, so a context that went away goes from the gateway too.
    kubeconfig(dir, ['first']);
    expect(
      runKubeward(['check', '--offline', '--kubeconfig', config, '--push', gateway.url, '--push-job', 'fleet-test'])
        .code,
    ).toBe(0);
    const held = await (await fetch(`${gateway.url}/metrics`)).text();
    const contexts = samplesOf(held, 'kubeward_context_status').filter((s) => s.labels.job === 'fleet-test');
    expect(new Set(contexts.map((s) => s.labels.context))).toEqual(new Set(['first']));
    expect(contexts.every((s) => s.labels.instance === instance)).toBe(true);
  });

  it('prints the check and one error line, exit 2, when the push fails; never the URL password', async () => {
    const dir = tempDir('push-fail');
    const config = kubeconfig(dir, ['only']);
    const url = `http://kwpush:kwPushPassword7@127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    const result = runKubeward(['check', '--offline', '--json', '--kubeconfig', config, '--push', url]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(2);
    expect((JSON.parse(result.stdout) as { summary: { contexts: number } }).summary.contexts).toBe(1);
    expect(result.stderr).toMatch(/^kubeward: push to http:\/\/127\.0\.0\.1:\d+ failed: ECONNREFUSED\n$/);
    expect(result.stdout + result.stderr).not.toContain('kwPushPassword7');
  });

  it('refuses a URL it cannot push to, before checking', () => {
    for (const url of ['ftp://gateway:21', 'not a url', 'http://gw:9091/?x=1']) {
      const result = runKubeward(['check', '--offline', '--push', url]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(result.stderr).toMatch(/^kubeward: --push: /);
    }
  });
});

describe('kubeward watch --metrics-listen', () => {
  it('serves /metrics, refreshed after each check, and /-/healthy on loopback; 404 elsewhere', async () => {
    const dir = tempDir('metrics-listen');
    const config = kubeconfig(dir, ['before']);
    const child = spawn(
      process.execPath,
      [
        CLI,
        'watch',
        '--json',
        '--offline',
        '--kubeconfig',
        config,
        '--state',
        path.join(dir, 'state.json'),
        '--metrics-listen',
        ':0',
      ],
      { env: { PATH: process.env.PATH, HOME: dir, TMPDIR: process.env.TMPDIR }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const checks = () => stdout.split('\n').filter((line) => line.includes('"type":"check"')).length;
    const until = async (done: () => boolean, what: string) => {
      for (const deadline = Date.now() + 15_000; !done();) {
        if (Date.now() > deadline) throw new Error(`${what}; stderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await until(() => checks() === 1, 'no first check');
    // ":0" names no host: loopback, on a free port.
    const base = /serving metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(stderr)?.[1] as string;
    expect(base).toBeDefined();

    const prometheusText = await fetch(`${base}/metrics`);
    expect(prometheusText.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const openMetrics = await fetch(`${base}/metrics`, {
      headers: { Accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' },
    });
    expect(openMetrics.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const firstText = await openMetrics.text();
    expect(firstText.endsWith('# EOF\n')).toBe(true);
    expect(samplesOf(firstText, 'kubeward_context_status').map((s) => s.labels.context)).toContain('before');
    expect(samplesOf(await prometheusText.text(), 'kubeward_build_info')).toHaveLength(1);

    const healthy = await fetch(`${base}/-/healthy`);
    expect([healthy.status, await healthy.text()]).toEqual([200, 'OK\n']);
    for (const other of ['/', '/metrics/', '/metricsx', '/-/ready', '/debug/pprof']) {
      const response = await fetch(`${base}${other}`);
      await response.body?.cancel();
      expect(response.status, other).toBe(404);
    }

    kubeconfig(dir, ['after']);
    await until(() => checks() === 2, 'no check after the change');
    const refreshed = await (await fetch(`${base}/metrics`)).text();
    expect(new Set(samplesOf(refreshed, 'kubeward_context_status').map((s) => s.labels.context))).toEqual(
      new Set(['after']),
    );

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('says in one line, exit 2, when the address is bad or taken', async () => {
    for (const address of ['127.0.0.1', 'localhost:99999', '[::1:9101', 'host name:80']) {
      const result = runKubeward(['watch', '--offline', '--metrics-listen', address]);
      expect(result.code, address).toBe(2);
      expect(result.stderr).toMatch(/^kubeward: --metrics-listen: expected HOST:PORT [^\n]*\n$/);
    }
    const gateway = await startPushgateway();
    const dir = tempDir('metrics-taken');
    const taken = runKubeward([
      'watch',
      '--offline',
      '--kubeconfig',
      kubeconfig(dir, ['x']),
      '--state',
      path.join(dir, 's.json'),
      '--metrics-listen',
      gateway.address,
    ]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe(`kubeward: --metrics-listen: cannot listen on ${gateway.address}: EADDRINUSE\n`);
  });
});
