/**
 * The fix engine on real files: every kubeconfig change compared with what real
 * kubectl makes of an identical copy, real kubectl minting a token from the TLS
 * stand-in API server, real and stand-in programs for `run` steps.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { checkOnce } from '../../electron/core/check/check-once';
import { cliExecPolicy } from '../../electron/core/exec/policy';
import { findCommand } from '../../electron/core/exec/find-command';
import { FixEngine, type FixEngineOptions } from '../../electron/core/fix/engine';
import { findingAt, guideSteps } from '../../shared/findings';
import type { FixStep, Report, SafeAction } from '../../shared/findings';
import { verificationOf } from '../../shared/fix-verification';
import type { FixStepRef } from '../../shared/ipc';
import type { FindingRef } from '../../shared/findings';
import { certificateUser, startApiServer, type ApiServer } from '../fixtures/apiserver';
import { serviceAccountToken, signJwt, verificationKey } from '../fixtures/jwt';
import { toData } from '../fixtures/pki';
import { alive, eventually } from '../support/process';
import { hostWith, PLATFORM } from '../support/host';
import { tempDir } from '../support/temp';

const search = { path: process.env.PATH, platform: PLATFORM };
const kubectl = await findCommand('kubectl', search);
const aws = await findCommand('aws', search);
const CANARY = 'kw-canary-Secret-0123456789abcdef';

/** Files written into a fresh dir; returns their paths in order and the KUBECONFIG list. */
function kubeconfigFiles(files: Record<string, string>, mode = 0o600) {
  const dir = tempDir('fix');
  const paths = Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text, { mode });
    chmodSync(file, mode);
    return file;
  });
  return { dir, paths, list: paths.join(path.delimiter) };
}

function engineOptions(dir: string, list: string, extra: Partial<FixEngineOptions> = {}): FixEngineOptions {
  return {
    host: hostWith(dir, { PATH: process.env.PATH, HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' }),
    kubeconfig: list,
    ...extra,
  };
}

async function check(dir: string, list: string, offline = true): Promise<Report> {
  const { report } = await checkOnce({
    kubeconfig: list,
    selection: { kind: 'all' },
    now: Date.now(),
    offline,
    timeoutMs: 10_000,
    host: hostWith(dir, { PATH: process.env.PATH, HOME: dir }),
    policy: cliExecPolicy,
  });
  return report;
}

/** The first step whose action is `kind`: in the guide's steps, or in the path that has one. */
function stepOf(report: Report, ref: FindingRef, kind: SafeAction['kind']): FixStepRef {
  const fix = findingAt(report, ref)?.fix;
  const ways: { path?: string; steps?: FixStep[] }[] = fix?.paths?.length
    ? fix.paths.map((p) => ({ path: p.id, steps: p.steps }))
    : [{ steps: fix?.steps }];
  for (const way of ways) {
    const step = way.steps?.findIndex((s) => s.action?.kind === kind) ?? -1;
    if (step >= 0) return { ...ref, ...(way.path === undefined ? {} : { path: way.path }), step };
  }
  return expect.fail(`no ${kind} step for ${ref.rule}`);
}

/** The step `ref` names, in its path for a guide with alternatives. */
function stepAt(report: Report, ref: FixStepRef): FixStep | undefined {
  const fix = findingAt(report, ref)?.fix;
  return fix && guideSteps(fix, ref.path)?.[ref.step];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Real kubectl with this KUBECONFIG list. Asynchronous: the stand-in server in this process must keep answering. */
function runKubectl(args: string[], list: string, home: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      kubectl.resolved ?? 'kubectl',
      args,
      { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: list } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

/** Each file as kubectl reads it on its own: what a change did, whatever the formatting. */
async function viewEach(paths: readonly string[], home: string): Promise<unknown[]> {
  return Promise.all(
    paths.map(async (file) => {
      const view = await runKubectl(['config', 'view', '--raw', '-o', 'json'], file, home);
      expect(view.code, view.stderr).toBe(0);
      return JSON.parse(view.stdout) as unknown;
    }),
  );
}

/** The same files in a second dir, for kubectl to change. */
function copyOf(paths: readonly string[]) {
  const dir = tempDir('fix');
  const copies = paths.map((file) => {
    const copy = path.join(dir, path.basename(file));
    cpSync(file, copy);
    return copy;
  });
  return { dir, paths: copies, list: copies.join(path.delimiter) };
}

const CLUSTER = `clusters:
- name: prod
  cluster:
    server: https://127.0.0.1:6443
    insecure-skip-tls-verify: true
`;

describe.skipIf(!kubectl.resolved)('kubeconfig edits, with kubectl as the oracle (skipped: no kubectl)', () => {
  // The first file sets no current-context and defines `dev`; the second names a context that is gone.
  const FIRST = `# team kubeconfig: keep this comment
apiVersion: v1
kind: Config
${CLUSTER}users:
- name: alice
  user:
    token: ${CANARY}
contexts:
- name: dev # the one we use
  context:
    cluster: prod
    user: alice
`;
  const SECOND = `apiVersion: v1
kind: Config
contexts:
- name: stale
  context:
    cluster: decommissioned
    user: alice
- name: other
  context:
    cluster: prod
    user: alice
current-context: gone
`;

  it('use-context writes current-context to the first file, like kubectl, and undo restores it byte for byte', async () => {
    const { dir, paths, list } = kubeconfigFiles({ first: FIRST, second: SECOND });
    const original = paths.map((p) => readFileSync(p));
    const report = await check(dir, list);
    const ref: FindingRef = { rule: 'context-missing' };
    const engine = new FixEngine(engineOptions(dir, list));
    const result = await engine.run(report, stepOf(report, ref, 'use-context'));
    expect(result).toMatchObject({ ok: true, message: `current-context is now dev in ${paths[0]}` });

    const oracle = copyOf(original.map((_, i) => paths[i] ?? ''));
    for (const [i, bytes] of original.entries()) writeFileSync(oracle.paths[i] ?? '', bytes);
    expect((await runKubectl(['config', 'use-context', 'dev'], oracle.list, oracle.dir)).code).toBe(0);
    expect(await viewEach(paths, dir)).toEqual(await viewEach(oracle.paths, oracle.dir));
    expect(readFileSync(paths[0] ?? '', 'utf8')).toContain('# team kubeconfig: keep this comment');
    expect(verificationOf(await check(dir, list), ref).fixed).toBe(true);

    const undone = await engine.undo(result.undoId ?? '');
    expect(undone.ok).toBe(true);
    for (const [i, bytes] of original.entries()) expect(readFileSync(paths[i] ?? '').equals(bytes)).toBe(true);
    expect(JSON.stringify([result, undone])).not.toContain(CANARY);
  });

  it('keeps as many backups per file as the setting says at each step, and Undo restores the newest', async () => {
    const { dir, paths, list } = kubeconfigFiles({ first: FIRST, second: SECOND });
    const report = await check(dir, list);
    const ref: FindingRef = { rule: 'context-missing' };
    const step = stepOf(report, ref, 'use-context');
    let kept = 3;
    const engine = new FixEngine(engineOptions(dir, list, { backupsKept: () => kept }));
    const backupsOfFirst = () => readdirSync(dir).filter((f) => f.startsWith('first.kubeward-') && f.endsWith('.bak'));
    const backups: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const result = await engine.run(report, step);
      backups.push(path.basename(engine.backupOf(result.undoId ?? '')?.backup ?? ''));
      expect(await engine.undo(result.undoId ?? '')).toMatchObject({ ok: true });
    }
    expect(backupsOfFirst().sort()).toEqual(backups.slice(1).sort());

    kept = 1;
    const last = await engine.run(report, step);
    expect(backupsOfFirst()).toEqual([path.basename(engine.backupOf(last.undoId ?? '')?.backup ?? '')]);
    expect(await engine.undo(last.undoId ?? '')).toMatchObject({ ok: true });
    expect(readFileSync(paths[0] ?? '', 'utf8')).toBe(FIRST);
  });

  it('delete-context removes the entry from the file that defines it, as kubectl does', async () => {
    const { dir, paths, list } = kubeconfigFiles({ first: FIRST, second: SECOND });
    const oracle = copyOf(paths);
    const report = await check(dir, list);
    const ref: FindingRef = { context: 'stale', rule: 'context-dangling' };
    const step = stepOf(report, ref, 'delete-context');
    expect(step.path).toBe('delete'); // repointing is the first way
    const engine = new FixEngine(engineOptions(dir, list));
    const result = await engine.run(report, step);
    expect(result).toMatchObject({ ok: true, message: `deleted context stale from ${paths[1]}` });
    expect(result.undoId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(engine.backupOf(result.undoId ?? '')?.file).toBe(paths[1]);

    // The command the step shows, in the oracle's copy: it edits the same file the action did.
    const shown = ['config', '--kubeconfig', oracle.paths[1] ?? '', 'delete-context', 'stale'];
    const kubectlRun = await runKubectl(shown, oracle.list, oracle.dir);
    expect(kubectlRun.stdout).toContain(`deleted context stale from`);
    expect(await viewEach(paths, dir)).toEqual(await viewEach(oracle.paths, oracle.dir));
    // The first file was not touched at all.
    expect(readFileSync(paths[0] ?? '', 'utf8')).toBe(FIRST);

    const after = await check(dir, list);
    expect(verificationOf(after, ref)).toMatchObject({
      fixed: true,
      message: 'Fixed: context stale is no longer in the kubeconfig',
    });
  });

  it('delete-context names the file it edits, and refuses once another file defines the context first', async () => {
    const { dir, paths, list } = kubeconfigFiles({ first: FIRST, second: SECOND });
    const report = await check(dir, list);
    const ref: FindingRef = { context: 'stale', rule: 'context-dangling' };
    const step = stepOf(report, ref, 'delete-context');
    const shown = stepAt(report, step);
    expect(shown?.command).toBe(`kubectl config --kubeconfig ${paths[1]} delete-context stale`);
    // The first file now defines stale too: kubectl's merge takes that one, which the step did not name.
    const first = `${FIRST}- name: stale\n  context:\n    cluster: prod\n    user: alice\n`;
    writeFileSync(paths[0] ?? '', first);
    const result = await new FixEngine(engineOptions(dir, list)).run(report, step);
    expect(result).toEqual({
      ok: false,
      message: `context stale is now defined in ${paths[0]}, not ${paths[1]}; check again`,
    });
    expect(readFileSync(paths[0] ?? '', 'utf8')).toBe(first);
    expect(readFileSync(paths[1] ?? '', 'utf8')).toBe(SECOND);
  });

  it('undo refuses when the file changed after the fix, and keeps that change', async () => {
    const { dir, paths, list } = kubeconfigFiles({ first: FIRST, second: SECOND });
    const report = await check(dir, list);
    const ref: FindingRef = { context: 'stale', rule: 'context-dangling' };
    const engine = new FixEngine(engineOptions(dir, list));
    const result = await engine.run(report, stepOf(report, ref, 'delete-context'));
    const second = paths[1] ?? '';
    const changed = `${readFileSync(second, 'utf8')}# edited by hand after the fix\n`;
    writeFileSync(second, changed);
    const undone = await engine.undo(result.undoId ?? '');
    expect(undone.ok).toBe(false);
    expect(undone.message).toBe(`${second} changed after kubeward wrote it; not undoing, which would lose that change`);
    expect(readFileSync(second, 'utf8')).toBe(changed);
    expect(await engine.undo('not-an-id-of-this-engine')).toMatchObject({ ok: false });
  });

  it('chmod makes a kubeconfig private, undoes it, and touches no file outside the kubeconfig list', async () => {
    const { dir, paths, list } = kubeconfigFiles({ config: FIRST }, 0o644);
    const file = paths[0] ?? '';
    const report = await check(dir, list);
    const ref: FindingRef = { rule: 'kubeconfig-permissions' };
    const engine = new FixEngine(engineOptions(dir, list));
    const result = await engine.run(report, { ...ref, step: 0 });
    expect(result).toMatchObject({ ok: true, message: `${file} now has mode 0600 (was 0644)` });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(FIRST);
    expect(verificationOf(await check(dir, list), ref).fixed).toBe(true);
    expect(await engine.undo(result.undoId ?? '')).toMatchObject({ ok: true });
    expect(statSync(file).mode & 0o777).toBe(0o644);

    // A report whose step names another file (the report is data): refused, that file keeps its mode.
    const outsider = path.join(dir, 'not-a-kubeconfig');
    writeFileSync(outsider, 'x', { mode: 0o644 });
    chmodSync(outsider, 0o644);
    const tampered = structuredClone(report);
    const step = findingAt(tampered, ref)?.fix.steps[0];
    if (step) step.action = { kind: 'chmod', path: outsider, mode: 0o600 };
    const refused = await engine.run(tampered, { ...ref, step: 0 });
    expect(refused).toEqual({
      ok: false,
      message: `${outsider} is not one of the kubeconfig files; not changing its mode`,
    });
    expect(statSync(outsider).mode & 0o777).toBe(0o644);
  });

  it('answers unknown findings, steps and steps without an action with ok:false, never a throw', async () => {
    const { dir, list } = kubeconfigFiles({ first: FIRST, second: SECOND });
    const report = await check(dir, list);
    const engine = new FixEngine(engineOptions(dir, list));
    expect(await engine.run(report, { context: 'dev', rule: 'token-expired', step: 0 })).toEqual({
      ok: false,
      message: 'no finding token-expired for context dev in the last check; check again',
    });
    const ref: FindingRef = { context: 'stale', rule: 'context-dangling' };
    expect(await engine.run(report, { ...ref, path: 'delete', step: 99 })).toEqual({
      ok: false,
      message: 'guide context-dangling has no step 100 on path delete',
    });
    expect(await engine.run(report, { ...ref, path: 'nowhere', step: 0 })).toEqual({
      ok: false,
      message: 'guide context-dangling has no path nowhere',
    });
    // Without a path, the recommended first way: pointing the context elsewhere is the user's to do.
    expect(await engine.run(report, { ...ref, step: 0 })).toEqual({
      ok: false,
      message: 'step 1 is for you to do; kubeward cannot run it',
    });
    const tampered = structuredClone(report);
    const step = stepAt(tampered, { ...ref, path: 'delete', step: 1 });
    if (step) step.action = { kind: 'run', program: 'sh' as 'aws', args: ['-c', 'touch pwned'] };
    expect(await engine.run(tampered, { ...ref, path: 'delete', step: 1 })).toEqual({
      ok: false,
      message: 'sh is not a program kubeward runs',
    });
  });
});

describe.skipIf(!kubectl.resolved)('create-token against the stand-in API server (skipped: no kubectl)', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({
      jwtKeys: [await verificationKey()],
      tokenRequests: { creators: ['system:masters'], sign: (claims) => signJwt(claims) },
    });
  });
  afterAll(() => server.stop());

  async function setup(adminGroups = ['system:masters']) {
    const expired = await serviceAccountToken({
      namespace: 'prod',
      name: 'deployer',
      issuedAt: Date.now() - 3 * 3_600_000,
    });
    const admin = server.clientCa.issue({ cn: 'admin', organizations: adminGroups });
    const text = `apiVersion: v1
kind: Config
clusters:
- name: stand-in
  cluster:
    server: ${server.url}
    certificate-authority-data: ${toData(server.caPem)}
users:
- name: deployer # the CI robot
  user:
    token: ${expired}
- name: admin
  user:
    client-certificate-data: ${certificateUser(admin)['client-certificate-data']}
    client-key-data: ${certificateUser(admin)['client-key-data']}
contexts:
- name: ci
  context: {cluster: stand-in, user: deployer}
- name: admin
  context: {cluster: stand-in, user: admin}
current-context: admin
`;
    const files = kubeconfigFiles({ config: text });
    const report = await check(files.dir, files.list);
    return { ...files, file: files.paths[0] ?? '', expired, report, text };
  }

  const ref: FindingRef = { context: 'ci', rule: 'token-expired' };

  it('mints a 1 h token through the admin context and stores it in user deployer, never showing it', async () => {
    const { dir, list, file, expired, report, text } = await setup();
    const finding = findingAt(report, ref);
    // Through another context is the first path; asking an admin is the other.
    expect(finding?.fix.paths?.map((p) => p.id)).toEqual(['another-context', 'ask-admin']);
    expect(finding?.fix.paths?.[0]?.steps[0]?.action).toEqual({
      kind: 'create-token',
      user: 'deployer',
      kubeconfig: file,
      via: 'admin',
      namespace: 'prod',
      serviceAccount: 'deployer',
      duration: '1h',
    });
    const chunks: string[] = [];
    const engine = new FixEngine(engineOptions(dir, list));
    const result = await engine.run(report, { ...ref, path: 'another-context', step: 0 }, (chunk) =>
      chunks.push(chunk),
    );
    expect(result).toMatchObject({
      ok: true,
      message: `stored a new 1h token of ServiceAccount prod/deployer in user deployer in ${file}`,
    });

    const written = parseDocument(readFileSync(file, 'utf8'));
    const token = String(written.getIn(['users', 0, 'user', 'token']));
    expect(token).not.toBe(expired);
    const { payload } = await jwtVerify(token, await verificationKey());
    expect(payload.sub).toBe('system:serviceaccount:prod:deployer');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    expect(decodeJwt(token)['kubernetes.io']).toMatchObject({
      namespace: 'prod',
      serviceaccount: { name: 'deployer' },
    });
    expect(readFileSync(file, 'utf8')).toContain('- name: deployer # the CI robot');
    for (const out of [JSON.stringify(result), chunks.join('')]) {
      expect(out).not.toContain(token);
      expect(out).not.toContain(token.split('.')[2]);
    }

    // kubectl set-credentials with the same token makes the same kubeconfig.
    const oracle = kubeconfigFiles({ config: text });
    const set = await runKubectl(
      ['config', 'set-credentials', 'deployer', `--token=${token}`],
      oracle.list,
      oracle.dir,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(await viewEach([file], dir)).toEqual(await viewEach(oracle.paths, oracle.dir));

    // And the server takes it: kubectl is who it should be, and a fresh check with the probe says fixed.
    const whoami = await runKubectl(
      ['--context', 'ci', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'],
      list,
      dir,
    );
    expect(whoami.stdout).toBe('system:serviceaccount:prod:deployer');
    const verification = verificationOf(await check(dir, list, false), ref);
    expect(verification.fixed).toBe(true);
    expect(verification.context?.identity?.username).toBe('system:serviceaccount:prod:deployer');
    expect(
      server.requests.some(
        (r) => r.path === '/api/v1/namespaces/prod/serviceaccounts/deployer/token' && r.status === 201,
      ),
    ).toBe(true);

    const undone = await engine.undo(result.undoId ?? '');
    expect(undone.ok).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('says why when the via context may not create tokens, and writes nothing', async () => {
    const { dir, list, file, report, text } = await setup(['developers']);
    const result = await new FixEngine(engineOptions(dir, list)).run(report, {
      ...ref,
      path: 'another-context',
      step: 0,
    });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /^kubectl create token exited with code 1: .*serviceaccounts\/token is forbidden: User "admin" cannot create/,
    );
    expect(result.undoId).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('refuses a user that gained a tokenFile since the check: kubectl would keep reading the file', async () => {
    const { dir, list, file, report, text } = await setup();
    const withFile = text.replace(
      '  user:\n    token:',
      `  user:\n    tokenFile: ${path.join(dir, 'sa-token')}\n    token:`,
    );
    writeFileSync(file, withFile);
    const result = await new FixEngine(engineOptions(dir, list)).run(report, {
      ...ref,
      path: 'another-context',
      step: 0,
    });
    expect(result).toEqual({
      ok: false,
      message: `user deployer reads its token from ${path.join(dir, 'sa-token')}, which kubectl prefers over a token in the kubeconfig: write the new token into that file instead`,
    });
    expect(readFileSync(file, 'utf8')).toBe(withFile);
  });
});

describe('run steps', () => {
  // A context whose cluster entry is gone, for an EKS user: the guide ends with aws eks update-kubeconfig.
  const EKS = `apiVersion: v1
kind: Config
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
  const ref: FindingRef = { context: 'shop', rule: 'context-dangling' };

  it.skipIf(!aws.resolved)('runs the real aws CLI and reports its real error, streamed and in the result', async () => {
    const { dir, list } = kubeconfigFiles({ config: EKS });
    const report = await check(dir, list);
    const step = stepOf(report, ref, 'run');
    expect(step.path).toBe('refetch');
    expect(stepAt(report, step)?.command).toBe(
      'aws eks update-kubeconfig --name shop --region us-east-1 --profile nosuch --alias shop',
    );
    const chunks: string[] = [];
    const result = await new FixEngine(engineOptions(dir, list)).run(report, step, (c) => chunks.push(c));
    expect(result).toEqual({
      ok: false,
      message: 'aws exited with code 255: The config profile (nosuch) could not be found',
      output: 'The config profile (nosuch) could not be found',
    });
    expect(chunks.join('')).toContain('The config profile (nosuch) could not be found');
  });

  it('kills a program that hangs at the timeout, with its children, and scrubs secrets from what it printed', async () => {
    const { dir, list } = kubeconfigFiles({ config: EKS });
    const report = await check(dir, list);
    const bin = tempDir('fix');
    const pids = path.join(bin, 'pids');
    // Named like a runnable program and first on PATH: the engine finds it as it would find aws.
    writeFileSync(
      path.join(bin, 'aws'),
      `#!/bin/sh
echo "Opening the login page..."
echo "Authorization: Bearer ${CANARY}"
echo "password=${CANARY}" >&2
echo "args: $*"
sleep 60 &
echo "$$ $!" > ${pids}
wait
`,
      { mode: 0o755 },
    );
    const options = engineOptions(dir, list, { commandTimeoutMs: 1_000 });
    options.host = {
      ...options.host,
      env: { ...options.host.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
    };
    const chunks: string[] = [];
    const step = stepOf(report, ref, 'run');
    const result = await new FixEngine(options).run(report, step, (c) => chunks.push(c));
    expect(result.ok).toBe(false);
    expect(result.message).toBe('aws did not finish within 1 s; kubeward stopped it');
    expect(result.output).toContain('Opening the login page...');
    expect(result.output).toContain(
      'args: eks update-kubeconfig --name shop --region us-east-1 --profile nosuch --alias shop',
    );
    for (const out of [JSON.stringify(result), chunks.join('')]) {
      expect(out).toContain('[redacted]');
      expect(out).not.toContain(CANARY);
    }
    const [shell = 0, sleeper = 0] = readFileSync(pids, 'utf8').trim().split(' ').map(Number);
    expect(await eventually(() => !alive(shell) && !alive(sleeper))).toBe(true);
  });

  it('backs up the kubeconfig a program rewrites, so Undo restores it; a program that writes nothing leaves no backup', async () => {
    const { dir, list } = kubeconfigFiles({ config: EKS });
    const [file = ''] = list.split(path.delimiter);
    const before = readFileSync(file);
    const report = await check(dir, list);
    const bin = tempDir('fix');
    // Like aws eks update-kubeconfig: rewrites the first file of KUBECONFIG (a temp file renamed over it), and
    // names it by its full path: the output is scrubbed of secrets, and a long temp path is none.
    writeFileSync(
      path.join(bin, 'aws'),
      `#!/bin/sh
first=\${KUBECONFIG%%:*}
{ cat "$first"; echo "# added by aws"; } > "$first.new" && mv "$first.new" "$first"
echo "Updated context shop in $first"
`,
      { mode: 0o755 },
    );
    const options = engineOptions(dir, list);
    options.host = {
      ...options.host,
      env: { ...options.host.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
    };
    const engine = new FixEngine(options);
    const step = stepOf(report, ref, 'run');
    const result = await engine.run(report, step);
    expect(result).toMatchObject({ ok: true, output: `Updated context shop in ${file}` });
    expect(readFileSync(file, 'utf8')).toContain('# added by aws');
    const undoId = result.undoId ?? '';
    expect(readFileSync(engine.backupOf(undoId)?.backup ?? '')).toEqual(before);
    expect(await engine.undo(undoId)).toMatchObject({ ok: true });
    expect(readFileSync(file)).toEqual(before);

    // A login changes no kubeconfig: no Undo, and no backup file left beside it.
    writeFileSync(path.join(bin, 'aws'), '#!/bin/sh\necho "Successfully logged in"\n', { mode: 0o755 });
    const login = await engine.run(report, step);
    expect(login).toEqual({ ok: true, message: expect.stringMatching(/^done: /), output: 'Successfully logged in' });
    expect(readdirSync(path.dirname(file)).filter((name) => name.endsWith('.bak'))).toHaveLength(1);
  });

  it('says when the program is not installed', async () => {
    const { dir, list } = kubeconfigFiles({ config: EKS });
    const report = await check(dir, list);
    const options = engineOptions(dir, list);
    options.host = { ...options.host, env: { ...options.host.env, PATH: tempDir('fix') } };
    const step = stepOf(report, ref, 'run');
    expect(await new FixEngine(options).run(report, step)).toEqual({
      ok: false,
      message: 'aws is not installed (not found on PATH)',
    });
  });
});
