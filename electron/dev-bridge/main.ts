/**
 * `npm run dev:bridge [-- --offline]`: the window in any browser against the real core,
 * for work on the renderer without Electron. It reads your kubeconfig as the app would,
 * but keeps its settings, alert state and login item in a throw-away directory, so
 * nothing it does changes the installed app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { xdgLoginItem } from '../core/desktop/autostart-file';
import { currentHost } from '../core/host';
import { startDevBridge } from './server';

async function main(): Promise<void> {
  const sandbox = mkdtempSync(path.join(os.tmpdir(), 'kubeward-dev-bridge-'));
  const host = currentHost();
  const bridge = await startDevBridge({
    host,
    statePath: path.join(sandbox, 'state.json'),
    settingsPath: path.join(sandbox, 'settings.json'),
    loginItem: xdgLoginItem({ env: { XDG_CONFIG_HOME: sandbox }, homeDir: host.homeDir, execPath: process.execPath }),
    rendererDir: path.join(path.dirname(process.argv[1] ?? '.'), '..', 'renderer'),
    offline: process.argv.includes('--offline'),
  });
  console.log(`kubeward dev bridge: open ${bridge.url}  (settings and state in ${sandbox}; Ctrl-C stops)`);
  const stop = () =>
    void bridge.close().then(() => {
      rmSync(sandbox, { recursive: true, force: true });
      process.exit(0);
    });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`kubeward dev bridge: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
