/**
 * The machine kubeward runs on: its environment, home directory and OS. Read once where a
 * process starts (the CLI, the app, the dev bridge: electron/core/host.ts) and handed down,
 * so the code below never reads them from the process itself and a test can describe any machine.
 */
import type { Platform } from './facts';

/** Environment variables, as process.env holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface Host {
  /** kubeward's own environment ($KUBECONFIG, $PATH, $XDG_CONFIG_HOME, proxies); exec plugins and fix commands inherit it. */
  env: Env;
  homeDir: string;
  platform: Platform;
}
