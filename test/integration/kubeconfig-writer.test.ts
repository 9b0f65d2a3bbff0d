/**
 * The safe kubeconfig writer on real files, with the real kubectl as reader and as
 * a concurrent writer (it honours the same `<file>.lock`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { afterEach, assert, beforeEach, describe, expect, it } from 'vitest';
import { parseDocument, type Document } from 'yaml';
import { withFileLock } from '../../electron/core/fix/file-lock';
import { backupBeforeRun, editKubeconfig, keptIfChanged, undoEdit } from '../../electron/core/fix/kubeconfig-writer';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import { useContext } from '../../electron/core/fix/use-context';
import { KUBECTL } from '../fixtures/kubectl';
import { hostWith } from '../support/host';

if (!KUBECTL)
  console.warn('kubeconfig-writer: kubectl is not on PATH, skipping the kubectl comparisons and contention');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-writer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const COMMENTED = `# team kubeconfig: do not remove this header
kind: Config
apiVersion: v1
current-context: dev # the one we use most
contexts:
  # production first, on purpose
  - name: prod
    context: {cluster: main, user: admin, namespace: web}
  - name: dev
    context:
      cluster: main
      user: admin
clusters:
  - name: main
    cluster:
      server: "https://127.0.0.1:6443"
users:
  - name: admin
    user:
      token: 'not-a-real-token'
`;

function write(name: string, text: string, mode = 0o600): string {
  const file = path.join(dir, name);
  writeFileSync(file, text, { mode });
  return file;
}

/** Everything in `dir` but the kubeconfig files themselves: backups, temp files, locks. */
function leftovers(): string[] {
  return readdirSync(dir).filter((f) => /\.(bak|tmp|lock)$/.test(f));
}

function setCurrent(name: string) {
  return (doc: Document) => doc.set('current-context', name);
}

/** `signal` kills kubectl: once a test has timed out, kubectl must not write into `dir` after it is removed. */
function kubectl(
  kubeconfig: string,
  args: string[],
  signal?: AbortSignal,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL ?? 'kubectl',
      args,
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig }, signal },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ).stdin?.end();
  });
}

function snapshotOf(kubeconfig: string) {
  return gatherSnapshot({ kubeconfig, host: hostWith(dir, { PATH: '' }) });
}

describe('editKubeconfig', () => {
  it('changes only the edited value: comments, key order, flow style and quoting survive', async () => {
    const file = write('config', COMMENTED);
    await editKubeconfig(file, setCurrent('prod'));
    expect(readFileSync(file, 'utf8')).toBe(COMMENTED.replace('current-context: dev', 'current-context: prod'));
  });

  it('keeps kubectl-style flush sequences flush', async () => {
    const flush =
      'apiVersion: v1\nkind: Config\ncontexts:\n- context:\n    cluster: c\n  name: a\ncurrent-context: gone\n';
    const file = write('config', flush);
    await editKubeconfig(file, setCurrent('a'));
    expect(readFileSync(file, 'utf8')).toBe(flush.replace('current-context: gone', 'current-context: a'));
  });

  it.each([0o600, 0o644])('keeps mode %o', async (mode) => {
    const file = write('config', COMMENTED, mode);
    await fs.chmod(file, mode);
    await editKubeconfig(file, setCurrent('prod'));
    expect(statSync(file).mode & 0o777).toBe(mode);
  });

  it('writes a 0600 backup of the original that undo restores byte for byte', async () => {
    const file = write('config', COMMENTED, 0o644);
    await fs.chmod(file, 0o644);
    const { backup } = await editKubeconfig(file, setCurrent('prod'));
    expect(path.dirname(backup)).toBe(dir);
    expect(path.basename(backup)).toMatch(/^config\.kubeward-\d{4}-\d\d-\d\dT[\d-]+Z(-\d+)?\.bak$/);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(readFileSync(backup, 'utf8')).toBe(COMMENTED);
    expect(readFileSync(file, 'utf8')).not.toBe(COMMENTED);

    await undoEdit(file, backup);
    expect(readFileSync(file).equals(Buffer.from(COMMENTED))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(leftovers()).toEqual([path.basename(backup)]);
  });

  it('waits for a held lock, then fails naming the lock file, leaving the file untouched', async () => {
    const file = write('config', COMMENTED);
    writeFileSync(`${file}.lock`, '');
    const started = Date.now();
    await expect(editKubeconfig(file, setCurrent('prod'), { timeoutMs: 300 })).rejects.toThrow(
      `${file}.lock still exists after 300 ms`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(readFileSync(file, 'utf8')).toBe(COMMENTED);
    // The lock is someone else's: it stays.
    expect(leftovers()).toEqual(['config.lock']);
  });

  it('succeeds when the lock is released in time', async () => {
    const file = write('config', COMMENTED);
    writeFileSync(`${file}.lock`, '');
    setTimeout(() => rmSync(`${file}.lock`), 150);
    const started = Date.now();
    await editKubeconfig(file, setCurrent('prod'), { timeoutMs: 2000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(readFileSync(file, 'utf8')).toContain('current-context: prod');
    expect(leftovers()).toHaveLength(1); // the backup; the lock is gone
  });

  it('refuses to write when the file changed between the read and the rename', async () => {
    const file = write('config', COMMENTED);
    const editorsVersion = COMMENTED.replace('namespace: web', 'namespace: api');
    await expect(
      editKubeconfig(file, (doc) => {
        doc.set('current-context', 'prod');
        // An editor that ignores the lock saves in the meantime.
        writeFileSync(file, editorsVersion);
      }),
    ).rejects.toThrow(`${file} changed on disk while kubeward was editing it`);
    expect(readFileSync(file, 'utf8')).toBe(editorsVersion);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a file that is not YAML, and an edit that throws, leaving no trace', async () => {
    const broken = 'kind: Config\ncontexts: [a\n';
    const file = write('config', broken);
    await expect(editKubeconfig(file, setCurrent('a'))).rejects.toThrow(`${file} is not valid YAML, not editing it`);
    const good = write('good', COMMENTED);
    await expect(
      editKubeconfig(good, () => {
        throw new Error('edit failed');
      }),
    ).rejects.toThrow('edit failed');
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(readFileSync(good, 'utf8')).toBe(COMMENTED);
    expect(leftovers()).toEqual([]);
  });

  it('edits the file a symlinked kubeconfig points at and keeps the link', async () => {
    const real = write('real-config', COMMENTED);
    const link = path.join(dir, 'config');
    await fs.symlink(real, link);
    await editKubeconfig(link, setCurrent('prod'));
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('current-context: prod');
  });
});

/** Polls until `ready` holds: a write waiting on a held lock has done all it does before taking it. */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !ready(); waited += 10) {
    if (waited > 5000) throw new Error(`still waiting for ${what}`);
    await sleep(10);
  }
}

/** `edit`, after which "kubectl" takes the lock: the writer has read the file and now prepares its write, then waits. */
function lockedAfterRead(file: string, edit: (doc: Document) => void) {
  return (doc: Document) => {
    edit(doc);
    writeFileSync(`${file}.lock`, '');
  };
}

function backupsIn(name = 'config'): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}.kubeward-`) && f.endsWith('.bak'))
    .sort();
}

describe('what kubectl keeps', () => {
  const asRoot = process.getuid?.() === 0;

  it.skipIf(!asRoot)(
    "keeps another user's owner, group and mode when run as root, as kubectl does, backup and undo too",
    async () => {
      const file = write('config', COMMENTED, 0o640);
      await fs.chmod(file, 0o640);
      // Any ids: root may give a file to a user this machine does not have.
      await fs.chown(file, 1000, 1001);
      const { backup } = await editKubeconfig(file, setCurrent('prod'));
      expect(readFileSync(file, 'utf8')).toContain('current-context: prod');
      expect(statSync(file)).toMatchObject({ uid: 1000, gid: 1001 });
      expect(statSync(file).mode & 0o7777).toBe(0o640);
      // The owner can read the copy of their credentials; nobody else can.
      expect(statSync(backup)).toMatchObject({ uid: 1000, gid: 1001 });
      expect(statSync(backup).mode & 0o777).toBe(0o600);
      await undoEdit(file, backup);
      expect(readFileSync(file, 'utf8')).toBe(COMMENTED);
      expect(statSync(file)).toMatchObject({ uid: 1000, gid: 1001 });
      expect(statSync(file).mode & 0o7777).toBe(0o640);

      if (!KUBECTL) return;
      // kubectl (client-go) opens the file O_TRUNC and writes it in place: the owner is the one it had.
      const theirs = write('theirs', COMMENTED, 0o640);
      await fs.chown(theirs, 1000, 1001);
      expect(await kubectl(theirs, ['config', 'use-context', 'prod'])).toMatchObject({ code: 0 });
      expect(statSync(theirs)).toMatchObject({ uid: 1000, gid: 1001 });
    },
  );

  it('keeps hard links: every name sees the new content, written in place after the backup is on disk', async () => {
    const file = write('config', COMMENTED);
    const other = path.join(dir, 'other-name');
    await fs.link(file, other);
    const inode = statSync(file).ino;
    const editing = editKubeconfig(file, lockedAfterRead(file, setCurrent('prod')), { timeoutMs: 5000 });
    // The backup is complete before the file is touched (the lock is not even taken): a crash from here on loses nothing.
    await until(() => backupsIn().some((b) => readFileSync(path.join(dir, b), 'utf8') === COMMENTED), 'the backup');
    const [backup = ''] = backupsIn();
    expect(readFileSync(file, 'utf8')).toBe(COMMENTED);
    rmSync(`${file}.lock`);
    const result = await editing;

    expect(result.backup).toBe(path.join(dir, backup));
    const edited = COMMENTED.replace('current-context: dev', 'current-context: prod');
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(readFileSync(other, 'utf8')).toBe(edited);
    expect(statSync(file)).toMatchObject({ ino: inode, nlink: 2 });
    await undoEdit(other, result.backup);
    expect(readFileSync(file, 'utf8')).toBe(COMMENTED);
    expect(statSync(other)).toMatchObject({ ino: inode, nlink: 2 });
    expect(leftovers()).toEqual([backup]);
  });

  it('holds the lock only for the write: backup and replacement are ready before it is taken', async () => {
    const file = write('config', COMMENTED);
    const editing = editKubeconfig(file, lockedAfterRead(file, setCurrent('prod')), { timeoutMs: 5000 });
    const replacement = () => path.join(dir, leftovers().find((f) => f.endsWith('.tmp')) ?? 'none');
    const prepared = COMMENTED.replace('current-context: dev', 'current-context: prod');
    await until(() => existsSync(replacement()) && readFileSync(replacement(), 'utf8') === prepared, 'the replacement');
    expect(statSync(replacement()).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, backupsIn()[0] ?? ''), 'utf8')).toBe(COMMENTED);
    expect(backupsIn()).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe(COMMENTED);
    rmSync(`${file}.lock`);
    await editing;
    expect(readFileSync(file, 'utf8')).toContain('current-context: prod');
    expect(leftovers()).toEqual(backupsIn());
  });

  it('still refuses a file saved by another writer while it waited for the lock, leaving no trace', async () => {
    const file = write('config', COMMENTED);
    const editing = editKubeconfig(file, lockedAfterRead(file, setCurrent('prod')), { timeoutMs: 5000 });
    await until(() => leftovers().some((f) => f.endsWith('.tmp')), 'the replacement');
    const editorsVersion = COMMENTED.replace('namespace: web', 'namespace: api');
    writeFileSync(file, editorsVersion);
    rmSync(`${file}.lock`);
    await expect(editing).rejects.toThrow(`${file} changed on disk while kubeward was editing it`);
    expect(readFileSync(file, 'utf8')).toBe(editorsVersion);
    expect(leftovers()).toEqual([]);
  });
});

describe('backups', () => {
  it("keeps the newest 10 of a file by default, only that file's, and undo restores the latest", async () => {
    const file = write('config', COMMENTED);
    const other = write('config-other', COMMENTED);
    const { backup: othersBackup } = await editKubeconfig(other, setCurrent('prod'));
    const made: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      made.push((await editKubeconfig(file, setCurrent(i % 2 ? 'dev' : 'prod'))).backup);
    }
    expect(backupsIn()).toEqual(made.slice(2).map((b) => path.basename(b)));
    expect(backupsIn('config-other')).toEqual([path.basename(othersBackup)]);

    const before = readFileSync(made.at(-1) ?? '');
    await undoEdit(file, made.at(-1) ?? '');
    expect(readFileSync(file).equals(before)).toBe(true);
    await expect(undoEdit(file, made[0] ?? '')).rejects.toThrow(
      `the backup ${made[0]} no longer exists (kubeward keeps only the newest backups of a file)`,
    );
  });

  it('prunes after a program that rewrote the file too, and leaves none when it did not', async () => {
    const file = write('config', COMMENTED);
    const kept: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const pending = await backupBeforeRun(file, 2);
      writeFileSync(file, `${COMMENTED}# update ${i}\n`);
      kept.push((await keptIfChanged(pending ?? assert.fail('no backup')))?.backup ?? '');
    }
    const unchanged = await backupBeforeRun(file, 2);
    expect(await keptIfChanged(unchanged ?? assert.fail('no backup'))).toBeUndefined();
    expect(backupsIn()).toEqual(kept.slice(1).map((b) => path.basename(b)));
  });

  it('keeps as many as asked, also when edits share a millisecond', async () => {
    const file = write('config', COMMENTED);
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      made.push((await editKubeconfig(file, setCurrent(i % 2 ? 'dev' : 'prod'), { backupsKept: 3 })).backup);
    }
    expect(backupsIn()).toEqual(
      made
        .slice(2)
        .map((b) => path.basename(b))
        .sort(),
    );
  });
});

describe('useContext', () => {
  it('refuses a context the kubeconfig does not define', async () => {
    const file = write('config', COMMENTED);
    await expect(useContext(await snapshotOf(file), 'staging')).rejects.toThrow(
      'no context named "staging" in the kubeconfig',
    );
    expect(readFileSync(file, 'utf8')).toBe(COMMENTED);
  });

  it.skipIf(!KUBECTL)('writes a current-context kubectl then reports', async () => {
    const file = write('config', COMMENTED);
    const result = await useContext(await snapshotOf(file), 'prod');
    expect(result.file).toBe(file);
    expect((await kubectl(file, ['config', 'current-context'])).stdout.trim()).toBe('prod');
    const view = await kubectl(file, [
      'config',
      'view',
      '-o',
      'jsonpath={.contexts[?(@.name=="prod")].context.namespace}',
    ]);
    expect(view).toMatchObject({ code: 0, stdout: 'web' });
  });

  it.skipIf(!KUBECTL)('in a KUBECONFIG list, writes the same file kubectl use-context writes', async () => {
    const first =
      'apiVersion: v1\nkind: Config\n# first file\ncontexts:\n- name: one\n  context: {cluster: c, user: u}\n';
    const second =
      'apiVersion: v1\nkind: Config\ncontexts:\n- name: two\n  context: {cluster: c, user: u}\ncurrent-context: two\n';
    const ours = path.join(dir, 'ours');
    const theirs = path.join(dir, 'theirs');
    for (const sub of [ours, theirs]) {
      await fs.mkdir(sub);
      writeFileSync(path.join(sub, 'a'), first, { mode: 0o600 });
      writeFileSync(path.join(sub, 'b'), second, { mode: 0o600 });
    }
    // A missing file first in the list: kubectl skips it, as it skips it when loading.
    const list = (sub: string) =>
      [path.join(sub, 'absent'), path.join(sub, 'a'), path.join(sub, 'b')].join(path.delimiter);

    const snapshot = await snapshotOf(list(ours));
    expect(snapshot.config.currentContextSource).toBe(path.join(ours, 'b'));
    const result = await useContext(snapshot, 'one');
    expect(await kubectl(list(theirs), ['config', 'use-context', 'one'])).toMatchObject({ code: 0 });

    const changed = (sub: string) =>
      ['a', 'b'].filter((f) => readFileSync(path.join(sub, f), 'utf8') !== (f === 'a' ? first : second));
    // kubectl writes the first existing file, not the one that set current-context: its value then wins.
    expect(changed(theirs)).toEqual(['a']);
    expect(changed(ours)).toEqual(['a']);
    expect(result.file).toBe(path.join(ours, 'a'));
    expect(readFileSync(path.join(ours, 'a'), 'utf8')).toContain('# first file');
    expect((await kubectl(list(ours), ['config', 'current-context'])).stdout.trim()).toBe('one');
  });
});

describe.skipIf(!KUBECTL)('under contention with kubectl on the same file', () => {
  const ITERATIONS = 30;
  const HEADER = '# shared kubeconfig header';
  const base = [
    HEADER,
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster: {server: "https://127.0.0.1:6443"}',
    'users:',
    '- name: u',
    '  user: {token: t}',
    'contexts:',
    ...[0, 1, 2, 3, 4].flatMap((i) => [`- name: ours-${i}`, '  context: {cluster: c, user: u}']),
    'current-context: ours-0',
    '',
  ].join('\n');

  it('loses no update from either side, always parses, and every backup restores', async ({ signal }) => {
    const file = write('config', base);
    const figures = { ourRefusals: 0, kubectlLockRetries: 0, checks: 0 };
    const backups: string[] = [];
    const kubectlDone: number[] = [];
    let last = { name: '', startedAt: 0 };

    /** The file parses, read under the lock: kubectl writes in place (truncate + write) while holding it. */
    const parsesUnderLock = (step: string) =>
      withFileLock(
        file,
        async () => {
          const doc = parseDocument(await fs.readFile(file, 'utf8'));
          figures.checks += 1;
          expect(doc.errors, step).toEqual([]);
          expect(doc.get('contexts'), step).toBeTruthy();
        },
        { timeoutMs: 5000 },
      );

    async function ours(name: string): Promise<void> {
      const startedAt = Date.now();
      for (;;) {
        try {
          // Every backup is restored below: keep them all.
          const { backup } = await useContext(await snapshotOf(file), name, {
            timeoutMs: 5000,
            backupsKept: ITERATIONS + 1,
          });
          backups.push(backup);
          last = { name, startedAt };
          return;
        } catch (error) {
          // Our unlocked snapshot read can catch kubectl mid-write (it does not rename): read again.
          figures.ourRefusals += 1;
          if (figures.ourRefusals > 200) throw error;
        }
      }
    }

    async function theirs(args: string[]): Promise<void> {
      for (;;) {
        const result = await kubectl(file, ['config', ...args], signal);
        if (result.code === 0) {
          kubectlDone.push(Date.now());
          return;
        }
        // kubectl does not wait for a held lock: it fails at once, and its user runs it again.
        expect(result.stderr).toContain(`${file}.lock: file exists`);
        figures.kubectlLockRetries += 1;
      }
    }

    // Before kubectl's first write (kubectl drops every comment when it writes), ours keeps them.
    await ours('ours-1');
    expect(readFileSync(file, 'utf8')).toBe(base.replace('current-context: ours-0', 'current-context: ours-1'));

    const started = Date.now();
    await Promise.all([
      (async () => {
        for (let i = 0; i < ITERATIONS; i += 1) {
          await ours(`ours-${i % 5}`);
          await parsesUnderLock(`after our write ${i}`);
          // Spread over kubectl's run (a spawn takes tens of ms), so the two loops overlap from start to end.
          await sleep(60);
        }
      })(),
      (async () => {
        for (let n = 0; n < ITERATIONS; n += 1) {
          await theirs(['set-context', `ctx-${n}`, '--cluster=c', '--user=u', `--namespace=ns${n}`]);
          await parsesUnderLock(`after kubectl set-context ${n}`);
          await theirs(['use-context', `ctx-${n}`]);
          await parsesUnderLock(`after kubectl use-context ${n}`);
        }
      })(),
    ]);
    const elapsedMs = Date.now() - started;

    const final = parseDocument(readFileSync(file, 'utf8')).toJS() as {
      contexts: { name: string; context: { namespace?: string } }[];
      'current-context': string;
    };
    // No kubectl update was lost to our writes.
    for (let n = 0; n < ITERATIONS; n += 1) {
      expect(final.contexts.find((c) => c.name === `ctx-${n}`)?.context.namespace).toBe(`ns${n}`);
    }
    // Our last write is in effect, unless a kubectl write landed after it (only one that finished after it began can).
    const current = final['current-context'];
    const superseded = current !== last.name;
    if (superseded) expect(kubectlDone.some((at) => at >= last.startedAt)).toBe(true);
    expect(final.contexts.map((c) => c.name)).toContain(current);
    expect((await kubectl(file, ['config', 'current-context'])).stdout.trim()).toBe(current);

    for (const backup of backups) {
      const bytes = readFileSync(backup);
      expect(parseDocument(bytes.toString('utf8')).errors).toEqual([]);
      await undoEdit(file, backup);
      expect(readFileSync(file).equals(bytes)).toBe(true);
    }
    expect(leftovers().filter((f) => !f.endsWith('.bak'))).toEqual([]);

    console.log(
      `kubeconfig-writer contention: ${ITERATIONS + 1} use-context writes by kubeward, ` +
        `${ITERATIONS} set-context + ${ITERATIONS} use-context by kubectl in ${elapsedMs} ms; ` +
        `kubeward re-reads after catching kubectl mid-write: ${figures.ourRefusals}, ` +
        `kubectl lock failures retried: ${figures.kubectlLockRetries}, locked parse checks: ${figures.checks}, ` +
        `final current-context ${current} (${superseded ? 'a later kubectl write' : 'our last write'}), ` +
        `${backups.length} backups restored byte for byte`,
    );
  });
});
