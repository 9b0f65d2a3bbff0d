/**
 * The suite's guard (test/support/temp-guard.ts) on a run of its own: a run whose tests leave
 * something in the temp directory fails and names it, and the run's directory is removed all the
 * same. (That it passes a run that leaves nothing, the suite's own run shows.)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const VITEST = path.resolve(import.meta.dirname, '../../node_modules/vitest/vitest.mjs');
const CONFIG = path.resolve(import.meta.dirname, '../fixtures/temp-guard/vitest.config.ts');

describe('the temp directory guard', () => {
  it('fails a run whose tests leave an entry behind, naming it', () => {
    const run = spawnSync(process.execPath, [VITEST, 'run', '--config', CONFIG], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toMatch(/Left in the temp directory by the tests \(now removed\): kubeward-leak-\w{6}\n/);
    // The guarded run made its directory in this run's temp directory, which other test files share.
    expect(readdirSync(os.tmpdir()).filter((name) => name.startsWith('kubeward-test-run-'))).toEqual([]);
  });
});
