/**
 * vitest globalSetup: the run gets a temp directory of its own, which must be empty when the run
 * ends, or the run fails naming what was left.
 *
 * A directory of our own rather than a listing of the system one before and after: other
 * processes (other test runs, browsers, builds) create and remove entries there at any moment,
 * so a listing cannot tell what this run left, and a test that leaks would still litter the
 * machine. os.tmpdir() reads TMPDIR on every call, and the test workers, started after this
 * runs, and the processes they spawn with the inherited environment all inherit it: whatever is
 * in the directory at the end is this run's. (vitest's own transform cache was placed in the
 * system temp directory before this runs, and vitest removes it itself.)
 *
 * vitest only logs an error thrown by a globalSetup teardown and still exits 0, so a leak sets
 * process.exitCode instead.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function isolateTempDir(): () => void {
  const systemTmpdir = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-test-run-'));
  process.env.TMPDIR = dir;
  return () => {
    if (systemTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = systemTmpdir;
    const left = readdirSync(dir);
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) {
      console.error(`\nLeft in the temp directory by the tests (now removed): ${left.join(', ')}`);
      process.exitCode = 1;
    }
  };
}
