import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers (README "Develop"): every file of ours outside test/, bench/ and scripts/ belongs to one.
const layers = [
  { type: 'shared', pattern: 'shared/**', partialMatch: false },
  { type: 'core', pattern: 'electron/core/**', partialMatch: false },
  { type: 'cli', pattern: 'electron/cli/**', partialMatch: false },
  { type: 'dev-bridge', pattern: 'electron/dev-bridge/**', partialMatch: false },
  { type: 'app', pattern: 'electron/app/**', partialMatch: false },
  { type: 'preload', pattern: 'electron/preload/**', partialMatch: false },
  { type: 'renderer', pattern: 'renderer/**', partialMatch: false },
];

// The report model's leaf modules (they import nothing at run time but each other): the window orders severities,
// picks a finding, writes a duration and groups the overview with the same code as the tray and the CLI, so they
// never disagree.
const reportModelLeaves = ['shared/findings.ts', 'shared/time.ts', 'shared/settings.ts', 'shared/overview.ts'];

const layer = (type) => ({ element: { type } });
const packages = { module: { origin: ['external', 'core'] } };

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
    files: ['**/*.ts', '**/*.tsx'],
    // Each file is checked with the nearest tsconfig (root, electron/, renderer/), as tsc checks it.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its rejection: await it, return it, or say why with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['shared/**', 'electron/**', 'renderer/**'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers,
      // Not a layer, but the CLI reads its version there (`kubeward --version`).
      'boundaries/files': [{ category: 'manifest', pattern: 'package.json' }],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
    },
    rules: {
      // No layer imports test/, bench/, scripts/ or a config: those use the layers, never the other way round.
      'boundaries/no-unknown-dependencies': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            // Packages and Node's modules: no-restricted-imports keeps electron to app and preload, and I/O out of shared.
            { allow: { to: packages } },
            // The functional core depends on nothing of ours outside itself.
            { from: layer('shared'), allow: { to: layer('shared') } },
            // I/O under core serves the app, the CLI and the dev bridge, never the other way round.
            { from: layer('core'), allow: { to: layer(['core', 'shared']) } },
            { from: layer('cli'), allow: { to: layer(['cli', 'core', 'shared']) } },
            { from: layer('cli'), allow: { to: { file: { categories: 'manifest' } } } },
            { from: layer('dev-bridge'), allow: { to: layer(['dev-bridge', 'core', 'shared']) } },
            { from: layer('app'), allow: { to: layer(['app', 'core', 'shared']) } },
            { from: layer('preload'), allow: { to: layer(['preload', 'shared']) } },
            // The window learns everything through the IPC contract: from shared it takes types, and the contract itself.
            { from: layer('renderer'), allow: { to: layer('renderer') } },
            { from: layer('renderer'), allow: { to: layer('shared'), dependency: { kind: 'type' } } },
            { from: layer('renderer'), allow: { to: { file: { path: ['shared/ipc.ts', ...reportModelLeaves] } } } },
          ],
        },
      ],
    },
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
