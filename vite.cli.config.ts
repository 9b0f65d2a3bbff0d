/**
 * The `kubeward` command line (and the bench) as plain-Node ESM bundles: one file
 * each, no Electron, so `node out/cli/kubeward.js` starts fast on any Node >= 20.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out',
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      input: { 'cli/kubeward': 'electron/cli.ts', 'bench/run': 'bench/run.ts' },
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
});
