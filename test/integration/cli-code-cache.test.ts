/**
 * The built CLI starts main.js with the V8 code cache the build made (electron/cli/start.ts).
 * A cache only saves compile time: with it, without it, stale or corrupt, the output is the same.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY, createCa, toData } from '../fixtures/pki';
import { CLI } from '../support/cli';
import { tempDir, tempFiles } from '../support/temp';

const AT = '2026-11-28T12:00:00Z';
const at = Date.parse(AT);
const ca = createCa({ notBefore: new Date(at - 400 * DAY), notAfter: new Date(at + 3000 * DAY) });
const expired = ca.issue({ cn: 'alice', organizations: ['dev'], notAfter: new Date(at - 2 * DAY) });
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    certificate-authority-data: ${toData(ca.certPem)}
    server: https://127.0.0.1:6443
users:
- name: alice
  user:
    client-certificate-data: ${toData(expired.certPem)}
    client-key-data: ${toData(expired.keyPem)}
contexts:
- name: c
  context: {cluster: c, user: alice}
current-context: c
`;

/** A copy of the built CLI whose cache `damage` may change. */
function cliCopy(damage?: (cache: Buffer) => Buffer | undefined): string {
  const dir = tempDir('cli-copy');
  cpSync(path.dirname(CLI), dir, { recursive: true });
  const cache = path.join(dir, 'main.js.cache');
  if (damage) {
    const damaged = damage(readFileSync(cache));
    if (damaged) writeFileSync(cache, damaged);
    else rmSync(cache);
  }
  return path.join(dir, 'kubeward.js');
}

function check(cli: string): { code: number | null; stdout: string; stderr: string } {
  const { dir, paths } = tempFiles({ config: KUBECONFIG });
  const result = spawnSync(
    process.execPath,
    [cli, 'check', '--json', '--offline', '--at', AT, '--kubeconfig', paths.config ?? ''],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir },
    },
  );
  // The kubeconfig path differs per run; everything else must not.
  return { code: result.status, stdout: result.stdout.replace(paths.config ?? '', 'CONFIG'), stderr: result.stderr };
}

describe('the CLI code cache', () => {
  it('is built next to the CLI', () => {
    expect(existsSync(path.join(path.dirname(CLI), 'main.js.cache'))).toBe(true);
  });

  it('covers all of a check: main.js loads no chunk at start but the bundler runtime', () => {
    // The bundler moves modules that main.js shares with an on-demand chunk (fix, watch) into a
    // common chunk when its merge heuristics say so; the cache covers main.js only, and a check
    // that compiles a split-off chunk without it is ~15 ms slower.
    const main = readFileSync(path.join(path.dirname(CLI), 'main.js'), 'utf8');
    const loadedAtStart = [...main.matchAll(/^const \w+ = require\("\.\/chunks\/([^"]+)"\);$/gm)].map((m) => m[1]);
    expect(loadedAtStart).toEqual([expect.stringMatching(/^rolldown-runtime-/)]);
  });

  const reference = check(cliCopy((cache) => cache));

  it('gives the same result as no cache', () => {
    expect(reference.code).toBe(1);
    expect(reference.stderr).toBe('');
    expect(JSON.parse(reference.stdout).contexts[0].findings[0].rule).toBe('client-cert-expired');
    expect(check(cliCopy(() => undefined))).toEqual(reference);
  });

  /** Whether V8 takes the built cache when main.js is compiled for `command`. */
  function cacheTakenFor(command: string): boolean {
    const script = `process.stdout.write(String(!require(${JSON.stringify(CLI)}).compileMain(${JSON.stringify(command)}).cachedDataRejected))`;
    return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout === 'true';
  }

  it('is taken by V8 for one-shot commands, made under the same V8 flags', () => {
    expect(cacheTakenFor('check')).toBe(true);
    expect(cacheTakenFor('fix')).toBe(true);
  });

  it('is not taken for watch, which keeps the optimizing compiler', () => {
    expect(cacheTakenFor('watch')).toBe(false);
  });

  it('is ignored when made for another main.js', () => {
    const stale = (cache: Buffer): Buffer => {
      const copy = Buffer.from(cache);
      copy[0] = (copy[0] ?? 0) ^ 0xff;
      return copy;
    };
    expect(check(cliCopy(stale))).toEqual(reference);
  });

  it('is ignored when its body is corrupt', () => {
    const corrupt = (cache: Buffer): Buffer => {
      const copy = Buffer.from(cache);
      copy.fill(0x5a, 20, Math.min(copy.length, 4096));
      return copy;
    };
    expect(check(cliCopy(corrupt))).toEqual(reference);
  });
});
