import preact from '@preact/preset-vite';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    // Bundled like the CLI, so package.json has no "dependencies": the app's asar needs no
    // node_modules, and the packed CLI package (npm pack) installs nothing with it, offline too.
    build: {
      outDir: 'out/main',
      externalizeDeps: false,
      rolldownOptions: { input: { index: 'electron/app/main.ts' } },
    },
  },
  preload: {
    // Sandboxed preloads cannot require node_modules: bundle everything in.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: { input: { index: 'electron/preload/index.ts' }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [preact()],
    build: { outDir: 'out/renderer', rolldownOptions: { input: { index: 'renderer/index.html' } } },
  },
});
