/** The environment an exec plugin runs with, and `~` in the paths plugins take. */
import type { Platform } from '../facts';
import type { Env } from '../host';
import { join } from '../kubeconfig/filepath';
import type { ExecConfig } from '../kubeconfig/model';

/** client-go appends the exec entry's env to kubectl's own, so an entry there wins over the inherited value. */
export function pluginEnv(exec: ExecConfig, processEnv: Env): Env {
  const env: Record<string, string | undefined> = { ...processEnv };
  for (const { name, value } of exec.env) env[name] = value;
  return env;
}

/** `~` or `~/...` against the home directory, as botocore's expanduser and kubelogin's expandHomedir do. */
export function expandHome(p: string, homeDir: string, platform: Platform): string {
  if (p === '~') return homeDir;
  return /^~[\\/]/.test(p) ? join(platform, homeDir, p.slice(2)) : p;
}
