/**
 * Temporary directories for tests, removed when the test file ends, whether its tests passed or
 * failed. The afterAll below is registered when a test file imports this module, so on that file:
 * vitest runs each test file with a fresh module graph, hence a list and a hook per file. Hooks
 * run in stack order and this one is registered first, so it runs last: the servers, monitors
 * and bridges that use the directories are stopped by then.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory `kubeward-<label>-XXXXXX` in the temp directory; the label says which test left it behind. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kubeward-${label}-`));
  made.push(dir);
  return dir;
}

/** A fresh temp dir with the given files written into it; returns absolute paths by name. */
export function tempFiles(
  files: Record<string, string | Buffer>,
  mode = 0o600,
): { dir: string; paths: Record<string, string> } {
  const dir = tempDir('files');
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    writeFileSync(file, content, { mode });
    paths[name] = file;
  }
  return { dir, paths };
}
