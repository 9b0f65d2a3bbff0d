/**
 * The command line's manners (docs/cli.md), on the built CLI as a real process: help per command,
 * "did you mean" for a mistyped command or flag, the instant --at evaluated, the summary table,
 * wrapping at a real pseudo-terminal's width, and the statuses that are not "OK": a credential
 * nothing tested, and a local cluster that is not running, against a real server and a closed port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Report } from '../../shared/findings';
import { kubeconfigFor, startApiServer, type ApiServer } from '../fixtures/apiserver';
import { CLI, runKubeward, runKubewardAsync } from '../support/cli';
import { closedPort } from '../support/ports';
import { tempFiles } from '../support/temp';

const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

function expectUsageError(args: string[], line: string): void {
  const result = runKubeward(args);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`${line}\n`);
}

describe('help', () => {
  it.each(['check', 'watch', 'fix', 'help'])(
    'prints the help of %s alike for help CMD, CMD --help and CMD -h',
    (command) => {
      const viaHelp = runKubeward(['help', command]);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: kubeward ${command}\\b`));
      expect(viaHelp.stderr).toBe('');
      expect(runKubeward([command, '--help']).stdout).toBe(viaHelp.stdout);
      expect(runKubeward([command, '-h']).stdout).toBe(viaHelp.stdout);
    },
  );

  it('gives each command its own flags, and the overview lists every command', () => {
    const check = runKubeward(['help', 'check']).stdout;
    const watch = runKubeward(['help', 'watch']).stdout;
    expect(check).toMatch(/^ {2}--fail-on LEVEL /m);
    expect(watch).not.toMatch(/--fail-on/);
    expect(watch).toMatch(/^ {2}--schedule CRON /m);
    const overview = runKubeward(['help']);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toBe(runKubeward(['--help']).stdout);
    for (const command of ['check', 'watch', 'fix GUIDE', 'help \\[COMMAND\\]']) {
      expect(overview.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
    }
  });
});

describe('did you mean', () => {
  it.each([
    [['check', '--contxt', 'x'], 'kubeward: check: unknown flag --contxt; did you mean --context?'],
    [['check', '--cnotext', 'x'], 'kubeward: check: unknown flag --cnotext; did you mean --context?'],
    [['check', '--kube', 'x'], 'kubeward: check: unknown flag --kube; did you mean --kubeconfig?'],
    [['watch', '--shedule', '* * * * *'], 'kubeward: watch: unknown flag --shedule; did you mean --schedule?'],
    [['fix', 'context-missing', '--yse'], 'kubeward: fix: unknown flag --yse; did you mean --yes?'],
    [['chekc'], 'kubeward: unknown command "chekc"; did you mean check?'],
    [['help', 'wacth'], 'kubeward: unknown command "wacth"; did you mean watch?'],
    [['--verison'], 'kubeward: unknown flag --verison; did you mean --version?'],
  ])('%j: one line, the nearest, exit 2', (args, line) => expectUsageError(args, line));

  it.each([
    [['check', '--frobnicate'], 'kubeward: check: unknown flag --frobnicate (kubeward check --help lists the flags)'],
    [['watch', '--context', 'x'], 'kubeward: watch: unknown flag --context (kubeward watch --help lists the flags)'],
    [['check', '-q'], 'kubeward: check: unknown flag -q (kubeward check --help lists the flags)'],
    [['deploy'], 'kubeward: unknown command "deploy" (try: kubeward --help)'],
  ])('%j: nothing close, so no guess', (args, line) => expectUsageError(args, line));

  it('still reports the other mistakes of a known flag in parseArgs words, on one line', () => {
    const result = runKubeward(['check', '--context']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kubeward: Option '--context <value>' argument missing\n$/);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });
});

const INSECURE = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: "https://prod.k8s.example.com:6443", insecure-skip-tls-verify: true}
- name: staging
  cluster: {server: "https://staging.k8s.example.com:6443", insecure-skip-tls-verify: true}
users:
- name: alice
  user: {token: opaque-token-value}
contexts:
- name: prod
  context: {cluster: prod, user: alice}
- name: staging-with-a-rather-long-context-name
  context: {cluster: staging, user: alice}
current-context: prod
`;

describe('text output', () => {
  it('says which instant --at evaluated, first, and JSON has it as checkedAt', () => {
    const { dir, paths } = tempFiles({ config: INSECURE });
    const text = runKubeward(['check', '--offline', '--at', '2026-12-24', '--kubeconfig', paths.config ?? ''], {
      HOME: dir,
    });
    expect(text.stdout.split('\n')[0]).toBe('Evaluated at 2026-12-24T00:00:00Z (--at 2026-12-24)');
    const json = runKubeward(
      ['check', '--json', '--offline', '--at', '2026-12-24T09:30:00+01:00', '--kubeconfig', paths.config ?? ''],
      {
        HOME: dir,
      },
    );
    expect((JSON.parse(json.stdout) as Report).checkedAt).toBe('2026-12-24T08:30:00.000Z');
    const now = runKubeward(['check', '--offline', '--kubeconfig', paths.config ?? ''], { HOME: dir });
    expect(now.stdout).not.toContain('Evaluated at');
  });

  it.skipIf(!existsSync('/usr/bin/script'))(
    "wraps prose at a terminal's width, never a command, and keeps every word; a pipe gets whole lines",
    () => {
      const { dir, paths } = tempFiles({ config: INSECURE });
      const args = ['check', '--offline', '--kubeconfig', paths.config ?? ''];
      const piped = runKubeward(args, { HOME: dir, COLUMNS: '60' });
      expect(piped.stdout.split('\n').some((line) => line.length > 60)).toBe(true);

      const command = [process.execPath, CLI, ...args].map((word) => `'${word}'`).join(' ');
      // script(1) gives the CLI a pseudo-terminal, 60 columns wide.
      const tty = spawnSync('/usr/bin/script', ['-qec', `stty cols 60; ${command}`, '/dev/null'], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { PATH: process.env.PATH, HOME: dir, TERM: 'dumb' },
      });
      const lines = tty.stdout.replaceAll('\r\n', '\n').trimEnd().split('\n');
      const commands = lines.filter((line) => /^ +(fix: kubectl |\d+ other ways?: kubeward fix )/.test(line));
      expect(commands.length).toBeGreaterThan(0);
      expect(lines.filter((line) => line.length > 60 && !commands.includes(line))).toEqual([]);
      expect(lines[2]).toMatch(/^staging-with-a-rather-long-context-name {2}WARNING {6}TLS v…$/);
      // Past the table, the same words as through a pipe, only laid out in narrower lines.
      const words = (text: string) => text.slice(text.indexOf('\n\n')).split(/\s+/).join(' ');
      expect(words(lines.join('\n'))).toBe(words(piped.stdout.trimEnd()));
    },
  );
});

describe('statuses that are not OK', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({ tokens: { 'static-token-of-alice': { username: 'alice', groups: [] } } });
  });
  afterAll(() => server.stop());

  const plugin = `#!/bin/sh
printf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"static-token-of-alice"}}'
`;

  /** Asynchronously: the stand-in server in this process answers the probe. */
  async function check(config: string, args: string[]) {
    const { dir, paths } = tempFiles({ config });
    const result = await runKubewardAsync(['check', '--json', '--kubeconfig', paths.config ?? '', ...args], {
      HOME: dir,
    });
    expect(result.stderr).toBe('');
    return { result, report: JSON.parse(result.stdout) as Report };
  }

  it('an exec plugin that did not run (--offline) is "Not checked"; once it ran and the server knew it, OK', async () => {
    const { dir, paths } = tempFiles({ 'plugin.sh': plugin }, 0o700);
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: paths['plugin.sh'],
      interactiveMode: 'Never',
    };
    const config = kubeconfigFor(server, { exec }, { name: 'eks' });
    const offline = await check(config, ['--offline']);
    expect(offline.report.contexts[0]?.status).toBe('not-checked');
    expect(offline.result.code).toBe(0);
    const online = await check(config, []);
    expect(online.report.contexts[0]).toMatchObject({ status: 'ok', identity: { username: 'alice' } });

    const { paths: text } = tempFiles({ config });
    const lines = runKubeward(['check', '--offline', '--kubeconfig', text.config ?? ''], { HOME: dir }).stdout.split(
      '\n',
    );
    expect(lines[0]).toMatch(/^NOT CHECKED eks \(current\) {2}user eks @ https:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.at(-2)).toBe('1 context checked: 0 errors, 0 warnings, 0 info; 1 not checked (offline)');
  });

  it('a token whose expiry no file says is "Not checked" offline, and no longer once the server accepted it', async () => {
    const config = kubeconfigFor(server, { token: 'static-token-of-alice' });
    expect((await check(config, ['--offline'])).report.contexts[0]?.status).toBe('not-checked');
    // Tested: what is left is token-opaque's note (info), not "Not checked".
    expect((await check(config, [])).report.contexts[0]?.status).toBe('info');
  });

  it('a kind cluster whose port is closed is "Not running", neutral: no warning, exit 0 even with --fail-on warning', async () => {
    const port = await closedPort();
    const config = kubeconfigFor(
      server,
      { token: 'static-token-of-alice' },
      { name: 'kind-dev', server: `https://127.0.0.1:${port}` },
    );
    const { result, report } = await check(config, ['--fail-on', 'warning', '--timeout', '5']);
    expect(result.code).toBe(0);
    const [context] = report.contexts;
    expect(context?.status).toBe('not-running');
    expect(context?.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['token-opaque', 'info'],
      ['cluster-not-running', 'info'],
    ]);
    const paths = context?.findings.find((f) => f.rule === 'cluster-not-running')?.fix.paths;
    expect(paths?.map((p) => [p.id, p.steps.map((s) => s.command)])).toEqual([
      ['start', ['docker start dev-control-plane', 'kubectl auth whoami --context kind-dev']],
      ['create', ['kind create cluster --name dev', 'kubectl auth whoami --context kind-dev']],
    ]);
    expect(JSON.stringify(report)).not.toMatch(/VPN/);
  });
});

it('starts a watch with one line that says what it watches and when', async () => {
  const { dir, paths } = tempFiles({ config: INSECURE });
  const args = ['watch', '--offline', '--kubeconfig', paths.config ?? '', '--state', path.join(dir, 'state.json')];
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: dir, TMPDIR: process.env.TMPDIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stdout = '';
  const firstLine = new Promise<string>((resolve) =>
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
    }),
  );
  expect(await firstLine).toBe(
    `watching ${paths.config} and the files it names (offline): checks now, on every change and every 15 minutes (*/15 * * * *); Ctrl-C stops`,
  );
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
