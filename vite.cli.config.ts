/**
 * The `kubeward` command line (and the bench) as plain-Node bundles, no Electron, so
 * `node out/cli/kubeward.js` starts fast on any Node >= 20.
 */
import { builtinModules } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * `--mode bench` builds the bench harness (npm run bench) and the X.509 decoder micro-bench
 * (node out/bench/x509-decoders.js) instead, so the app build never compiles them.
 * `--mode dev-bridge` builds `npm run dev:bridge` (electron/dev-bridge/main.ts), apart from the
 * CLI: sharing an output would split the CLI into chunks.
 * The CLI is two files: kubeward.js sets up V8 (electron/cli/start.ts), then loads main.js, the CLI itself.
 */
function entries(mode: string): Record<string, string> {
  if (mode === 'bench') return { 'bench/run': 'bench/run.ts', 'bench/x509-decoders': 'bench/x509-decoders.ts' };
  if (mode === 'dev-bridge') return { 'dev-bridge/main': 'electron/dev-bridge/main.ts' };
  return { 'cli/kubeward': 'electron/cli/start.ts', 'cli/main': 'electron/cli/main.ts' };
}

/**
 * The CLI is CommonJS: Node's ESM loader costs ~10 ms more per start than require() for the
 * same bundle (bench/run.ts, 1000 contexts: 246 -> 236 ms). The package is "type": "module", so out/cli gets a
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

export default defineConfig(({ mode }) => {
  const cli = mode !== 'bench' && mode !== 'dev-bridge';
  return {
    plugins: cli ? [commonJsPackage()] : [],
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
