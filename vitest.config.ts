import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The real Electron binary never runs in these tests: they get a typed fake.
    alias: { electron: fileURLToPath(new URL('./test/fakes/electron.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // A temp directory for the run that must be empty at its end (test/support/temp-guard.ts).
    globalSetup: ['test/support/temp-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2 cores: more workers only contend.
    maxWorkers: 2,
  },
});
