/**
 * Facts that `electron/core` gathers by I/O and hands to the pure rules.
 * Everything here is data; nothing reads the disk, the clock or the network.
 */
import type { MergedKubeconfig, ParseResult } from './kubeconfig/model';

/** `process.platform` values that change a rule's verdict. */
export type Platform = 'darwin' | 'linux' | 'win32' | 'other';

/** What reading a path gave. `text` is only present for `ok`. */
export type FileRead =
  | { state: 'ok'; text: string; mode?: number; size: number }
  | { state: 'missing' }
  | { state: 'directory' }
  | { state: 'unreadable'; reason: string }
  | { state: 'too-large'; size: number; limit: number };

/** A file named in the KUBECONFIG list (or the default path). */
export interface SourceFile {
  path: string;
  read: FileRead;
  /** Present when the file was read. */
  parse?: ParseResult;
}

/** Where an exec plugin's command was found, if anywhere. */
export interface CommandLookup {
  command: string;
  /** Absolute path of the executable, when found. */
  resolved?: string;
  /** `login-shell` when only the login shell's PATH has it (a GUI app's classic trap). */
  via?: 'path' | 'login-shell' | 'absolute';
}

export interface Snapshot {
  /** The paths kubectl would load, after splitting, dropping empties and de-duplicating. */
  kubeconfigPaths: string[];
  /** Whether the list came from --kubeconfig / KUBECONFIG rather than the default path. */
  explicit: boolean;
  sources: SourceFile[];
  config: MergedKubeconfig;
  /** Files the merged config references (certs, keys, CAs, token files), by absolute path. */
  files: ReadonlyMap<string, FileRead>;
  /** Exec plugin commands, keyed by the command as written (after path resolution). */
  commands: ReadonlyMap<string, CommandLookup>;
  platform: Platform;
}

/** The read of a referenced file; core gathers every referenced path, so an absent one is missing. */
export function fileAt(snapshot: Snapshot, path: string): FileRead {
  return snapshot.files.get(path) ?? { state: 'missing' };
}
