/** Hosts for tests: this machine's platform, with only the home directory and environment a test gives. */
import { currentHost } from '../../electron/core/host';
import type { Env, Host } from '../../shared/host';

export const PLATFORM = currentHost().platform;

export function hostWith(homeDir: string, env: Env = {}): Host {
  return { env, homeDir, platform: PLATFORM };
}
