/** `kubeward fix` end to end: the built CLI as a real process on real kubeconfig files. */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { findCommand } from '../../electron/core/exec/find-command';
import { RULE_IDS } from '../../shared/rules/ids';
import { certificateUser, startApiServer, type ApiServer } from '../fixtures/apiserver';
import { serviceAccountToken, signJwt, verificationKey } from '../fixtures/jwt';
import { createCa, toData } from '../fixtures/pki';
import { CLI, runKubeward, type CliResult } from '../support/cli';
import { PLATFORM } from '../support/host';
import { tempFiles } from '../support/temp';

const search = { path: process.env.PATH, platform: PLATFORM };
const kubectl = await findCommand('kubectl', search);
const aws = await findCommand('aws', search);
const CANARY = 'kw-canary-Secret-0123456789abcdef';
const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

function files(contents: Record<string, string>, mode = 0o600) {
  const made = tempFiles(contents, mode);
  return { ...made, list: Object.values(made.paths).join(path.delimiter) };
}

/** The CLI without blocking this process: the stand-in API server here must answer its probes. */
function runKubewardAsync(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function runKubectl(args: string[], list: string, home: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      kubectl.resolved ?? 'kubectl',
      args,
      { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: list } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

const FIRST = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}
users:
- name: alice
  user: {token: ${CANARY}}
contexts:
- name: dev
  context: {cluster: prod, user: alice}
current-context: dev
`;
const SECOND = `apiVersion: v1
kind: Config
# contexts from the old cluster
contexts:
- name: stale
  context: {cluster: decommissioned, user: alice}
`;

describe('kubeward fix', () => {
  it('is in --help, and explains itself with fix --help', () => {
    expect(runKubeward(['--help']).stdout).toMatch(/^ {2}fix GUIDE +run a finding's safe fix steps/m);
    const help = runKubeward(['fix', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: kubeward fix GUIDE \[--context NAME\] \[--path PATH\] \[--via CONTEXT\] \[--yes\]/,
    );
  });

  it.each([
    [['fix'], /fix: name one guide/],
    [['fix', 'context-dangling', 'extra'], /fix: name one guide/],
    [['fix', 'context-dangling', '--context', 'nope'], /no context named "nope"; contexts: dev, stale/],
    [['fix', 'context-dangling', '--timeout', '0'], /--timeout/],
    [['fix', 'context-dangling', '--frobnicate'], /frobnicate/],
  ])('rejects %j with exit 2 and one line', (args, message) => {
    const { dir, list } = files({ first: FIRST, second: SECOND });
    const result = runKubeward([...args, '--kubeconfig', list, '--offline'], { HOME: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('names the guides when GUIDE is none of them, and suggests the nearest', () => {
    const { dir, list } = files({ first: FIRST, second: SECOND });
    const typo = runKubeward(['fix', 'context-danglng', '--kubeconfig', list, '--offline'], { HOME: dir });
    expect(typo.code).toBe(2);
    const [error, heading, ...guides] = typo.stderr.trimEnd().split('\n');
    expect(error).toBe('kubeward: fix: no guide named "context-danglng"; did you mean context-dangling?');
    expect(heading).toBe('Guides:');
    expect(guides.map((g) => g.trim())).toEqual([...RULE_IDS]);
    const far = runKubeward(['fix', 'no-such-guide', '--kubeconfig', list, '--offline'], { HOME: dir });
    expect(far.code).toBe(2);
    expect(far.stderr.split('\n')[0]).toBe(
      'kubeward: fix: no guide named "no-such-guide" (guides are named like the rule ids a check prints)',
    );
    expect(far.stderr).toContain('\n  context-dangling\n');
    expect(far.stderr).not.toMatch(STACK_LINE);
  });

  it("check shows the recommended way's first step, and the fix command that shows the other ways", () => {
    const { dir, paths, list } = files({ first: FIRST, second: SECOND });
    const result = runKubeward(['check', '--offline', '--kubeconfig', list], { HOME: dir });
    expect(result.stdout).toContain(
      `          fix: kubectl config --kubeconfig ${paths.second} set-context stale --cluster=prod\n` +
        '          1 other way: kubeward fix context-dangling --context stale\n',
    );
    // One such line per guide with alternatives (insecure-skip-tls-verify without a CA is the other), none elsewhere.
    expect(result.stdout.match(/ \d+ other ways?: .+/g)).toEqual([
      ' 1 other way: kubeward fix insecure-skip-tls-verify --context dev',
      ' 1 other way: kubeward fix context-dangling --context stale',
    ]);
  });

  it('without --yes and without a terminal, lists the ways and the steps, says why once, exits 2 and changes nothing', () => {
    const { dir, paths, list } = files({ first: FIRST, second: SECOND });
    const args = ['fix', 'context-dangling', '--context', 'stale', '--kubeconfig', list, '--offline'];
    const result = runKubeward([...args, '--path', 'delete'], { HOME: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('error context-dangling: Context names an undefined cluster (context stale)');
    expect(result.stdout).toContain('  1. Point it at a cluster (--path choose-cluster): ');
    expect(result.stdout).toContain('  2. Delete the context (--path delete): ');
    expect(result.stdout).toContain(`  1. Delete context stale from ${paths.second}  [kubeward can run this]`);
    expect(result.stderr).toBe(
      'kubeward: fix: stdin is not a terminal, so there is no one to ask: add --yes to run the steps\n',
    );
    expect(readFileSync(paths.first ?? '', 'utf8')).toBe(FIRST);
    expect(readFileSync(paths.second ?? '', 'utf8')).toBe(SECOND);

    // The recommended way is the user's own to do: nothing for kubeward to run, so exit 1, still nothing changed.
    const recommended = runKubeward(args, { HOME: dir });
    expect(recommended.code).toBe(1);
    // The choice of cluster is the user's: each option shows with its own command to copy.
    expect(recommended.stdout).toContain(
      `     Cluster prod:\n     $ kubectl config --kubeconfig ${paths.second} set-context stale --cluster=prod\n`,
    );
    expect(recommended.stderr).toBe(
      'kubeward: none of these steps is one kubeward runs itself; run the commands above\n',
    );
    expect(readFileSync(paths.second ?? '', 'utf8')).toBe(SECOND);
  });

  it.skipIf(!kubectl.resolved)(
    'with --yes deletes the context from the file that defines it, as kubectl does, keeps a backup, and verifies',
    async () => {
      const { dir, paths, list } = files({ first: FIRST, second: SECOND });
      const oracle = files({ first: FIRST, second: SECOND });
      const result = runKubeward(
        [
          'fix',
          'context-dangling',
          '--context',
          'stale',
          '--path',
          'delete',
          '--yes',
          '--kubeconfig',
          list,
          '--offline',
        ],
        { HOME: dir },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const second = paths.second ?? '';
      expect(result.stdout).toContain(`done: deleted context stale from ${second}\n`);
      const backup = /^backup of (.+): (.+)$/m.exec(result.stdout);
      expect(backup?.[1]).toBe(second);
      expect(readFileSync(backup?.[2] ?? '', 'utf8')).toBe(SECOND);
      expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Fixed: context stale is no longer in the kubeconfig');
      expect(`${result.stdout}${result.stderr}`).not.toContain(CANARY);

      await runKubectl(['config', 'delete-context', 'stale'], oracle.list, oracle.dir);
      for (const name of ['first', 'second'] as const) {
        const ours = await runKubectl(['config', 'view', '--raw', '-o', 'json'], paths[name] ?? '', dir);
        const theirs = await runKubectl(['config', 'view', '--raw', '-o', 'json'], oracle.paths[name] ?? '', dir);
        expect(JSON.parse(ours.stdout)).toEqual(JSON.parse(theirs.stdout));
      }
      expect(readFileSync(second, 'utf8')).toContain('# contexts from the old cluster');
      expect(readFileSync(paths.first ?? '', 'utf8')).toBe(FIRST);
    },
  );

  it.skipIf(process.getuid?.() !== 0)(
    "keeps the file's owner and group whoever runs it: root on a user's file, a user on root's writable file",
    () => {
      const fix = (list: string, home: string, as: { uid: number; gid: number }) =>
        spawnSync(
          process.execPath,
          [CLI, 'fix', 'context-dangling', '--context', 'stale', '--path', 'delete', '-y', '--offline'],
          {
            ...as,
            encoding: 'utf8',
            timeout: 20_000,
            env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: list },
          },
        );
      // sudo kubeward fix on a user's kubeconfig: a rename would leave it root's and unreadable to them.
      const users = files({ first: FIRST, second: SECOND });
      const second = users.paths.second ?? '';
      chownSync(second, 1000, 1000);
      expect(fix(users.list, users.dir, { uid: 0, gid: 0 }).status).toBe(0);
      expect(readFileSync(second, 'utf8')).not.toContain('stale');
      expect(statSync(second)).toMatchObject({ uid: 1000, gid: 1000 });

      // A user fixing a file root shares with them: they may not give a new file to root, so it is written in place.
      const shared = files({ first: FIRST, second: SECOND });
      for (const file of Object.values(shared.paths)) chmodSync(file, 0o666);
      chmodSync(shared.dir, 0o777);
      // The run's temp directory, and a TMPDIR from mktemp -d above it, are root's 0700: let the user
      // through them (search, not list) while their fix runs.
      const closed: { dir: string; mode: number }[] = [];
      for (let dir = path.dirname(shared.dir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const mode = statSync(dir).mode & 0o7777;
        if ((mode & 0o001) === 0) closed.push({ dir, mode });
      }
      for (const { dir, mode } of closed) chmodSync(dir, mode | 0o011);
      let result: ReturnType<typeof fix>;
      try {
        result = fix(shared.list, shared.dir, { uid: 1000, gid: 1000 });
      } finally {
        for (const { dir, mode } of closed) chmodSync(dir, mode);
      }
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const sharedSecond = shared.paths.second ?? '';
      expect(readFileSync(sharedSecond, 'utf8')).not.toContain('stale');
      expect(statSync(sharedSecond)).toMatchObject({ uid: 0, gid: 0 });
      expect(statSync(sharedSecond).mode & 0o777).toBe(0o666);
    },
  );

  it.skipIf(!existsSync('/usr/bin/script'))(
    'on a terminal asks which way, then per step, and a no leaves the file alone',
    async () => {
      const { dir, paths, list } = files({ first: FIRST, second: SECOND });
      const command = [process.execPath, CLI, 'fix', 'context-dangling', '--context', 'stale', '--offline']
        .concat(['--kubeconfig', list])
        .map((word) => `'${word}'`)
        .join(' ');
      // script(1) gives the CLI a pseudo-terminal. Each answer is typed once its question shows, as a person
      // would: typed ahead, the second would reach the prompt before its question and be lost.
      const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], {
        env: { PATH: process.env.PATH, HOME: dir, TERM: 'dumb' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const deleteStale = `kubectl config --kubeconfig ${paths.second} delete-context stale`;
      const answers = [
        { question: 'Which way? [1-2, default 1] ', answer: '2\n' },
        { question: `Run step 1: ${deleteStale}? [y/N] `, answer: 'n\n' },
      ];
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const next = answers[0];
        if (next && stdout.includes(next.question)) {
          answers.shift();
          child.stdin.write(next.answer);
        }
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearTimeout(timer);
      expect(answers).toEqual([]);
      expect(stdout).toContain('Delete the context (--path delete):');
      expect(stdout).toContain(`skipped step 1: ${deleteStale}`);
      expect(stdout).toContain('Not fixed yet for stale: Context names an undefined cluster');
      expect(status).toBe(1);
      expect(readFileSync(paths.second ?? '', 'utf8')).toBe(SECOND);
    },
  );

  it('says there is nothing to fix, exit 0, when the guide has no finding there', () => {
    const { dir, list } = files({ config: FIRST });
    const result = runKubeward(['fix', 'kubeconfig-permissions', '--kubeconfig', list, '--offline'], { HOME: dir });
    expect(result).toEqual({
      code: 0,
      stdout: 'Nothing to fix: the kubeconfig has no kubeconfig-permissions finding.\n',
      stderr: '',
    });
  });

  it('makes every world-readable kubeconfig of the list private (config-wide findings, no --context)', () => {
    const { dir, paths, list } = files({ first: FIRST, second: SECOND }, 0o644);
    const result = runKubeward(['fix', 'kubeconfig-permissions', '--yes', '--kubeconfig', list, '--offline'], {
      HOME: dir,
    });
    expect(result.code).toBe(0);
    for (const file of Object.values(paths))
      expect(result.stdout).toContain(`done: ${file} now has mode 0600 (was 0644)`);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Fixed: the kubeconfig no longer has this problem');
  });

  it.skipIf(!aws.resolved)('exits 1 with the failure when a step fails, the command output shown as it came', () => {
    // An EKS cluster entry without a server: the guide re-fetches it with aws eks update-kubeconfig.
    const eks = `apiVersion: v1
kind: Config
clusters:
- name: shop
  cluster: {}
users:
- name: eks-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, us-east-1, eks, get-token, --cluster-name, shop, --profile, nosuch]
contexts:
- name: shop
  context: {cluster: shop, user: eks-user}
current-context: shop
`;
    const { dir, paths, list } = files({ config: eks });
    const result = runKubeward(
      ['fix', 'cluster-server-missing', '--context', 'shop', '-y', '--kubeconfig', list, '--offline'],
      { HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' },
    );
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const running = lines.indexOf(
      'running step 1: aws eks update-kubeconfig --name shop --region us-east-1 --profile nosuch --alias shop',
    );
    const streamed = lines.indexOf('The config profile (nosuch) could not be found');
    const failed = lines.indexOf('failed: aws exited with code 255: The config profile (nosuch) could not be found');
    expect(running).toBeGreaterThan(0);
    expect(streamed).toBeGreaterThan(running);
    expect(failed).toBeGreaterThan(streamed);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Not fixed yet for shop: Cluster has no server');
    expect(result.stderr).toBe('');
    expect(readFileSync(paths.config ?? '', 'utf8')).toBe(eks);
  });
});

describe.skipIf(!kubectl.resolved)('kubeward fix token-expired against the stand-in API server', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({
      jwtKeys: [await verificationKey()],
      tokenRequests: { creators: ['system:masters'], sign: (claims) => signJwt(claims) },
    });
  });
  afterAll(() => server.stop());

  it('mints a token with the admin context, stores it, probes the server and says fixed; the token is never printed', async () => {
    const expired = await serviceAccountToken({
      namespace: 'prod',
      name: 'deployer',
      issuedAt: Date.now() - 3 * 3_600_000,
    });
    const admin = certificateUser(server.clientCa.issue({ cn: 'admin', organizations: ['system:masters'] }));
    const { dir, paths, list } = files({
      config: `apiVersion: v1
kind: Config
clusters:
- name: stand-in
  cluster: {server: "${server.url}", certificate-authority-data: ${toData(server.caPem)}}
users:
- name: deployer
  user: {token: ${expired}}
- name: admin
  user: {client-certificate-data: ${admin['client-certificate-data']}, client-key-data: ${admin['client-key-data']}}
contexts:
- name: ci
  context: {cluster: stand-in, user: deployer}
- name: admin
  context: {cluster: stand-in, user: admin}
current-context: ci
`,
    });
    const result = await runKubewardAsync(['fix', 'token-expired', '--context', 'ci', '--yes', '--kubeconfig', list], {
      HOME: dir,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `running step 1: kubectl config --kubeconfig ${paths.config} set-credentials deployer --token=$(kubectl --context admin create token deployer -n prod --duration=1h)`,
    );
    expect(result.stdout).toContain(
      `done: stored a new 1h token of ServiceAccount prod/deployer in user deployer in ${paths.config}`,
    );
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Fixed: kubectl can use ci again');
    const token = String(parseDocument(readFileSync(paths.config ?? '', 'utf8')).getIn(['users', 0, 'user', 'token']));
    expect(token).not.toBe(expired);
    for (const secret of [token, expired, admin['client-key-data'] ?? '']) {
      expect(result.stdout).not.toContain(secret);
      expect(result.stderr).not.toContain(secret);
    }
  });
});

describe.skipIf(PLATFORM === 'win32' || !existsSync('/bin/bash'))('kubeward fix exec-plugin-gui-path', () => {
  const guiConfig = (caData: string) => `apiVersion: v1
kind: Config
clusters:
- name: gui
  cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: ${caData}}
users:
- name: gui-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: kw-login-only-plugin
      interactiveMode: Never
contexts:
- name: gui
  context: {cluster: gui, user: gui-user}
current-context: gui
`;
  /** What a GUI app gets from launchd: the plugin's directory is only on the login shell's PATH. */
  const GUI_PATH = '/usr/bin:/bin';
  const fixArgs = (config: string) => [
    'fix',
    'exec-plugin-gui-path',
    '--context',
    'gui',
    '--yes',
    '--kubeconfig',
    config,
    '--offline',
  ];

  /** A HOME whose ~/.bash_profile puts a directory holding the plugin on PATH, as Homebrew's shellenv does. */
  function loginHome() {
    const { dir, paths } = files({ config: guiConfig(toData(createCa({ cn: 'kubernetes' }).certPem)) });
    const bin = path.join(dir, 'login-bin');
    mkdirSync(bin);
    const plugin = path.join(bin, 'kw-login-only-plugin');
    writeFileSync(
      plugin,
      '#!/bin/sh\nprintf \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}\'\n',
      {
        mode: 0o755,
      },
    );
    writeFileSync(path.join(dir, '.bash_profile'), 'echo "Welcome back"\nPATH="$HOME/login-bin:$PATH"\nexport PATH\n');
    return { dir, config: paths.config as string, plugin };
  }

  it('finds the plugin through the PATH bash -l builds and pins its absolute path', () => {
    const { dir, config, plugin } = loginHome();
    const result = runKubeward(fixArgs(config), { HOME: dir, PATH: GUI_PATH, SHELL: '/bin/bash' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(plugin);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Fixed: /);
    expect(result.code).toBe(0);
    const users = parseDocument(readFileSync(config, 'utf8')).toJS() as {
      users: { user: { exec: { command: string } } }[];
    };
    expect(users.users[0]?.user.exec.command).toBe(plugin);
  });

  it('without a login shell to ask, or with one that hangs: one line saying so, in bounded time, no stack trace', () => {
    const { dir, config } = loginHome();
    const unset = runKubeward(fixArgs(config), { HOME: dir, PATH: GUI_PATH });
    expect(unset).toEqual({
      code: 0,
      stdout: 'Nothing to fix: context gui has no exec-plugin-gui-path finding.\n',
      stderr:
        'kubeward: fix: $SHELL is not set, so there is no login shell to ask for its PATH; looking on this PATH only\n',
    });
    const hanging = path.join(dir, 'hanging-shell');
    writeFileSync(hanging, '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const started = Date.now();
    const hung = runKubeward(fixArgs(config), { HOME: dir, PATH: GUI_PATH, SHELL: hanging });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(hung.code).toBe(0);
    expect(hung.stderr).toBe(
      `kubeward: fix: your login shell (${hanging}) did not say its PATH within 3 s; looking on this PATH only\n`,
    );
    expect(hung.stderr).not.toMatch(STACK_LINE);
  });
});
