/**
 * The monitor end to end in plain Node: real chokidar on temp kubeconfigs written
 * the way editors and kubectl write them, real certificates, a recording platform,
 * and an injected clock instead of sleeping until thresholds.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toAlertState } from '../../shared/alerts/state';
import type { AlertNotification, MonitorPlatform, TrayModel } from '../../shared/monitor';
import { cliExecPolicy } from '../../electron/core/exec/policy';
import { Monitor, type CheckResult } from '../../electron/core/monitor/monitor';
import { FileWatch } from '../../electron/core/monitor/file-watch';
import { createCa, DAY, toData } from '../fixtures/pki';
import { hostWith } from '../support/host';
import { tempDir } from '../support/temp';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const ca = createCa({ cn: 'monitor-test-ca', notBefore: new Date(T0 - 30 * DAY), notAfter: new Date(T0 + 900 * DAY) });

function clientCert(cn: string, expiresIn = 2 * DAY) {
  return ca.issue({ cn, notBefore: new Date(T0 - DAY), notAfter: new Date(T0 + expiresIn) });
}

function kubeconfig(user: Record<string, string>, name = 'prod'): string {
  const fields = Object.entries(user)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\n');
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: ${toData(ca.certPem)}
users:
- name: ${name}-admin
  user:
${fields}
contexts:
- name: ${name}
  context: {cluster: ${name}, user: ${name}-admin}
current-context: ${name}
`;
}

function inlineUser(cn: string, expiresIn?: number): Record<string, string> {
  const cert = clientCert(cn, expiresIn);
  return { 'client-certificate-data': toData(cert.certPem), 'client-key-data': toData(cert.keyPem) };
}

/** Like kubectl, editors and `aws eks update-kubeconfig`: write a temp file beside it, then rename over it. */
function atomicWrite(file: string, text: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, file);
}

class Recorder implements MonitorPlatform {
  trays: TrayModel[] = [];
  notifications: AlertNotification[] = [];
  checks: CheckResult[] = [];
  logs: string[] = [];
  showTray(model: TrayModel): void {
    this.trays.push(model);
  }
  notify(notification: AlertNotification): void {
    this.notifications.push(notification);
  }
  openWindow(): void {}
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const monitors: Monitor[] = [];
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((m) => m.stop()));
});

function setup() {
  const home = tempDir('monitor');
  mkdirSync(path.join(home, '.kube'));
  return { home, config: path.join(home, '.kube', 'config'), statePath: path.join(home, 'state', 'state.json') };
}

function startMonitor(options: { home: string; statePath: string; kubeconfig?: string }, clock: () => number) {
  const ui = new Recorder();
  const monitor = new Monitor({
    kubeconfig: options.kubeconfig,
    host: hostWith(options.home, { PATH: process.env.PATH }),
    offline: true,
    timeoutMs: 5000,
    statePath: options.statePath,
    ui,
    execPolicy: cliExecPolicy,
    clock,
    debounceMs: 100,
    log: (line) => ui.logs.push(line),
    onChecked: (result) => ui.checks.push(result),
  });
  monitors.push(monitor);
  return { ui, monitor };
}

describe('monitor', () => {
  it('notifies once per credential and threshold, through rewrites, snoozes, restarts and re-creation', async () => {
    const { home, config, statePath } = setup();
    const CANARY_CN = 'alice';
    writeFileSync(config, kubeconfig(inlineUser(CANARY_CN)), { mode: 0o600 });
    let now = T0;
    const clock = () => now;

    const first = startMonitor({ home, statePath }, clock);
    await first.monitor.start();
    expect(first.ui.notifications).toHaveLength(1);
    expect(first.ui.notifications[0]).toMatchObject({
      severity: 'warning',
      threshold: '3d',
      target: { context: 'prod', rule: 'client-cert-expiring' },
      expiresAt: new Date(T0 + 2 * DAY).toISOString(),
    });
    expect(first.ui.trays.at(-1)).toMatchObject({ status: 'warning', checking: false, contexts: [{ name: 'prod' }] });

    // The same content, replaced atomically: a check, no new alert.
    const same = readFileSync(config, 'utf8');
    atomicWrite(config, same);
    await until(() => first.ui.checks.length === 2, 'the check after an atomic replace');
    expect(first.ui.notifications).toHaveLength(1);

    // A new certificate: a new credential, a new alert.
    atomicWrite(config, kubeconfig(inlineUser('alice-renewed')));
    await until(() => first.ui.checks.length === 3, 'the check after a new certificate');
    expect(first.ui.notifications).toHaveLength(2);

    // Snoozed until the credential changes: crossing the 1d threshold stays quiet.
    await first.monitor.snooze({ context: 'prod', rule: 'client-cert-expiring' }, 'credential');
    now = T0 + 1.5 * DAY;
    await first.monitor.checkNow();
    expect(first.ui.notifications).toHaveLength(2);
    await first.monitor.stop();

    // A restart on the same state file remembers what was sent and snoozed.
    const second = startMonitor({ home, statePath }, clock);
    await second.monitor.start();
    expect(second.ui.notifications).toEqual([]);

    // Deleted: a check, and kubectl has no configuration at all (an error); re-created with another certificate: its alert.
    rmSync(config);
    await until(() => second.ui.checks.length === 2, 'the check after the delete');
    expect(second.ui.trays.at(-1)?.contexts).toEqual([]);
    expect(second.ui.notifications.map((n) => [n.target?.rule, n.threshold])).toEqual([
      ['kubeconfig-unreadable', 'now'],
    ]);
    writeFileSync(config, kubeconfig(inlineUser('alice-third', 2 * DAY)), { mode: 0o600 });
    await until(() => second.ui.notifications.length === 2, 'the alert after re-creation');
    expect(second.ui.notifications[1]).toMatchObject({ target: { rule: 'client-cert-expiring' }, threshold: '1d' });

    const everything = JSON.stringify([first.ui, second.ui, readFileSync(statePath, 'utf8')]);
    expect(everything).not.toContain(toData(clientCert(CANARY_CN).keyPem).slice(0, 40));
    expect(everything).not.toContain('PRIVATE KEY');
  });

  it('replaces a corrupt state file instead of failing', async () => {
    const { home, config, statePath } = setup();
    writeFileSync(config, kubeconfig(inlineUser('bob')), { mode: 0o600 });
    mkdirSync(path.dirname(statePath));
    writeFileSync(statePath, '{"version": 1, "notif');
    const { ui, monitor } = startMonitor({ home, statePath }, () => T0);
    await monitor.start();
    expect(ui.logs).toEqual([expect.stringMatching(/state.json is not valid JSON; starting with a fresh one$/)]);
    expect(ui.notifications).toHaveLength(1);
    const saved = toAlertState(JSON.parse(readFileSync(statePath, 'utf8')));
    expect(Object.keys(saved?.notified ?? {})).toHaveLength(1);
    if (process.platform !== 'win32') expect((await import('node:fs')).statSync(statePath).mode & 0o777).toBe(0o600);
  });

  it('watches a kubeconfig that appears later in a new directory, and the files it references', async () => {
    const { home, statePath } = setup();
    const later = path.join(home, 'later', 'nested', 'config');
    const { ui, monitor } = startMonitor({ home, statePath, kubeconfig: later }, () => T0);
    await monitor.start();
    expect(ui.notifications.map((n) => n.target)).toEqual([{ rule: 'kubeconfig-unreadable' }]);

    const certs = path.join(home, 'later', 'nested');
    mkdirSync(certs, { recursive: true });
    const cert = clientCert('carol');
    writeFileSync(path.join(certs, 'carol.crt'), cert.certPem);
    writeFileSync(path.join(certs, 'carol.key'), cert.keyPem, { mode: 0o600 });
    writeFileSync(later, kubeconfig({ 'client-certificate': 'carol.crt', 'client-key': 'carol.key' }, 'staging'), {
      mode: 0o600,
    });
    await until(() => ui.notifications.length === 2, 'the alert for the new kubeconfig');
    expect(ui.notifications[1]?.target).toEqual({ context: 'staging', rule: 'client-cert-expiring' });

    // The alert comes once what the check read is watched: renewing the referenced certificate right away is a new credential.
    const renewed = clientCert('carol-2', 2 * DAY);
    atomicWrite(path.join(certs, 'carol.key'), renewed.keyPem);
    atomicWrite(path.join(certs, 'carol.crt'), renewed.certPem);
    await until(() => ui.notifications.length === 3, 'the alert for the renewed certificate file');
    expect(ui.notifications[2]?.target).toEqual({ context: 'staging', rule: 'client-cert-expiring' });
  });

  it('runs exactly one follow-up check for triggers during a check', async () => {
    const { home, config, statePath } = setup();
    writeFileSync(config, kubeconfig(inlineUser('dave')), { mode: 0o600 });
    const { ui, monitor } = startMonitor({ home, statePath }, () => T0);
    await monitor.start();
    const running = monitor.checkNow();
    await Promise.all([monitor.checkNow(), monitor.checkNow(), monitor.checkNow()]);
    await running;
    expect(ui.checks).toHaveLength(3);
    expect(ui.trays.filter((t) => t.checking)).toHaveLength(2);
  });
});

describe('monitor file watch', () => {
  const watches: FileWatch[] = [];
  afterEach(async () => {
    await Promise.all(watches.splice(0).map((w) => w.close()));
  });

  /** A certificate in a directory the watch has not seen yet, and a watch recording what it reports. */
  function setupWatch() {
    const dir = tempDir('file-watch');
    const cert = path.join(dir, 'client.crt');
    writeFileSync(cert, clientCert('erin').certPem);
    const record = { changes: 0, errors: [] as unknown[] };
    const watch = new FileWatch(
      () => record.changes++,
      50,
      (error) => record.errors.push(error),
    );
    watches.push(watch);
    return { cert, watch, record };
  }

  it('reports a change made after the read but before the new directory was watched', async () => {
    const { cert, watch, record } = setupWatch();
    const readMark = watch.mark();
    atomicWrite(cert, clientCert('erin-renewed').certPem);
    await watch.update({ files: [cert], dirs: [] }, readMark);
    await until(() => record.changes === 1, 'the change found when the directory became watched');
    expect(record.errors).toEqual([]);
  });

  it('leaves a directory watched before the read to its events, however recent its files', async () => {
    const { cert, watch, record } = setupWatch();
    await watch.update({ files: [cert], dirs: [] });
    // The certificate was written a moment ago, within the file clock's slack, before the watch was live.
    await watch.update({ files: [cert], dirs: [] }, watch.mark());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(record.changes).toBe(0);
  });

  it('is quiet for a new directory unchanged since the read, and live once update resolves', async () => {
    const { cert, watch, record } = setupWatch();
    // Well past the file clock's tick: the certificate predates the read.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await watch.update({ files: [cert], dirs: [] }, watch.mark());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(record.changes).toBe(0);

    atomicWrite(cert, clientCert('erin-renewed').certPem);
    await until(() => record.changes === 1, 'the change right after update resolved');
    expect(record.errors).toEqual([]);
  });
});
