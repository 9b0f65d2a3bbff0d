/**
 * The config edits fix steps show, pasted as a user would: into a shell whose KUBECONFIG is
 * another file. They name the file that defines the entry (`--kubeconfig`), so the real kubectl
 * edits that entry there and leaves the shell's file alone; without it, kubectl adds a new entry
 * to the shell's file instead.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCommand } from '../../electron/core/exec/find-command';
import { diagnose } from '../../shared/diagnose';
import { findingAt, guideSteps, type Report } from '../../shared/findings';
import type { RuleId } from '../../shared/rules/ids';
import { createCa, toData } from '../fixtures/pki';
import { PLATFORM } from '../support/host';
import { ENV } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { tempDir } from '../support/temp';

const kubectl = await findCommand('kubectl', { path: process.env.PATH, platform: PLATFORM });

const SHELL_FILE = 'apiVersion: v1\nkind: Config\npreferences: {}\n';

function setup() {
  const dir = tempDir('config-edit');
  const caData = toData(createCa({ cn: 'config-edit-ca' }).certPem);
  const texts = {
    // The context and its cluster, which skips TLS verification although it has a CA.
    team: `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: ${caData}, insecure-skip-tls-verify: true}
contexts:
- name: dev
  context: {cluster: prod, user: dev}
current-context: dev
`,
    // The user, in the second file of the list: a token and basic auth, which kubectl refuses together.
    users: `apiVersion: v1
kind: Config
users:
- name: dev
  user: {token: kw-canary-token-0123456789abcdef, username: dev, password: kw-canary-password}
`,
    shell: SHELL_FILE,
  };
  const files = Object.fromEntries(
    Object.entries(texts).map(([name, text]) => {
      const file = path.join(dir, name);
      writeFileSync(file, text, { mode: 0o600 });
      return [name, file];
    }),
  ) as Record<keyof typeof texts, string>;
  const report = diagnose(snapshotFrom({ sources: { [files.team]: texts.team, [files.users]: texts.users } }), ENV);
  return { dir, files, report };
}

function commandsOf(report: Report, rule: RuleId): string[] {
  const finding = findingAt(report, { context: 'dev', rule });
  return (finding ? (guideSteps(finding.fix) ?? []) : []).flatMap((s) =>
    s.command?.startsWith('kubectl config ') ? [s.command] : [],
  );
}

/** A command pasted into a POSIX shell whose KUBECONFIG is `kubeconfig`. */
function paste(command: string, kubeconfig: string, home: string): void {
  const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig };
  execFileSync('/bin/sh', ['-c', command], { env, stdio: 'pipe', timeout: 20_000 });
}

function view(file: string, home: string): { clusters?: unknown[]; users?: unknown[] } {
  const env = { PATH: process.env.PATH, HOME: home };
  const json = execFileSync(
    kubectl.resolved ?? 'kubectl',
    ['config', 'view', '--raw', '-o', 'json', '--kubeconfig', file],
    {
      env,
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  return JSON.parse(json) as { clusters?: unknown[]; users?: unknown[] };
}

describe.skipIf(!kubectl.resolved || PLATFORM === 'win32')('config edit commands (skipped: no kubectl)', () => {
  it('edit the entry in the file that defines it, whatever KUBECONFIG the shell has', () => {
    const { dir, files, report } = setup();
    const cluster = commandsOf(report, 'insecure-skip-tls-verify');
    const user = commandsOf(report, 'credentials-conflict');
    expect(cluster).toEqual([
      `kubectl config --kubeconfig ${files.team} set-cluster prod --insecure-skip-tls-verify=false`,
    ]);
    expect(user).toEqual([
      `kubectl config --kubeconfig ${files.users} unset users.dev.username`,
      `kubectl config --kubeconfig ${files.users} unset users.dev.password`,
    ]);
    for (const command of [...cluster, ...user]) paste(command, files.shell, dir);

    expect(readFileSync(files.shell, 'utf8')).toBe(SHELL_FILE);
    expect(view(files.team, dir).clusters).toEqual([
      {
        name: 'prod',
        cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': expect.any(String) as string },
      },
    ]);
    expect(view(files.users, dir).users).toEqual([
      { name: 'dev', user: { token: 'kw-canary-token-0123456789abcdef' } },
    ]);
    // Checked again, the kubeconfig no longer has either problem.
    const again = diagnose(
      snapshotFrom({
        sources: { [files.team]: readFileSync(files.team, 'utf8'), [files.users]: readFileSync(files.users, 'utf8') },
      }),
      ENV,
    );
    expect(commandsOf(again, 'insecure-skip-tls-verify')).toEqual([]);
    expect(commandsOf(again, 'credentials-conflict')).toEqual([]);
  });

  it("puts a lone certificate's key back as kubectl wants it, once the user names the key file", () => {
    const dir = tempDir('config-edit');
    const issued = createCa({ cn: 'config-edit-ca' }).issue({ cn: 'dev' });
    const keyFile = path.join(dir, 'dev.key');
    writeFileSync(keyFile, issued.keyPem, { mode: 0o600 });
    const file = path.join(dir, 'users');
    const text = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: dev
  user: {client-certificate-data: ${toData(issued.certPem)}}
contexts:
- name: dev
  context: {cluster: prod, user: dev}
`;
    writeFileSync(file, text, { mode: 0o600 });
    const shell = path.join(dir, 'shell');
    writeFileSync(shell, SHELL_FILE, { mode: 0o600 });
    // What kubectl itself says of the entry before any request: the refusal, then (fixed) the unreachable server.
    const kubectlSays = () => {
      try {
        execFileSync(kubectl.resolved ?? 'kubectl', ['--kubeconfig', file, '--context', 'dev', 'get', '--raw', '/'], {
          env: { PATH: process.env.PATH, HOME: dir },
          stdio: 'pipe',
          timeout: 20_000,
        });
        return '';
      } catch (error) {
        return String((error as { stderr?: Buffer }).stderr ?? '');
      }
    };
    expect(kubectlSays()).toMatch(/client-key-data or client-key must be specified for dev/);

    const report = diagnose(snapshotFrom({ sources: { [file]: text } }), ENV);
    const finding = findingAt(report, { context: 'dev', rule: 'credentials-conflict' });
    const restore = (finding && guideSteps(finding.fix, 'restore-key')?.[0]?.command) ?? '';
    expect(restore).toContain('<KEY_FILE>');
    paste(restore.replace('<KEY_FILE>', keyFile), shell, dir);

    expect(readFileSync(shell, 'utf8')).toBe(SHELL_FILE);
    const said = kubectlSays();
    expect(said).not.toMatch(/must be specified/);
    expect(said).toMatch(/127\.0\.0\.1:1/);
    const again = diagnose(snapshotFrom({ sources: { [file]: readFileSync(file, 'utf8') } }), ENV);
    expect(findingAt(again, { context: 'dev', rule: 'credentials-conflict' })).toBeUndefined();
  });

  it('without --kubeconfig, the same edit lands in the shell file as a new entry (why the flag is there)', () => {
    const { dir, files, report } = setup();
    const [command = ''] = commandsOf(report, 'insecure-skip-tls-verify');
    paste(command.replace(` --kubeconfig ${files.team}`, ''), files.shell, dir);
    expect(view(files.shell, dir).clusters).toEqual([{ name: 'prod', cluster: { server: '' } }]);
    expect(view(files.team, dir).clusters).toEqual([
      expect.objectContaining({ cluster: expect.objectContaining({ 'insecure-skip-tls-verify': true }) as unknown }),
    ]);
  });
});
