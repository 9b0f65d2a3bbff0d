import { ipcMain as electronIpcMain } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { IpcSenderError, registerIpc } from '../../electron/app/ipc';
import { createApiHandlers, type ApiMonitor } from '../../electron/core/desktop/api';
import { FixEngine } from '../../electron/core/fix/engine';
import { SettingsStore } from '../../electron/core/desktop/settings-store';
import { diagnose } from '../../shared/diagnose';
import type { FindingRef, Report } from '../../shared/findings';
import {
  CHANNELS,
  IpcPayloadError,
  MAX_STRING,
  REQUEST_VALIDATORS,
  validateFindingRef,
  type WindowReport,
} from '../../shared/ipc';
import { RULE_BY_ID } from '../../shared/rules';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { ipcMain, resetElectronFake } from '../fakes/electron';
import { serviceAccountToken } from '../fixtures/jwt';
import { snapshotFrom } from '../support/snapshot';
import { tempDir } from '../support/temp';

const OWN = 'file:///opt/Kubeward/resources/app.asar/out/renderer/index.html';
const own = { url: `${OWN}#/finding` };

class RecordingMonitor implements ApiMonitor {
  snoozed: [FindingRef, string][] = [];
  paused: (number | undefined)[] = [];
  checks = 0;

  constructor(private readonly report: Report | null) {}

  lastReport() {
    return this.report;
  }

  checkNow() {
    this.checks += 1;
    return Promise.resolve();
  }

  snooze(target: FindingRef, kind: string) {
    this.snoozed.push([target, kind]);
    return Promise.resolve();
  }

  pause(until: number | undefined) {
    this.paused.push(until);
    return Promise.resolve();
  }

  execPlugins() {
    return [];
  }

  applySettings() {
    return Promise.resolve();
  }
}

/** The real handlers over a recording monitor; nothing here runs a fix or saves settings. */
async function handlersFor(monitor: RecordingMonitor) {
  const dir = tempDir('ipc');
  return createApiHandlers({
    monitor,
    fixes: new FixEngine({ host: { env: {}, homeDir: dir, platform: 'linux' }, kubeconfig: path.join(dir, 'config') }),
    settings: await SettingsStore.open(path.join(dir, 'settings.json')),
    loginItem: { get: () => Promise.resolve(false), set: () => Promise.resolve() },
    testNotification: () => undefined,
    resetBackoff: () => undefined,
    emit: () => undefined,
    version: '1.2.3',
    pickKubeconfig: () => Promise.resolve(undefined),
    lastPush: () => null,
  });
}

async function setup(report: Report | null = null) {
  const monitor = new RecordingMonitor(report);
  const unregister = registerIpc(await handlersFor(monitor), OWN);
  return { monitor, unregister };
}

beforeEach(() => resetElectronFake());

describe('shared/ipc validators', () => {
  it('accept well-formed payloads and return only the known fields', () => {
    expect(REQUEST_VALIDATORS['finding:snooze']({ context: 'prod', rule: 'client-cert-expiring', for: '1d' })).toEqual({
      context: 'prod',
      rule: 'client-cert-expiring',
      for: '1d',
    });
    expect(REQUEST_VALIDATORS['finding:snooze']({ rule: 'kubeconfig-invalid', for: 'credential' })).toEqual({
      rule: 'kubeconfig-invalid',
      for: 'credential',
    });
    expect(REQUEST_VALIDATORS['notifications:pause']({ until: '2026-12-01T09:00:00.000Z' })).toEqual({
      until: '2026-12-01T09:00:00.000Z',
    });
    expect(REQUEST_VALIDATORS['report:get'](undefined)).toBeUndefined();
    expect(validateFindingRef({ context: 'a', rule: 'token-expired' })).toEqual({
      context: 'a',
      rule: 'token-expired',
    });
  });

  it.each([
    ['extra field', 'finding:snooze', { rule: 'token-expired', for: '1h', token: 'x' }],
    ['missing field', 'finding:snooze', { context: 'prod', for: '1h' }],
    ['mistyped field', 'finding:snooze', { rule: 42, for: '1h' }],
    ['unknown snooze length', 'finding:snooze', { rule: 'token-expired', for: 'forever' }],
    ['not a rule id', 'finding:snooze', { rule: '../../etc', for: '1h' }],
    ['a rule id no rule has', 'finding:snooze', { rule: 'cert-expiring', for: '1h' }],
    ['empty context', 'finding:snooze', { context: '', rule: 'token-expired', for: '1h' }],
    ['oversized context', 'finding:snooze', { context: 'x'.repeat(MAX_STRING + 1), rule: 'token-expired', for: '1h' }],
    ['array', 'finding:snooze', ['r', '1h']],
    ['null', 'notifications:pause', null],
    ['not a date', 'notifications:pause', { until: 'tomorrow' }],
    ['impossible date', 'notifications:pause', { until: '2026-13-45T99:00:00Z' }],
    ['payload where none is expected', 'report:get', { all: true }],
    [
      'a class instance',
      'notifications:pause',
      new (class {
        until = '2026-12-01T09:00:00Z';
      })(),
    ],
  ] as const)('reject %s', (_why, channel, payload) => {
    expect(() => REQUEST_VALIDATORS[channel](payload)).toThrow(IpcPayloadError);
  });
});

describe('registerIpc', () => {
  it('registers a handler for every channel of the contract, and removes them again', async () => {
    const { unregister } = await setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(CHANNELS).toHaveLength(17);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers our own renderer page', async () => {
    const { monitor } = await setup();
    await expect(ipcMain.invokeFrom(own, 'app:version')).resolves.toBe('1.2.3');
    await ipcMain.invokeFrom(own, 'finding:snooze', { context: 'prod', rule: 'client-cert-expiring', for: '1h' });
    await ipcMain.invokeFrom(own, 'notifications:pause', { until: '2026-12-01T09:00:00Z' });
    await ipcMain.invokeFrom(own, 'check:now');
    expect(monitor.snoozed).toEqual([[{ context: 'prod', rule: 'client-cert-expiring' }, '1h']]);
    expect(monitor.paused).toEqual([Date.parse('2026-12-01T09:00:00Z')]);
    expect(monitor.checks).toBe(1);
  });

  it.each([
    ['another site', { url: 'https://evil.example/index.html' }],
    ['another local file', { url: 'file:///tmp/evil.html' }],
    ['a file next to ours', { url: 'file:///opt/Kubeward/resources/app.asar/out/renderer/other.html' }],
    ['a subframe of our page', { url: OWN, top: false }],
    ['a destroyed frame', null],
    ['a data URL', { url: 'data:text/html,<script>1</script>' }],
  ])('refuses %s before the handler runs', async (_why, frame) => {
    const { monitor } = await setup();
    await expect(
      ipcMain.invokeFrom(frame, 'finding:snooze', { rule: 'client-cert-expiring', for: '1h' }),
    ).rejects.toBeInstanceOf(IpcSenderError);
    await expect(ipcMain.invokeFrom(frame, 'check:now')).rejects.toBeInstanceOf(IpcSenderError);
    expect(monitor.snoozed).toEqual([]);
    expect(monitor.checks).toBe(0);
  });

  it('accepts the dev server only when that is the entry', async () => {
    const monitor = new RecordingMonitor(null);
    registerIpc(await handlersFor(monitor), 'http://localhost:5173/');
    await expect(ipcMain.invokeFrom({ url: 'http://localhost:5173/#/x' }, 'app:version')).resolves.toBe('1.2.3');
    await expect(ipcMain.invokeFrom({ url: 'http://localhost:5174/' }, 'app:version')).rejects.toThrow(IpcSenderError);
    await expect(ipcMain.invokeFrom({ url: OWN }, 'app:version')).rejects.toThrow(IpcSenderError);
  });

  it('refuses bad payloads and extra arguments without calling the monitor', async () => {
    const { monitor } = await setup();
    await expect(ipcMain.invokeFrom(own, 'finding:snooze', { rule: 'token-expired', for: '1y' })).rejects.toThrow(
      IpcPayloadError,
    );
    await expect(ipcMain.invokeFrom(own, 'notifications:pause', { until: 1 })).rejects.toThrow(IpcPayloadError);
    await expect(ipcMain.invokeFrom(own, 'check:now', 'now')).rejects.toThrow(IpcPayloadError);
    await expect(
      ipcMain.invokeFrom(
        own,
        'finding:snooze',
        { rule: 'token-expired', for: '1h' },
        { rule: 'token-expired', for: '1h' },
      ),
    ).rejects.toThrow(IpcPayloadError);
    expect(monitor.snoozed).toEqual([]);
    expect(monitor.paused).toEqual([]);
    expect(monitor.checks).toBe(0);
  });

  it('is the module electron resolves to in tests (the fake), never the real binary', () => {
    expect(electronIpcMain).toBe(ipcMain);
  });
});

describe('the report the window gets', () => {
  it("carries the explanation of each rule its findings name, from the rule's metadata, and no other", async () => {
    const kubeconfig = `apiVersion: v1
clusters:
- {name: prod, cluster: {server: "https://prod.example:6443"}}
users:
- {name: nobody, user: {}}
contexts:
- {name: prod, context: {cluster: prod, user: nobody}}
- {name: stale, context: {cluster: gone, user: nobody}}
current-context: prdo
`;
    const snapshot = snapshotFrom({ sources: { '/home/u/.kube/config': kubeconfig } });
    const report = diagnose(snapshot, {
      now: Date.now(),
      expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS,
      platform: 'linux',
    });
    const rules = new Set([...report.findings, ...report.contexts.flatMap((c) => c.findings)].map((f) => f.rule));
    expect([...rules].sort()).toEqual(['context-dangling', 'context-missing', 'credentials-missing']);
    await setup(report);
    for (const channel of ['report:get', 'check:now'] as const) {
      const { explanations, ...rest } = (await ipcMain.invokeFrom(own, channel)) as WindowReport;
      expect(rest).toEqual(report);
      expect(explanations).toEqual(
        Object.fromEntries([...rules].map((rule) => [rule, RULE_BY_ID[rule].meta.explanation])),
      );
    }
  });

  it('is null before the first check', async () => {
    await setup(null);
    await expect(ipcMain.invokeFrom(own, 'report:get')).resolves.toBeNull();
  });
});

describe('nothing secret crosses IPC', () => {
  it('a Report from a kubeconfig holding a token carries neither the token nor its signature', async () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    const token = await serviceAccountToken({ issuedAt: now - 3_000_000, lifetime: 3_600_000, name: 'deployer' });
    const signature = token.split('.')[2] ?? '';
    const kubeconfig = `apiVersion: v1
clusters:
- {name: prod, cluster: {server: "https://prod.example:6443"}}
users:
- {name: deployer, user: {token: ${token}}}
contexts:
- {name: prod, context: {cluster: prod, user: deployer, namespace: prod}}
current-context: prod
`;
    const snapshot = snapshotFrom({ sources: { '/home/u/.kube/config': kubeconfig } });
    const report = diagnose(snapshot, { now, expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS, platform: 'linux' });
    // The report must be about this token, or the test proves nothing.
    expect(report.contexts[0]?.findings.length).toBeGreaterThan(0);
    expect(report.contexts[0]?.credential.kind).toBe('token');
    await setup(report);
    const payloads = [await ipcMain.invokeFrom(own, 'report:get'), await ipcMain.invokeFrom(own, 'check:now')];
    const wire = JSON.stringify(payloads);
    expect(wire).toContain('prod');
    expect(wire).not.toContain(token);
    expect(wire).not.toContain(signature);
  });
});
