/** `kubeward watch --json` as a real process on a real kubeconfig (docs/cli.md). */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLI, runKubeward } from '../support/cli';
import { createCa, DAY, toData } from '../fixtures/pki';
import { alive, eventually } from '../support/process';
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
        // One line first: what it watches, and when it checks.
        { type: 'start', kubeconfig: [config], schedule: '*/15 * * * *', offline: true },
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

  /** A watch on `kubeconfig`, its output lines, and how long it takes to exit after SIGTERM. */
  function startWatch(
    dir: string,
    kubeconfigList: string,
    timeoutSeconds: string,
    mode: '--offline' | 'live' = '--offline',
  ) {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'watch',
        '--json',
        ...(mode === 'live' ? [] : [mode]),
        '--timeout',
        timeoutSeconds,
        '--state',
        path.join(dir, 'state.json'),
      ],
      {
        env: { PATH: process.env.PATH, HOME: dir, TMPDIR: process.env.TMPDIR, KUBECONFIG: kubeconfigList },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return {
      output: () => ({ stdout, stderr }),
      async stop(): Promise<{ code: number | null; ms: number }> {
        const started = performance.now();
        child.kill('SIGTERM');
        const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5_000))]);
        if (code === 'hung') throw new Error(`watch still runs 5 s after SIGTERM; stderr: ${stderr}`);
        return { code, ms: performance.now() - started };
      },
    };
  }

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it.runIf(process.platform !== 'win32')(
    'checks with a FIFO nothing writes to in KUBECONFIG, reports it, and exits within a second of SIGTERM',
    async () => {
      const dir = tempDir('watch-fifo');
      const fifo = path.join(dir, 'fifo');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const config = path.join(dir, 'config');
      writeFileSync(config, kubeconfig('alice'), { mode: 0o600 });
      const watch = startWatch(dir, `${fifo}:${config}`, '30');
      await until(() => watch.output().stdout.includes('"type":"check"'), 'the first check line');
      expect(
        JSON.parse(
          watch
            .output()
            .stdout.split('\n')
            .find((l) => l.includes('"type":"check"')) ?? '',
        ),
      ).toMatchObject({ contexts: 1, error: 1 });
      const { code, ms } = await watch.stop();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(1_000);
    },
  );

  it.runIf(process.platform !== 'win32')(
    'exits within a second of SIGTERM while a check waits on a pipe its writer does not finish',
    async () => {
      const dir = tempDir('watch-stall');
      const fifo = path.join(dir, 'fifo');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      // A writer that opens the pipe, writes half a line and then waits: the check reads until --timeout (30 s).
      const writer = spawn('sh', ['-c', 'exec > "$1"; printf "apiVersion"; sleep 60', 'sh', fifo], { stdio: 'ignore' });
      onTestFinished(() => {
        writer.kill('SIGKILL');
      });
      const watch = startWatch(dir, fifo, '30');
      await until(() => watch.output().stdout.includes('"type":"start"'), 'the start line');
      // The watch has started its first check once it loaded its state; give it time to get to the pipe.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Only the start line: the check has not finished.
      expect(
        watch
          .output()
          .stdout.split('\n')
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as Line).type),
      ).toEqual(['start']);
      const { code, ms } = await watch.stop();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(1_000);
      expect(watch.output().stderr).toBe('kubeward: stopping without waiting for the check in progress\n');
    },
  );

  it.runIf(process.platform !== 'win32')(
    'takes the exec plugin of a check in progress with it when SIGTERM stops it without waiting',
    async () => {
      const dir = tempDir('watch-plugin');
      const pids = path.join(dir, 'pids.json');
      const hang = path.resolve(import.meta.dirname, '../fixtures/plugins/hang.mjs');
      const config = path.join(dir, 'config');
      writeFileSync(
        config,
        `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:9"}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      interactiveMode: Never
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(hang)}, ${JSON.stringify(pids)}]
contexts:
- name: ctx
  context: {cluster: c, user: u}
current-context: ctx
`,
        { mode: 0o600 },
      );
      const watch = startWatch(dir, config, '30', 'live');
      await until(() => existsSync(pids) && readFileSync(pids, 'utf8').endsWith('}'), 'the plugin to start');
      const { plugin, grandchild } = JSON.parse(readFileSync(pids, 'utf8')) as { plugin: number; grandchild: number };
      onTestFinished(() => {
        for (const pid of [plugin, grandchild]) if (alive(pid)) process.kill(pid, 'SIGKILL');
      });
      const { code, ms } = await watch.stop();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(1_000);
      expect(await eventually(() => !alive(plugin) && !alive(grandchild))).toBe(true);
    },
  );

  it('rejects a bad schedule with exit 2', () => {
    const result = runKubeward(['watch', '--schedule', 'every tuesday']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kubeward: --schedule: "every tuesday" is not a cron expression (e.g. "*/15 * * * *")\n',
    );
  });
});
