/**
 * The desktop app's "Team metrics" through the dev bridge (the same handlers and IPC contract as the
 * app): off by default; a URL with credentials refused without being repeated; once on, every check
 * pushes to a real Pushgateway, and the last push's result is what the Settings page reads.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevBridge, type DevBridge } from '../../electron/dev-bridge/server';
import type { PushStatus } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import { createCa, DAY, toData } from '../fixtures/pki';
import { samplesOf } from '../support/exposition';
import { hostWith } from '../support/host';
import { closedPort } from '../support/ports';
import { startPushgateway } from '../support/prometheus';
import { tempDir } from '../support/temp';

const RENDERER = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const bridges: DevBridge[] = [];
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((b) => b.close()));
});

async function bridgeOn(dir: string) {
  const ca = createCa({ cn: 'team-ca' });
  const cert = ca.issue({ cn: 'bob', notAfter: new Date(Date.now() + 30 * DAY) });
  const config = path.join(dir, 'config');
  writeFileSync(
    config,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'team', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': toData(ca.certPem) } },
      ],
      users: [
        {
          name: 'bob',
          user: { 'client-certificate-data': toData(cert.certPem), 'client-key-data': toData(cert.keyPem) },
        },
      ],
      contexts: [{ name: 'team', context: { cluster: 'team', user: 'bob' } }],
      'current-context': 'team',
    }),
    { mode: 0o600 },
  );
  const bridge = await startDevBridge({
    kubeconfig: config,
    host: hostWith(dir, { PATH: process.env.PATH ?? '', XDG_CONFIG_HOME: path.join(dir, 'xdg') }),
    statePath: path.join(dir, 'state.json'),
    settingsPath: path.join(dir, 'settings.json'),
    rendererDir: RENDERER,
    offline: true,
    timeoutMs: 3000,
    log: () => undefined,
  });
  bridges.push(bridge);
  const url = new URL(bridge.url);
  return async <T>(channel: string, payload?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(new URL(`/api/${channel}`, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}`, 'content-type': 'application/json' },
      body: payload === undefined ? '' : JSON.stringify(payload),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

async function lastPushAfterCheck(call: Awaited<ReturnType<typeof bridgeOn>>, before: PushStatus | null) {
  await call('check:now');
  for (const until = Date.now() + 10_000; Date.now() < until;) {
    const { body } = await call<PushStatus | null>('metrics:last-push');
    if (body && body.at !== before?.at) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no push after the check');
}

describe('desktop team metrics', () => {
  it('is off by default, refuses credentials in the URL, and pushes after each check once on', async () => {
    const dir = tempDir('team-metrics');
    const call = await bridgeOn(dir);
    const { body: settings } = await call<Settings>('settings:get');
    expect(settings.teamMetrics).toEqual({ enabled: false, url: '' });
    expect((await call('metrics:last-push')).body).toBeNull();

    const gateway = await startPushgateway();
    const withPassword = await call<{ error: string }>('settings:set', {
      ...settings,
      teamMetrics: { enabled: true, url: gateway.url.replace('http://', 'http://team:kwTeamPassword2@') },
    });
    expect(withPassword.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(withPassword.body)).toContain('no user name or password in the URL');
    expect(JSON.stringify(withPassword.body)).not.toContain('kwTeamPassword2');
    for (const url of ['ftp://gateway.example', 'not a url']) {
      expect((await call('settings:set', { ...settings, teamMetrics: { enabled: true, url } })).status).toBe(400);
    }

    const saved = await call<Settings>('settings:set', {
      ...settings,
      teamMetrics: { enabled: true, url: gateway.url },
    });
    expect(saved.body.teamMetrics).toEqual({ enabled: true, url: gateway.url });
    const pushed = await lastPushAfterCheck(call, null);
    expect(pushed).toMatchObject({ ok: true });
    const held = await (await fetch(`${gateway.url}/metrics`)).text();
    const instance = `${os.userInfo().username}@${os.hostname()}`;
    // The group this app pushes: a PUT replaced whatever it held before.
    const status = samplesOf(held, 'kubeward_context_status').filter(
      (s) => s.value === 1 && s.labels.job === 'kubeward' && s.labels.instance === instance,
    );
    expect(status.map((s) => [s.labels.job, s.labels.instance, s.labels.context, s.labels.status])).toEqual([
      ['kubeward', instance, 'team', 'ok'],
    ]);

    const closed = `http://127.0.0.1:${await closedPort()}`;
    await call('settings:set', { ...saved.body, teamMetrics: { enabled: true, url: closed } });
    const failed = await lastPushAfterCheck(call, pushed);
    expect(failed).toEqual({ at: failed.at, ok: false, error: `push to ${closed} failed: ECONNREFUSED` });

    // Off again: a check pushes nothing, the last result stays.
    await call('settings:set', { ...saved.body, teamMetrics: { enabled: false, url: closed } });
    await call('check:now');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await call('metrics:last-push')).body).toEqual(failed);
  });
});
