/**
 * The `kubeward` command line (and the bench) as plain-Node ESM bundles: one file
 * each, no Electron, so `node out/cli/kubeward.js` starts fast on any Node >= 20.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * `--mode bench` builds the bench harness (npm run bench) and the X.509 decoder micro-bench
 * (node out/bench/x509-decoders.js) instead, so the app build never compiles them.
 */
function entries(mode: string): Record<string, string> {
  return mode === 'bench'
    ? { 'bench/run': 'bench/run.ts', 'bench/x509-decoders': 'bench/x509-decoders.ts' }
    : { 'cli/kubeward': 'electron/cli.ts' };
}

export default defineConfig(({ mode }) => ({
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
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        banner: (chunk) => (chunk.name === 'cli/kubeward' ? '#!/usr/bin/env node' : ''),
      },
    },
  },
  ssr: { noExternal: true },
}));
