/**
 * The `kubeward` command line (and the bench) as plain-Node bundles, no Electron, so
 * `node out/cli/kubeward.js` starts fast on any Node >= 20.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { writeWarmupKubeconfig } from './scripts/cli-warmup-kubeconfig.mjs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * `--mode bench` builds the bench harness (npm run bench) and the X.509 decoder micro-bench
 * (node out/bench/x509-decoders.js) instead, so the app build never compiles them.
 * `--mode dev-bridge` builds `npm run dev:bridge` (electron/dev-bridge/main.ts), apart from the
 * CLI: sharing an output would split the CLI into chunks its code cache does not cover.
 * The CLI is two files: kubeward.js starts main.js, the CLI itself, with its code cache.
 */
function entries(mode: string): Record<string, string> {
  if (mode === 'bench') return { 'bench/run': 'bench/run.ts', 'bench/x509-decoders': 'bench/x509-decoders.ts' };
  if (mode === 'dev-bridge') return { 'dev-bridge/main': 'electron/dev-bridge/main.ts' };
  return { 'cli/kubeward': 'electron/cli/start.ts', 'cli/main': 'electron/cli/main.ts' };
}

/**
 * The CLI is CommonJS: Node's ESM loader costs ~10 ms more per start than require() for the
 * same bundle (bench/run.ts, 1000 contexts: 246 -> 236 ms), and only a CommonJS script can be
 * compiled with a code cache on Node 20. The package is "type": "module", so out/cli gets a
 * package.json of its own saying that its .js files (the CLI and its on-demand chunks) are CommonJS.
 */
function commonJsPackage(): Plugin {
  return {
    name: 'kubeward-cli-commonjs',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'cli/package.json', source: '{ "type": "commonjs" }\n' });
    },
  };
}

/**
 * Makes out/cli/main.js.cache (electron/cli/start.ts): runs one offline check of a kubeconfig
 * with certificates and tokens, valid and expired, so that the cache holds what a check compiles.
 * Made by the Node that builds; another Node simply does not use it.
 */
function codeCache(): Plugin {
  return {
    name: 'kubeward-cli-code-cache',
    apply: 'build',
    closeBundle() {
      const dir = mkdtempSync(path.join(tmpdir(), 'kubeward-code-cache-'));
      const cache = path.resolve('out/cli/main.js.cache');
      rmSync(cache, { force: true });
      try {
        const kubeconfig = path.join(dir, 'config');
        writeWarmupKubeconfig(kubeconfig, Date.now());
        const loader = path.resolve('out/cli/kubeward.js');
        const args = ['check', '--offline', '--json', '--kubeconfig', kubeconfig];
        const script = `require(${JSON.stringify(loader)}).writeCodeCache(${JSON.stringify(args)})`;
        // The check's exit code says what it found; only a missing cache is a failure here.
        // HOME is the temporary directory: no cloud session of the builder is read.
        spawnSync(process.execPath, ['-e', script], { stdio: 'ignore', env: { ...process.env, HOME: dir } });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      if (!existsSync(cache)) this.warn('no code cache was made: kubeward starts ~15 ms slower without it');
    },
  };
}

export default defineConfig(({ mode }) => {
  const cli = mode !== 'bench' && mode !== 'dev-bridge';
  return {
    plugins: cli ? [commonJsPackage(), codeCache()] : [],
    build: {
      ssr: true,
      target: 'node20',
      outDir: 'out',
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      rolldownOptions: {
        input: entries(mode),
        external: (id) => nodeBuiltins.includes(id),
        output: cli
          ? {
              format: 'cjs',
              entryFileNames: '[name].js',
              chunkFileNames: 'cli/chunks/[name]-[hash].js',
              banner: (chunk) => (chunk.name === 'cli/kubeward' ? '#!/usr/bin/env node' : ''),
            }
          : { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
    ssr: { noExternal: true },
  };
});
