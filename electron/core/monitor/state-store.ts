/**
 * The alert state on disk: one JSON file in the user's config dir (json-file.ts). A
 * corrupt or unreadable file is not fatal: the monitor starts fresh and says so.
 */
import path from 'node:path';
import { EMPTY_ALERT_STATE, toAlertState, type AlertState } from '../../../shared/alerts/state';
import type { Host } from '../../../shared/host';
import { readJsonFile, writeJsonAtomic } from '../files/json-file';

/** `$XDG_CONFIG_HOME/kubeward/<name>` on Linux, the platform's app-data dir elsewhere. */
export function kubewardConfigFile(name: string, { env, homeDir, platform }: Host): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(homeDir, 'AppData', 'Roaming'), 'kubeward', name);
  }
  if (platform === 'darwin') return path.join(homeDir, 'Library', 'Application Support', 'kubeward', name);
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : undefined;
  return path.join(xdg ?? path.join(homeDir, '.config'), 'kubeward', name);
}

export function defaultStatePath(host: Host): string {
  return kubewardConfigFile('state.json', host);
}

export interface LoadedState {
  state: AlertState;
  /** Why the file could not be used, when it existed but was not a state file. */
  problem?: string;
}

export async function loadAlertState(file: string): Promise<LoadedState> {
  const read = await readJsonFile(file);
  if (read.kind === 'missing') return { state: EMPTY_ALERT_STATE };
  if (read.kind === 'unusable') return { state: EMPTY_ALERT_STATE, problem: read.problem };
  const state = toAlertState(read.value);
  return state ? { state } : { state: EMPTY_ALERT_STATE, problem: `${file} is not a kubeward state file` };
}

export async function saveAlertState(file: string, state: AlertState): Promise<void> {
  await writeJsonAtomic(file, state);
}
