/**
 * The alert state on disk: one JSON file in the user's config dir, written
 * atomically (temp file in the same directory, fsync, rename) with mode 0600. A
 * corrupt or unreadable file is not fatal: the monitor starts fresh and says so.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { EMPTY_ALERT_STATE, toAlertState, type AlertState } from '../../shared/alerts/state';

/** `$XDG_CONFIG_HOME/kubeward/state.json` on Linux, the platform's app-data dir elsewhere. */
export function defaultStatePath(env: NodeJS.ProcessEnv, homeDir: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(homeDir, 'AppData', 'Roaming'), 'kubeward', 'state.json');
  }
  if (platform === 'darwin') return path.join(homeDir, 'Library', 'Application Support', 'kubeward', 'state.json');
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : undefined;
  return path.join(xdg ?? path.join(homeDir, '.config'), 'kubeward', 'state.json');
}

export interface LoadedState {
  state: AlertState;
  /** Why the file could not be used, when it existed but was not a state file. */
  problem?: string;
}

export async function loadAlertState(file: string): Promise<LoadedState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: EMPTY_ALERT_STATE };
    return { state: EMPTY_ALERT_STATE, problem: `${file} could not be read (${(error as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: EMPTY_ALERT_STATE, problem: `${file} is not valid JSON` };
  }
  const state = toAlertState(json);
  return state ? { state } : { state: EMPTY_ALERT_STATE, problem: `${file} is not a kubeward state file` };
}

export async function saveAlertState(file: string, state: AlertState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Same directory, so the rename is atomic; random, so two writers never share a temp file.
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
