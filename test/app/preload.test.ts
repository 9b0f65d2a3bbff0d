import { beforeEach, describe, expect, it } from 'vitest';
import '../../electron/preload/index';
import type { FindingRef } from '../../shared/findings';
import { API_METHODS, IpcPayloadError, type KubewardApi } from '../../shared/ipc';
import { contextBridge, ipcRenderer } from '../fakes/electron';

// The preload runs once, on import, as it does in a real renderer.
const api = contextBridge.exposed.get('kubeward') as KubewardApi;

beforeEach(() => {
  ipcRenderer.invoked = [];
  ipcRenderer.replies.clear();
});

describe('preload', () => {
  it('exposes exactly one object, window.kubeward, of named functions', async () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['kubeward']);
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(API_METHODS), 'onFixOutput', 'onMetricsPushed', 'onOpenFinding', 'onReportChanged'].sort(),
    );
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
  });

  it('each function invokes its channel with at most one argument', async () => {
    ipcRenderer.replies.set('app:version', '1.2.3');
    ipcRenderer.replies.set('check:now', null);
    ipcRenderer.replies.set('report:get', null);
    await expect(api.getVersion()).resolves.toBe('1.2.3');
    await api.checkNow();
    await api.snoozeFinding({ context: 'prod', rule: 'client-cert-expiring', for: '1d' });
    await api.pauseNotifications({ until: '2026-12-01T09:00:00Z' });
    await api.getReport();
    expect(ipcRenderer.invoked).toEqual([
      { channel: 'app:version', args: [] },
      { channel: 'check:now', args: [] },
      { channel: 'finding:snooze', args: [{ context: 'prod', rule: 'client-cert-expiring', for: '1d' }] },
      { channel: 'notifications:pause', args: [{ until: '2026-12-01T09:00:00Z' }] },
      { channel: 'report:get', args: [] },
    ]);
  });

  it("hands the window a report's explanations only when they are text keyed by rule ids", async () => {
    const report = {
      version: 1,
      checkedAt: '2026-12-01T09:00:00.000Z',
      kubeconfig: ['/home/u/.kube/config'],
      summary: { contexts: 0, error: 0, warning: 0, info: 0 },
      findings: [],
      contexts: [],
    };
    const explanations = { 'context-missing': 'A context pairs a cluster with a user.' };
    ipcRenderer.replies.set('report:get', { ...report, explanations });
    await expect(api.getReport()).resolves.toEqual({ ...report, explanations });
    for (const wrong of [{ 'no-such-rule': 'text' }, { 'context-missing': 42 }, ['text'], undefined]) {
      ipcRenderer.replies.set('check:now', { ...report, explanations: wrong });
      await expect(api.checkNow()).rejects.toThrow(IpcPayloadError);
    }
  });

  it('delivers open-finding events without the raw IPC event, and unsubscribes', async () => {
    const seen: FindingRef[] = [];
    const unsubscribe = api.onOpenFinding((target) => seen.push(target));
    ipcRenderer.receive('window:open-finding', { context: 'prod', rule: 'client-cert-expiring' });
    expect(() => ipcRenderer.receive('window:open-finding', { rule: 'client-cert-expiring', extra: 1 })).toThrow(
      IpcPayloadError,
    );
    unsubscribe();
    expect(ipcRenderer.listenerCount('window:open-finding')).toBe(0);
    ipcRenderer.receive('window:open-finding', { rule: 'ignored' });
    expect(seen).toEqual([{ context: 'prod', rule: 'client-cert-expiring' }]);
  });
});
