import preact from '@preact/preset-vite';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: { outDir: 'out/main', rolldownOptions: { input: { index: 'electron/app/main.ts' } } },
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
