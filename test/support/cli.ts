/** Runs the built `kubeward` CLI as a real process (npm test builds it first). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../../out/cli/kubeward.js');

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runKubeward(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temp dir with the given files written into it; returns absolute paths by name. */
export function tempFiles(
  files: Record<string, string | Buffer>,
  mode = 0o600,
): { dir: string; paths: Record<string, string> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-'));
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    writeFileSync(file, content, { mode });
    paths[name] = file;
  }
  return { dir, paths };
}
