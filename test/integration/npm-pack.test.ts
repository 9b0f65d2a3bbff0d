/**
 * `npm pack` makes the installable `kubeward` CLI package: the tarball holds the CLI and nothing
 * else of the repository, it has no dependencies to fetch (the CLI bundle holds what it uses),
 * and installed from it into a prefix of its own, offline (`npm install -g --prefix --offline`),
 * the installed `kubeward` answers exactly as the built one does. POSIX only: on Windows npm
 * installs a .cmd shim instead.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSampleKubeconfig } from '../../scripts/sample-kubeconfig.mjs';
import { tempDir } from '../support/temp';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT_CLI = path.join(ROOT, 'out/cli/kubeward.js');
const AT = '2026-11-28T12:00:00Z';

interface Manifest {
  name: string;
  version: string;
  main: string;
  bin: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** npm with the user's own configuration (registry, cache), writing no log file and asking nothing of the network. */
function npm(args: string[], cwd: string): string {
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier', '--logs-max=0'], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function outcome(result: SpawnSyncReturns<string>): Run {
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let packedFiles: string[];
let prefix: string;
let installedBin: string;

beforeAll(() => {
  // npm test builds before vitest; a lone `npx vitest run` of this file may come first.
  if (!existsSync(BUILT_CLI)) npm(['run', 'build'], ROOT);
  const packDir = tempDir('npm-pack');
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', packDir], ROOT)) as [
    { filename: string; files: { path: string }[] },
  ];
  packedFiles = packed.files.map((file) => file.path).sort();
  prefix = tempDir('npm-prefix');
  npm(['install', '--global', '--prefix', prefix, '--offline', path.join(packDir, packed.filename)], prefix);
  installedBin = path.join(prefix, 'bin', 'kubeward');
}, 120_000);

/** Runs a `kubeward` as a user would: on PATH the Node running the tests, HOME a directory of its own. */
function kubeward(executable: string[], args: string[], home: string): Run {
  const [command = '', ...commandArgs] = executable;
  return outcome(
    spawnSync(command, [...commandArgs, ...args], {
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: home,
        TMPDIR: process.env.TMPDIR,
      },
    }),
  );
}

describe.skipIf(process.platform === 'win32')('npm pack', () => {
  it('packs the CLI and its package.json, no sources, tests or desktop bundles', () => {
    // npm packs the file "main" names whatever "files" says: the app's entry, which Electron needs it to name.
    const always = ['package.json', 'README.md', manifest.main];
    for (const file of packedFiles) {
      if (!always.includes(file)) expect(file).toMatch(/^out\/cli\/./);
    }
    expect(packedFiles).toEqual(
      expect.arrayContaining(['package.json', 'out/cli/kubeward.js', 'out/cli/main.js', 'out/cli/package.json']),
    );
    expect(manifest.bin).toEqual({ kubeward: 'out/cli/kubeward.js' });
  });

  it('installs nothing with it: no dependencies, no devDependencies (Electron), no install scripts', () => {
    const installed = path.join(prefix, 'lib/node_modules', manifest.name);
    const installedManifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as Manifest;
    // npm fetches full packuments to resolve dependencies, which `npm ci` does not cache: none, so offline works.
    expect(installedManifest.dependencies ?? {}).toEqual({});
    expect(Object.keys(installedManifest.scripts ?? {})).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(preinstall|install|postinstall|prepare)$/)]),
    );
    expect(existsSync(path.join(installed, 'node_modules'))).toBe(false);
    expect(readdirSync(path.join(prefix, 'lib/node_modules'))).toEqual([manifest.name]);
  });

  it('runs `kubeward --version` from the installed bin', () => {
    const home = tempDir('npm-pack-home');
    expect(kubeward([installedBin], ['--version'], home)).toEqual({
      code: 0,
      stdout: `kubeward ${manifest.version}\n`,
      stderr: '',
    });
  });

  it('runs `kubeward check --offline` from the installed bin as the built CLI runs it', () => {
    const home = tempDir('npm-pack-home');
    const config = path.join(home, 'config');
    writeSampleKubeconfig(config, Date.parse(AT));
    for (const format of [[], ['--json']]) {
      const args = ['check', '--offline', '--at', AT, '--kubeconfig', config, ...format];
      const installed = kubeward([installedBin], args, home);
      // An expired client certificate and expired tokens are errors: exit 1.
      expect(installed.code).toBe(1);
      expect(installed.stderr).toBe('');
      expect(installed.stdout).toMatch(/expired/);
      expect(installed).toEqual(kubeward([process.execPath, BUILT_CLI], args, home));
    }
  });
});
