/** `kubeward watch --json` as a real process on a real kubeconfig (docs/cli.md). */
import { spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLI, runKubeward } from '../support/cli';
import { createCa, DAY, toData } from '../fixtures/pki';
import { tempDir } from '../support/temp';

const ca = createCa({ cn: 'watch-test-ca' });

function kubeconfig(cn: string): string {
  const cert = ca.issue({ cn, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 2 * DAY) });
  return `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: ${toData(ca.certPem)}
users:
- name: admin
  user:
    client-certificate-data: ${toData(cert.certPem)}
    client-key-data: ${toData(cert.keyPem)}
contexts:
- name: prod
  context: {cluster: prod, user: admin}
current-context: prod
`;
}

interface Line {
  type: string;
  [key: string]: unknown;
}

describe('kubeward watch', () => {
  it('prints alert and check lines, re-checks after an atomic replace, and exits 0 on SIGTERM', async () => {
    const dir = tempDir('watch');
    const config = path.join(dir, 'config');
    const state = path.join(dir, 'state.json');
    writeFileSync(config, kubeconfig('alice'), { mode: 0o600 });
    const child = spawn(
      process.execPath,
      [CLI, 'watch', '--json', '--offline', '--kubeconfig', config, '--state', state],
      { env: { PATH: process.env.PATH, HOME: dir, TMPDIR: process.env.TMPDIR }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // A test that timed out no longer runs the finally below: the watch must not outlive it, writing into dir.
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    const lines: { at: number; line: Line }[] = [];
    let stderr = '';
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const text of complete) lines.push({ at: performance.now(), line: JSON.parse(text) as Line });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (count: number, type: string) => {
      const deadline = Date.now() + 10_000;
      while (lines.filter((l) => l.line.type === type).length < count) {
        if (Date.now() > deadline) throw new Error(`no ${type} line #${count}; stderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    try {
      await waitFor(1, 'check');
      expect(lines.map((l) => l.line)).toEqual([
        {
          type: 'alert',
          context: 'prod',
          rule: 'client-cert-expiring',
          severity: 'warning',
          title: 'prod: Client certificate expires soon',
          expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          threshold: '3d',
        },
        { type: 'check', at: expect.stringMatching(/Z$/), contexts: 1, error: 0, warning: 1 },
      ]);

      // The same file again: checked, nothing new to say.
      const temp = `${config}.tmp`;
      writeFileSync(temp, readFileSync(config));
      renameSync(temp, config);
      await waitFor(2, 'check');
      expect(lines.filter((l) => l.line.type === 'alert')).toHaveLength(1);

      // A renewed certificate, written the way kubectl writes, is a new credential: a new alert.
      // (The change-to-alert latency is measured by npm run bench, not asserted here.)
      writeFileSync(temp, kubeconfig('alice-renewed'), { mode: 0o600 });
      renameSync(temp, config);
      await waitFor(2, 'alert');
      expect(lines.filter((l) => l.line.type === 'alert')[1]?.line).toMatchObject({ rule: 'client-cert-expiring' });
    } finally {
      child.kill('SIGTERM');
      // Awaited also when an assertion failed: the watch writes its state into dir until it exits.
      await exited;
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    const canary = readFileSync(config, 'utf8').match(/client-key-data: (\S+)/)?.[1] ?? '';
    expect(canary.length).toBeGreaterThan(100);
    expect(JSON.stringify(lines)).not.toContain(canary.slice(0, 60));
  });

  it('rejects a bad schedule with exit 2', () => {
    const result = runKubeward(['watch', '--schedule', 'every tuesday']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kubeward: --schedule: "every tuesday" is not a cron expression (e.g. "*/15 * * * *")\n',
    );
  });
});
