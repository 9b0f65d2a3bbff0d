/**
 * The README's `npm start` on a fresh machine: Electron 45's package no longer fetches its
 * binary on install, and electron-vite stops at "Error: Electron uninstall" without it, so
 * `npm start` fetches it first (Electron's own install-electron) and, when it cannot, ends
 * with one line saying why. Run in a copy of the project whose node_modules/electron is a
 * copy too (the shared install is never written to), against mirrors on 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE_MODULES = realpathSync(path.join(ROOT, 'node_modules'));
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(path.join(NODE_MODULES, 'electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** A project with the real package.json and scripts/, a fresh copy of the electron package, every other package linked. */
function freshProject(): { dir: string; tmp: string } {
  const dir = tempDir('start');
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  cpSync(path.join(ROOT, 'scripts'), path.join(dir, 'scripts'), { recursive: true });
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(NODE_MODULES)) {
    if (name !== 'electron') symlinkSync(path.join(NODE_MODULES, name), path.join(modules, name));
  }
  // As npm ci leaves it: no dist/, no path.txt.
  cpSync(path.join(NODE_MODULES, 'electron'), path.join(modules, 'electron'), {
    recursive: true,
    filter: (source) => !/[\\/]electron[\\/](dist|path\.txt)$/.test(source),
  });
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  return { dir, tmp };
}

interface Run {
  code: number | null;
  output: string;
  ms: number;
}

function run(command: string, args: string[], cwd: string, tmp: string, mirror: string): Promise<Run> {
  // Nothing from the caller's environment may point Electron elsewhere (an npm config mirror wins over ELECTRON_MIRROR).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/electron/i.test(name)));
  const started = Date.now();
  const child = spawn(command, args, {
    cwd,
    env: {
      ...env,
      ELECTRON_MIRROR: mirror,
      npm_config_electron_mirror: mirror,
      electron_config_cache: path.join(cwd, 'electron-cache'),
      npm_config_cache: path.join(cwd, 'npm-cache'),
      npm_config_update_notifier: 'false',
      TMPDIR: tmp,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

const servers: ReturnType<typeof createServer>[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A mirror on 127.0.0.1 that has no Electron: records what was asked, answers 404. */
async function emptyMirror(): Promise<{ url: string; requested: string[] }> {
  const requested: string[] = [];
  const server = createServer((request, response) => {
    requested.push(request.url ?? '');
    response.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requested };
}

/** A loopback port nothing listens on: the offline case, refused at once. */
const OFFLINE_MIRROR = 'http://127.0.0.1:9/';

function lastLine(output: string): string {
  return output.trimEnd().split('\n').at(-1) ?? '';
}

describe('npm start on a fresh machine', () => {
  it("gets past electron-vite's check to Electron's download, and says in one line why it failed", async () => {
    const { dir, tmp } = freshProject();
    const mirror = await emptyMirror();
    const result = await run('npm', ['start'], dir, tmp, mirror.url);
    expect(result.code).not.toBe(0);
    expect(result.output).not.toContain('Electron uninstall');
    expect(mirror.requested).toContain(
      `/v${ELECTRON_VERSION}/electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`,
    );
    expect(lastLine(result.output)).toBe(
      `npm start: could not download Electron ${ELECTRON_VERSION}, which it fetches once ` +
        `(HTTPError: Response code 404 (Not Found) for ${mirror.url}v${ELECTRON_VERSION}/electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip); ` +
        'check the network (or ELECTRON_MIRROR) and run it again',
    );
    // Failed before building anything, and the download left nothing behind.
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules/electron/path.txt'))).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('offline, ends with that one line and a non-zero exit, in bounded time', async () => {
    const { dir, tmp } = freshProject();
    const result = await run('npm', ['start'], dir, tmp, OFFLINE_MIRROR);
    expect(result.code).not.toBe(0);
    expect(result.ms).toBeLessThan(20_000);
    expect(result.output).not.toContain('Electron uninstall');
    expect(lastLine(result.output)).toBe(
      `npm start: could not download Electron ${ELECTRON_VERSION}, which it fetches once (TypeError: fetch failed); ` +
        'check the network (or ELECTRON_MIRROR) and run it again',
    );
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('with the binary already fetched, asks no mirror and says nothing', async () => {
    const { dir, tmp } = freshProject();
    const electron = path.join(dir, 'node_modules/electron');
    mkdirSync(path.join(electron, 'dist'));
    writeFileSync(path.join(electron, 'dist/version'), `v${ELECTRON_VERSION}`);
    // path.txt names the executable under dist/, whatever the platform calls it.
    writeFileSync(path.join(electron, 'dist/electron'), '');
    writeFileSync(path.join(electron, 'path.txt'), 'electron');
    const mirror = await emptyMirror();
    const result = await run(process.execPath, ['scripts/ensure-electron.mjs'], dir, tmp, mirror.url);
    expect(result).toMatchObject({ code: 0, output: '' });
    expect(mirror.requested).toEqual([]);
  });
});
