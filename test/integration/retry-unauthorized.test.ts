/**
 * A 401 asked once more with a fresh credential, through the real pipeline: a real exec plugin
 * (a script that hands out a new token on each run), real token files, and the stand-in API
 * server on 127.0.0.1 that knows only some of the tokens.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkOnce } from '../../electron/core/check/check-once';
import { withLiveFacts } from '../../electron/core/check/live';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import { ExecCredentialCache } from '../../electron/core/exec/credential-cache';
import { cliExecPolicy } from '../../electron/core/exec/policy';
import type { Finding } from '../../shared/findings';
import type { ProbeResult } from '../../shared/facts';
import { startApiServer, type ApiServer } from '../fixtures/apiserver';
import { toData } from '../fixtures/pki';
import { hostWith } from '../support/host';
import { tempDir } from '../support/temp';

const FIRST = 'kw-canary-first-Tq83Lm2Vx9Pz';
const SECOND = 'kw-canary-second-Hj47Rn6Ws1Kc';
const servers: ApiServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function server(tokens: Record<string, { username: string }>): Promise<ApiServer> {
  const s = await startApiServer({ tokens });
  servers.push(s);
  return s;
}

/** A plugin that prints FIRST on its first run and SECOND after, counting its runs in a file. */
function rotatingPlugin(dir: string): { command: string; runs: () => number } {
  const counter = path.join(dir, 'runs');
  writeFileSync(counter, '0');
  const command = path.join(dir, 'rotating-plugin');
  writeFileSync(
    command,
    `#!/bin/sh
n=$(($(cat '${counter}') + 1)); echo $n > '${counter}'
if [ $n -eq 1 ]; then t=${FIRST}; else t=${SECOND}; fi
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$t"
`,
    { mode: 0o700 },
  );
  return { command, runs: () => Number(readFileSync(counter, 'utf8').trim()) };
}

function kubeconfig(api: ApiServer, user: Record<string, unknown>): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: api.url, 'certificate-authority-data': toData(api.caPem) } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'ctx',
  });
}

async function check(dir: string, text: string, cache = new ExecCredentialCache()) {
  const file = path.join(dir, 'config');
  writeFileSync(file, text, { mode: 0o600 });
  return checkOnce({
    kubeconfig: file,
    selection: { kind: 'all' },
    now: Date.now(),
    offline: false,
    timeoutMs: 5_000,
    host: hostWith(dir, { PATH: process.env.PATH }),
    policy: cliExecPolicy,
    cache,
  });
}

function probeOf(result: Awaited<ReturnType<typeof check>>): ProbeResult | undefined {
  return result.snapshot.probes?.get('ctx');
}

function findings(result: Awaited<ReturnType<typeof check>>, rule: string): Finding[] {
  return result.report.contexts.flatMap((c) => c.findings).filter((f) => f.rule === rule);
}

const EXEC = (command: string) => ({
  exec: { apiVersion: 'client.authentication.k8s.io/v1', command, interactiveMode: 'Never' },
});

describe('a 401 to an exec credential', () => {
  it('re-runs the plugin and asks again: a rotated credential is no finding', async () => {
    const dir = tempDir('retry');
    const api = await server({ [SECOND]: { username: 'alice' } });
    const plugin = rotatingPlugin(dir);
    const result = await check(dir, kubeconfig(api, EXEC(plugin.command)));
    expect(plugin.runs()).toBe(2);
    expect(probeOf(result)).toMatchObject({ state: 'answered', status: 201, retried: 'exec-plugin' });
    expect(api.requests.map((r) => r.status)).toEqual([401, 201]);
    expect(findings(result, 'server-unauthorized')).toEqual([]);
  });

  it("goes past kubeward's credential cache: a cached credential the server has stopped accepting is replaced", async () => {
    const dir = tempDir('retry');
    const plugin = rotatingPlugin(dir);
    const cache = new ExecCredentialCache();
    const before = await server({ [FIRST]: { username: 'alice' } });
    expect(probeOf(await check(dir, kubeconfig(before, EXEC(plugin.command)), cache))).toMatchObject({ status: 201 });
    // The cluster stops accepting FIRST (rotated); the cache still holds it, unexpired.
    const after = await server({ [SECOND]: { username: 'alice' } });
    const result = await check(dir, kubeconfig(after, EXEC(plugin.command)), cache);
    expect(plugin.runs()).toBe(2);
    expect(after.requests.map((r) => r.status)).toEqual([401, 201]);
    expect(probeOf(result)).toMatchObject({ status: 201, retried: 'exec-plugin' });
    // The fresh credential is the one kept: the next check runs nothing.
    await check(dir, kubeconfig(after, EXEC(plugin.command)), cache);
    expect(plugin.runs()).toBe(2);
  });

  it('a second refusal is server-unauthorized, saying it was retried', async () => {
    const dir = tempDir('retry');
    const api = await server({});
    const plugin = rotatingPlugin(dir);
    const result = await check(dir, kubeconfig(api, EXEC(plugin.command)));
    expect(plugin.runs()).toBe(2);
    expect(api.requests.map((r) => r.status)).toEqual([401, 401]);
    const [finding] = findings(result, 'server-unauthorized');
    expect(finding?.evidence).toMatchObject({ retried: 'exec-plugin', status: 401 });
    expect(finding?.detail).toContain('Kubeward ran the exec plugin again for a fresh credential');
    expect(JSON.stringify(result.report)).not.toMatch(/kw-canary/);
  });
});

describe('a 401 to a static credential', () => {
  it('an inline token is asked once: a fresh look would not change it', async () => {
    const dir = tempDir('retry');
    const api = await server({});
    const result = await check(dir, kubeconfig(api, { token: FIRST }));
    expect(api.requests).toHaveLength(1);
    expect(probeOf(result)).not.toHaveProperty('retried');
  });

  it('a token file that changed after the check read it is read again, and asked again', async () => {
    const dir = tempDir('retry');
    const api = await server({ [SECOND]: { username: 'alice' } });
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, FIRST);
    const file = path.join(dir, 'config');
    writeFileSync(file, kubeconfig(api, { tokenFile }), { mode: 0o600 });
    const host = hostWith(dir, { PATH: process.env.PATH });
    const snapshot = await gatherSnapshot({ kubeconfig: file, host });
    // Rotated on disk (as the kubelet rotates a projected token) after the check read it.
    writeFileSync(tokenFile, SECOND);
    const live = await withLiveFacts(snapshot, { contexts: ['ctx'], timeoutMs: 5_000, host, policy: cliExecPolicy });
    expect(live.probes?.get('ctx')).toMatchObject({ status: 201, retried: 'file' });
    expect(api.requests.map((r) => r.status)).toEqual([401, 201]);
  });

  it('an unchanged token file is not asked again', async () => {
    const dir = tempDir('retry');
    const api = await server({});
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, FIRST);
    const result = await check(dir, kubeconfig(api, { tokenFile }));
    expect(api.requests).toHaveLength(1);
    expect(probeOf(result)).not.toHaveProperty('retried');
  });
});
