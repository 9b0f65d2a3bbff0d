/**
 * Flap suppression through `kubeward watch --json` as a real process: an API server that cannot be
 * reached (its proxy a real closed port: a refused loopback server itself is a local cluster that is
 * not running, which never alerts) alerts only when two consecutive checks agree; one failing check
 * followed by a reachable stand-in server alerts nothing.
 */
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { stringify } from 'yaml';
import { kubeconfigFor, startApiServer } from '../fixtures/apiserver';
import { CLI } from '../support/cli';
import { closedPort } from '../support/ports';
import { tempDir } from '../support/temp';

interface Line {
  type: string;
  [key: string]: unknown;
}

describe('kubeward watch flap suppression', () => {
  it('alerts an unreachable server after the second failing check, never after one', async () => {
    const server = await startApiServer({ tokens: { 'kw-flap-token': { username: 'alice' } } });
    onTestFinished(() => server.stop());
    const user = { token: 'kw-flap-token' };
    const reachable = kubeconfigFor(server, user, { name: 'prod' });
    const unreachable = stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'prod',
          cluster: { server: 'https://prod.kubeward.test:6443', 'proxy-url': `http://127.0.0.1:${await closedPort()}` },
        },
      ],
      users: [{ name: 'prod', user }],
      contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'prod' } }],
      'current-context': 'prod',
    });
    const dir = tempDir('watch-flap');
    const config = path.join(dir, 'config');
    const write = (yaml: string) => {
      const temp = `${config}.tmp`;
      writeFileSync(temp, yaml, { mode: 0o600 });
      renameSync(temp, config);
    };
    write(unreachable);
    const child = spawn(
      process.execPath,
      [CLI, 'watch', '--json', '--timeout', '5', '--kubeconfig', config, '--state', path.join(dir, 'state.json')],
      { env: { PATH: process.env.PATH, HOME: dir, TMPDIR: process.env.TMPDIR }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    const lines: Line[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const text of complete) lines.push(JSON.parse(text) as Line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const checks = async (count: number) => {
      const deadline = Date.now() + 15_000;
      while (lines.filter((l) => l.type === 'check').length < count) {
        if (Date.now() > deadline) throw new Error(`no check line #${count}; stderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const alerts = () => lines.filter((l) => l.type === 'alert');

    // Unreachable, then reachable: one failing check, no alert.
    await checks(1);
    expect(lines.at(-1)).toMatchObject({ type: 'check', warning: 1 });
    expect(alerts()).toEqual([]);
    write(reachable);
    await checks(2);
    expect(lines.at(-1)).toMatchObject({ type: 'check', error: 0, warning: 0 });
    expect(alerts()).toEqual([]);

    // Unreachable twice in a row: the second check alerts, once.
    write(unreachable);
    await checks(3);
    expect(alerts()).toEqual([]);
    write(unreachable);
    await checks(4);
    expect(alerts()).toEqual([
      expect.objectContaining({ type: 'alert', context: 'prod', rule: 'server-unreachable', threshold: 'now' }),
    ]);
    expect(server.connections).toBeGreaterThan(0);
    child.kill('SIGTERM');
  });
});
