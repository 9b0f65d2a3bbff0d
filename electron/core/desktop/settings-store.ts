/**
 * The user's settings on disk (`settings.json` beside the alert state), validated
 * with the same rules as the window's `settings:set`. A missing file is the defaults;
 * a corrupt or hand-broken one is the defaults too, and the log says why, but it is
 * not overwritten until the user saves.
 */
import cron from 'node-cron';
import type { Host } from '../../../shared/host';
import { IpcPayloadError, REQUEST_VALIDATORS } from '../../../shared/ipc';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import { readJsonFile, writeJsonAtomic } from '../files/json-file';
import { kubewardConfigFile } from '../monitor/state-store';

export function defaultSettingsPath(host: Host): string {
  return kubewardConfigFile('settings.json', host);
}

/** The contract's checks, and one only core can make: the schedule is a cron expression node-cron runs. */
function validSettings(value: unknown): Settings {
  const settings = REQUEST_VALIDATORS['settings:set'](value);
  if (!cron.validate(settings.schedule)) {
    throw new IpcPayloadError(`schedule: "${settings.schedule}" is not a cron expression (e.g. "*/15 * * * *")`);
  }
  return settings;
}

interface LoadedSettings {
  settings: Settings;
  /** Why the file was not used, when it existed. */
  problem?: string;
}

async function loadSettings(file: string): Promise<LoadedSettings> {
  const read = await readJsonFile(file);
  if (read.kind === 'missing') return { settings: DEFAULT_SETTINGS };
  if (read.kind === 'unusable') return { settings: DEFAULT_SETTINGS, problem: read.problem };
  try {
    return { settings: validSettings(read.value) };
  } catch (error) {
    if (!(error instanceof IpcPayloadError)) throw error;
    return { settings: DEFAULT_SETTINGS, problem: `${file} is not a kubeward settings file (${error.message})` };
  }
}

/** The settings the monitor reads on every decision, and saves with every change. */
export class SettingsStore {
  private constructor(
    private readonly file: string,
    private settings: Settings,
  ) {}

  static async open(file: string, log?: (line: string) => void): Promise<SettingsStore> {
    const loaded = await loadSettings(file);
    if (loaded.problem) log?.(`settings ${loaded.problem}; using the defaults`);
    return new SettingsStore(file, loaded.settings);
  }

  current(): Settings {
    return this.settings;
  }

  /** Validates, writes atomically, and only then makes the new settings current. */
  async save(next: Settings): Promise<Settings> {
    const valid = validSettings(next);
    await writeJsonAtomic(this.file, valid);
    this.settings = valid;
    return valid;
  }
}
