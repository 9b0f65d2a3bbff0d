/**
 * A GUI app on macOS (and some Linux desktops) starts with launchd's minimal PATH,
 * not the one the user's login shell builds, so `aws` or `gke-gcloud-auth-plugin`
 * look missing in the app while they work in a terminal. Ask the login shell once.
 */
import { spawn } from 'node:child_process';
import type { Platform } from '../../../shared/facts';
import type { Env } from '../../../shared/host';

const TIMEOUT_MS = 3_000;
const MARKER = '__KUBEWARD_PATH__';

/** The PATH an interactive login shell sets, or undefined (Windows, no shell, a slow or broken rc file). */
export function resolveLoginShellPath(
  env: Env,
  platform: Platform,
  timeoutMs = TIMEOUT_MS,
): Promise<string | undefined> {
  const shell = env.SHELL;
  if (platform === 'win32' || !shell) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    // Markers around the value: rc files often print banners of their own.
    const child = spawn(shell, ['-ilc', `printf '${MARKER}%s${MARKER}' "$PATH"`], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env,
      detached: true,
    });
    let out = '';
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      resolve(undefined);
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (out.length < 64 * 1024) out += chunk.toString('utf8');
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', () => {
      clearTimeout(timer);
      const match = out.match(new RegExp(`${MARKER}(.*?)${MARKER}`, 's'));
      resolve(match?.[1] || undefined);
    });
  });
}
