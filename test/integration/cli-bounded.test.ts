/**
 * `kubeward check` stays bounded on hostile KUBECONFIG lists (issue 14): a FIFO nothing writes to,
 * a device, a pipe from process substitution, thousands of entries. kubectl is the oracle where it
 * has a verdict (skipped with a message without it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/findings';
import { KUBECTL } from '../fixtures/kubectl';
import { CLI } from '../support/cli';
import { tempDir } from '../support/temp';

if (!KUBECTL) console.warn('cli-bounded: kubectl is not on PATH, skipping the comparisons with kubectl');

const CONFIG = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: 'https://127.0.0.1:6443'}
users:
- name: u
  user: {token: opaque}
contexts:
- name: ctx
  context: {cluster: c, user: u}
current-context: ctx
`;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A command in `dir` with only PATH, HOME and TMPDIR (and `env`), killed after `timeoutMs`. */
function run(dir: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Run {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: dir,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env.PATH, HOME: dir, TMPDIR: process.env.TMPDIR, ...env },
  });
  const { status: code, signal, stdout, stderr } = result;
  return { code, signal, stdout, stderr, ms: performance.now() - started };
}

const kubeward = (dir: string, args: string[], env?: NodeJS.ProcessEnv) =>
  run(dir, process.execPath, [CLI, 'check', ...args], env);

function unreadable(report: Report) {
  return report.findings.filter((f) => f.rule === 'kubeconfig-unreadable');
}

describe.runIf(process.platform !== 'win32')('kubeward check on what is not a kubeconfig file', () => {
  it('reports a FIFO nothing writes to within its bounds (exit 1), where kubectl hangs', () => {
    const dir = tempDir('cli-fifo');
    expect(spawnSync('mkfifo', [path.join(dir, 'fifo')]).status).toBe(0);
    writeFileSync(path.join(dir, 'config'), CONFIG);
    const result = kubeward(dir, ['--offline', '--json', '--timeout', '30'], { KUBECONFIG: 'fifo:config' });
    expect(result.ms).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    const [finding] = unreadable(JSON.parse(result.stdout) as Report);
    expect(finding).toMatchObject({
      severity: 'error',
      evidence: { path: path.join(dir, 'fifo'), state: 'special', kind: 'pipe', pipe: 'no-writer' },
    });
    expect(finding?.detail).toContain('kubectl blocks opening it until a program writes to it');
    if (KUBECTL) {
      const kubectl = run(dir, KUBECTL, ['config', 'view', '--kubeconfig', 'fifo'], {}, 2_000);
      expect(kubectl.signal).toBe('SIGKILL');
    }
  });

  it('never reads a kubeconfig or a client certificate that is a link to /dev/zero', () => {
    const dir = tempDir('cli-zero');
    symlinkSync('/dev/zero', path.join(dir, 'zero'));
    writeFileSync(
      path.join(dir, 'config'),
      CONFIG.replace('{token: opaque}', '{client-certificate: zero, client-key: zero}'),
    );
    const result = kubeward(dir, ['--offline', '--json'], { KUBECONFIG: 'zero:config' });
    expect(result.ms).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(unreadable(report).map((f) => f.evidence)).toEqual([
      { path: path.join(dir, 'zero'), state: 'special', kind: 'character device' },
    ]);
    const findings = report.contexts[0]?.findings ?? [];
    expect(findings.filter((f) => f.rule === 'file-reference-missing').map((f) => f.title)).toEqual([
      'Client certificate file is not a file',
      'Client key file is not a file',
    ]);
    // No suggested command that never finishes: nothing reads the device.
    const commands = [...report.findings, ...findings]
      .flatMap((f) => [...f.fix.steps, ...(f.fix.paths ?? []).flatMap((p) => p.steps)])
      .map((s) => s.command ?? '');
    expect(commands.filter((c) => c.includes(path.join(dir, 'zero')) && !c.startsWith('ls -l '))).toEqual([]);
  });

  it('reads /dev/fd/3 from process substitution as kubectl does, and checks what it holds', () => {
    const dir = tempDir('cli-fd');
    writeFileSync(path.join(dir, 'config'), CONFIG);
    // bash's <(...) hands the reader a pipe as /dev/fd/N, as a user's shell does.
    const script = `exec "$@" --kubeconfig /dev/fd/3 3< <(cat config)`;
    const result = run(dir, 'bash', ['-c', script, 'bash', process.execPath, CLI, 'check', '--offline', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings).toEqual([]);
    expect(report.contexts.map((c) => c.name)).toEqual(['ctx']);
    if (KUBECTL) {
      const kubectl = run(dir, 'bash', ['-c', script, 'bash', KUBECTL, 'config', 'get-contexts', '-o', 'name']);
      expect({ code: kubectl.code, stdout: kubectl.stdout }).toEqual({ code: 0, stdout: 'ctx\n' });
    }
  });

  it('is linear in the KUBECONFIG list: 12,000 missing entries are skipped, as kubectl skips them', () => {
    const dir = tempDir('cli-many');
    mkdirSync(path.join(dir, 'x'));
    writeFileSync(path.join(dir, 'config'), CONFIG);
    // Relative entries keep the variable under the kernel's 128 KB limit for one environment string.
    const list = [...Array.from({ length: 12_000 }, (_, i) => `x/${String(i).padStart(5, '0')}`), 'config'].join(':');
    const result = kubeward(dir, ['--offline', '--json'], { KUBECONFIG: list });
    // Generous: quadratic took minutes and gigabytes here; linear takes about a second on a loaded machine.
    expect(result.ms).toBeLessThan(20_000);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.contexts.map((c) => c.name)).toEqual(['ctx']);
    const missing = unreadable(report);
    expect(missing).toHaveLength(12_000);
    expect(new Set(missing.map((f) => f.severity))).toEqual(new Set(['info']));
    expect(result.stdout.length).toBeLessThan(12_000 * 1_000);
    if (KUBECTL) {
      const kubectl = run(dir, KUBECTL, ['config', 'get-contexts', '-o', 'name'], { KUBECONFIG: list });
      expect({ code: kubectl.code, stdout: kubectl.stdout }).toEqual({ code: 0, stdout: 'ctx\n' });
    }
  });
});
