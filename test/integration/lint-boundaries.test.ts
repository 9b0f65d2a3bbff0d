/**
 * The layers are lint rules (eslint.config.js): an import across a boundary fails
 * `npm run lint`, an allowed one passes. Each case lints a few lines of source as if
 * they lived at a path inside the repository, with the repository's own config; nothing
 * is written to disk.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAYER_RULES = new Set(['boundaries/dependencies', 'boundaries/no-unknown-dependencies', 'no-restricted-imports']);

// Only the layer rules run: the type-aware rules would build a TypeScript program per
// tsconfig for nothing, since none of them looks at where an import goes.
const eslint = new ESLint({
  cwd: ROOT,
  ruleFilter: ({ ruleId }) => LAYER_RULES.has(ruleId),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});

/** What ESLint reports for `code` placed at `filePath` (relative to the repository), as `rule: message`. */
async function lintAt(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: `${ROOT}${filePath}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

/** The message each kind of violation gives, so that a case cannot pass for another reason (say, a moved file). */
const across = (from: string, to: string) =>
  `boundaries/dependencies: There is no policy allowing dependencies from elements of type "${from}" to elements of type "${to}"`;
const outside = 'boundaries/no-unknown-dependencies: Dependencies to unknown elements and files are not allowed';
const electron = 'no-restricted-imports: ';

interface Violation {
  from: string;
  code: string;
  error: string;
}

const violations: Record<string, Violation[]> = {
  'shared imports nothing of ours outside shared': [
    {
      from: 'shared/probe.ts',
      code: "export { readFileBounded } from '../electron/core/files/read-file';",
      error: across('shared', 'core'),
    },
    {
      from: 'shared/probe.ts',
      code: "import type { UsageError } from '../electron/cli/usage';\nexport type A = UsageError;",
      error: across('shared', 'cli'),
    },
    {
      from: 'shared/probe.ts',
      code: "export { version } from '../package.json';",
      error:
        'boundaries/dependencies: There is no policy allowing dependencies from elements of type "shared" to file of category "manifest"',
    },
    {
      from: 'shared/rules/probe.ts',
      code: "export { runKubeward } from '../../test/support/cli';",
      error: outside,
    },
  ],
  'electron/core never imports app, cli, dev-bridge or the renderer': [
    {
      from: 'electron/core/check/probe.ts',
      code: "export { TrayView } from '../../app/tray';",
      error: across('core', 'app'),
    },
    {
      from: 'electron/core/check/probe.ts',
      code: "export { runWatch } from '../../cli/watch';",
      error: across('core', 'cli'),
    },
    {
      from: 'electron/core/check/probe.ts',
      code: "export { startDevBridge } from '../../dev-bridge/server';",
      error: across('core', 'dev-bridge'),
    },
    {
      from: 'electron/core/check/probe.ts',
      code: "export { findingRef } from '../../../renderer/src/route';",
      error: across('core', 'renderer'),
    },
  ],
  'the renderer takes only types from shared, besides the IPC contract': [
    {
      from: 'renderer/src/probe.ts',
      code: "export { diagnose } from '../../shared/diagnose';",
      error: across('renderer', 'shared'),
    },
    {
      from: 'renderer/src/probe.ts',
      code: "import type { EventSink } from '../../electron/core/desktop/api';\nexport type E = EventSink;",
      error: across('renderer', 'core'),
    },
  ],
  'the CLI, the dev bridge and the app do not import each other': [
    {
      from: 'electron/dev-bridge/probe.ts',
      code: "export { runWatch } from '../cli/watch';",
      error: across('dev-bridge', 'cli'),
    },
    {
      from: 'electron/app/probe.ts',
      code: "export { runWatch } from '../cli/watch';",
      error: across('app', 'cli'),
    },
    {
      from: 'electron/cli/probe.ts',
      code: "export { startDevBridge } from '../dev-bridge/server';",
      error: across('cli', 'dev-bridge'),
    },
  ],
  'only electron/app and electron/preload import electron': [
    { from: 'electron/core/check/probe.ts', code: "export { app } from 'electron';", error: electron },
    {
      from: 'electron/cli/probe.ts',
      code: "import { app } from 'electron';\nexport const quit = () => app.quit();",
      error: electron,
    },
    { from: 'electron/dev-bridge/probe.ts', code: "export { app } from 'electron';", error: electron },
    { from: 'shared/probe.ts', code: "export { app } from 'electron';", error: electron },
    { from: 'renderer/src/probe.ts', code: "export { ipcRenderer } from 'electron';", error: electron },
  ],
};

const allowed: { from: string; code: string }[] = [
  { from: 'shared/probe.ts', code: "export { worstStatus } from './findings';\nexport { parse } from 'yaml';" },
  {
    from: 'electron/core/check/probe.ts',
    code: "export { worstStatus } from '../../../shared/findings';\nexport { readFileBounded } from '../files/read-file';",
  },
  {
    from: 'electron/cli/probe.ts',
    code: "export { checkOnce } from '../core/check/check-once';\nexport { worstStatus } from '../../shared/findings';\nexport { version } from '../../package.json';",
  },
  {
    from: 'electron/dev-bridge/probe.ts',
    code: "export { openDesktopCore } from '../core/desktop/desktop';\nexport { CHANNELS } from '../../shared/ipc';",
  },
  {
    from: 'electron/app/probe.ts',
    code: "export { app } from 'electron';\nexport { openDesktopCore } from '../core/desktop/desktop';",
  },
  {
    from: 'electron/preload/probe.ts',
    code: "export { contextBridge } from 'electron';\nexport { CHANNELS } from '../../shared/ipc';",
  },
  {
    from: 'renderer/src/probe.ts',
    code: "import type { ContextSubject } from '../../shared/rules/types';\nexport type S = ContextSubject;",
  },
  {
    from: 'renderer/src/probe.ts',
    code: "export { buildKubewardApi } from '../../shared/ipc';\nexport { h } from 'preact';\nexport { findingRef } from './route';",
  },
  { from: 'renderer/src/probe.ts', code: "export { SEVERITY_RANK } from '../../shared/findings';" },
  {
    from: 'test/app/probe.test.ts',
    code: "export { app } from 'electron';\nexport { runWatch } from '../../electron/cli/watch';",
  },
];

describe('lint enforces the layers', () => {
  for (const [boundary, cases] of Object.entries(violations)) {
    it.each(cases)(`${boundary}: $from fails on $code`, async ({ from, code, error }) => {
      const errors = await lintAt(from, code);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(error);
    });
  }

  it.each(allowed)('$from passes with $code', async ({ from, code }) => {
    expect(await lintAt(from, code)).toEqual([]);
  });
});
