import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Only electron/app adapts to Electron; core, CLI and shared must run in plain Node.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only electron/app may import electron.' }] },
      ],
    },
  },
  {
    files: ['electron/app/**', 'electron/preload/**', 'test/fakes/**', 'test/app/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**'],
    rules: {
      // shared/ is the functional core: no I/O, no clock.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'electron',
            'node:fs',
            'node:fs/promises',
            'node:child_process',
            'node:net',
            'node:tls',
            'node:https',
            'node:http',
            'node:os',
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Time is passed in.' }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
