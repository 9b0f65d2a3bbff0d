import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/findings';
import { CLI, runKubeward } from '../support/cli';
import { tempFiles } from '../support/temp';

const AT = '2026-11-28T12:00:00Z';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

function kubeconfig(body: string): string {
  return `apiVersion: v1\nkind: Config\n${body}`;
}

const TWO_CONTEXTS = kubeconfig(`clusters:
- name: prod
  cluster:
    server: https://127.0.0.1:6443
    insecure-skip-tls-verify: true
- name: dev
  cluster:
    server: https://127.0.0.1:7443
    insecure-skip-tls-verify: true
users:
- name: alice
  user:
    token: opaque-token-value
contexts:
- name: dev
  context: {cluster: dev, user: alice}
- name: prod
  context: {cluster: prod, user: alice, namespace: web}
current-context: prod
`);

function check(args: string[], files: Record<string, string | Buffer>) {
  const { dir, paths } = tempFiles(files);
  const kubeconfigArg = Object.values(paths).join(path.delimiter);
  return { dir, paths, ...runKubeward(['check', '--at', AT, '--kubeconfig', kubeconfigArg, ...args], { HOME: dir }) };
}

describe('kubeward command line', () => {
  it('prints usage with --help and its version with --version', () => {
    const help = runKubeward(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}check +diagnose the kubeconfig/m);
    const version = runKubeward(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^kubeward \d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['check', '--no-such-flag'], /no-such-flag/],
    [['check', '--at', 'next tuesday'], /--at: "next tuesday" is not an ISO 8601 time/],
    [['check', '--fail-on', 'info'], /--fail-on: expected "error" or "warning"/],
    [['check', '--timeout', '-3'], /--timeout/],
    [['check', '--context', 'a', '--current'], /exclude each other/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('rejects %j with exit 2 and one line, no stack', (args, message) => {
    const result = runKubeward(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('reports every context as JSON, current first, with the contract shape', () => {
    const result = check(['--json', '--offline'], { config: TWO_CONTEXTS });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as Report;
    expect(report.version).toBe(1);
    expect(report.checkedAt).toBe('2026-11-28T12:00:00.000Z');
    expect(report.kubeconfig).toEqual([result.paths.config]);
    expect(report.currentContext).toBe('prod');
    expect(report.contexts.map((c) => [c.name, c.current, c.cluster, c.user, c.server])).toEqual([
      ['prod', true, 'prod', 'alice', 'https://127.0.0.1:6443'],
      ['dev', false, 'dev', 'alice', 'https://127.0.0.1:7443'],
    ]);
    expect(report.contexts[0]?.credential.kind).toBe('token');
    const rules = report.contexts[0]?.findings.map((f) => f.rule);
    expect(rules).toContain('insecure-skip-tls-verify');
    expect(rules).toContain('token-opaque');
    // insecure-skip-tls-verify is a warning: exit 0 under the default --fail-on error, 1 under warning.
    expect(result.code).toBe(0);
    expect(check(['--json', '--offline', '--fail-on', 'warning'], { config: TWO_CONTEXTS }).code).toBe(1);
  });

  it('checks one context with --context and the current one with --current', () => {
    const named = JSON.parse(
      check(['--json', '--offline', '--context', 'dev'], { config: TWO_CONTEXTS }).stdout,
    ) as Report;
    expect(named.contexts.map((c) => c.name)).toEqual(['dev']);
    const current = JSON.parse(check(['--json', '--offline', '--current'], { config: TWO_CONTEXTS }).stdout) as Report;
    expect(current.contexts.map((c) => c.name)).toEqual(['prod']);
    const typo = check(['--offline', '--context', 'prdo'], { config: TWO_CONTEXTS });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no context named "prdo"; contexts: dev, prod');
  });

  it('runs exec plugins unless --offline, and never prints what they leak', () => {
    const secret = 'canary-plugin-secret-4f1d9c';
    const { dir, paths } = tempFiles({ 'secret.txt': secret });
    const config = path.join(dir, 'config');
    const failing = kubeconfig(`clusters:
- name: c
  cluster: {server: 'https://127.0.0.1:1'}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      interactiveMode: Never
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(path.join(FIXTURES, 'plugins/fail-with-secret.mjs'))}, ${JSON.stringify(paths['secret.txt'])}]
contexts:
- name: c
  context: {cluster: c, user: u}
current-context: c
`);
    writeFileSync(config, failing, { mode: 0o600 });
    const run = (extra: string[]) =>
      runKubeward(['check', '--json', '--at', AT, '--kubeconfig', config, ...extra], { HOME: dir });
    const live = run([]);
    const offline = run(['--offline']);
    const liveReport = JSON.parse(live.stdout) as Report;
    const failed = liveReport.contexts[0]?.findings.find((f) => f.rule === 'exec-plugin-failed');
    expect(failed?.evidence.exitCode).toBe(1);
    expect(live.code).toBe(1);
    expect(live.stdout + live.stderr).not.toContain(secret);
    const offlineReport = JSON.parse(offline.stdout) as Report;
    expect(offlineReport.contexts[0]?.findings.map((f) => f.rule)).not.toContain('exec-plugin-failed');
  });

  it('prints text without colour when piped: the instant, a table, a block per context and a summary last', () => {
    const result = check(['--offline'], { config: TWO_CONTEXTS });
    expect(result.stdout).not.toContain('\u001b[');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      `Evaluated at 2026-11-28T12:00:00Z (--at ${AT})`,
      'CONTEXT         STATUS       HEADLINE',
      'prod (current)  WARNING      TLS verification disabled (+1 more)',
      'dev             WARNING      TLS verification disabled (+1 more)',
      '',
    ]);
    expect(result.stdout).toMatch(/^WARNING +prod \(current\) +user alice @ https:\/\/127\.0\.0\.1:6443$/m);
    expect(result.stdout).toMatch(/^ {2}warning +insecure-skip-tls-verify: /m);
    expect(lines.at(-1)).toMatch(/^2 contexts checked: 0 errors, \d+ warnings?, \d+ info \(offline\)$/);
  });

  it.each([
    ['broken YAML', 'clusters:\n- name: a\n  cluster: {server: [unclosed\n'],
    ['binary junk', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x10])],
    ['a YAML list', '- just\n- a list\n'],
    ['the wrong kind', 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n'],
  ])('turns %s into a kubeconfig-invalid finding, exit 1, no stack', (_name, content) => {
    const result = check(['--json', '--offline'], { config: content });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((f) => f.rule)).toContain('kubeconfig-invalid');
  });

  it('reports a 50 MB file quickly instead of reading it, as an error: nothing in it was checked', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 'a');
    const started = Date.now();
    const result = check(['--json', '--offline'], { config: big });
    expect(Date.now() - started).toBeLessThan(10_000);
    const report = JSON.parse(result.stdout) as Report;
    const finding = report.findings.find((f) => f.rule === 'kubeconfig-unreadable');
    expect(finding?.detail).toMatch(/50(\.0)? MB/);
    // Nothing it defines was checked: an error (exit 1), not a pass.
    expect(finding?.severity).toBe('error');
    expect(result.code).toBe(1);
  });

  it('is a plain-Node bundle that never imports electron', () => {
    const dir = path.dirname(CLI);
    const chunks = path.join(dir, '..', 'chunks');
    const chunkFiles = existsSync(chunks) ? readdirSync(chunks).map((name) => path.join(chunks, name)) : [];
    const files = [CLI, ...chunkFiles];
    for (const file of files)
      expect(readFileSync(file, 'utf8')).not.toMatch(/from ["']electron["']|require\(["']electron["']\)/);
  });
});
