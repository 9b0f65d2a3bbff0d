/**
 * Builds a Snapshot from in-memory kubeconfig texts for unit tests of pure rules,
 * through the same parse + merge the engine uses. Integration tests use real files
 * and electron/core instead.
 */
import path from 'node:path';
import type { CommandLookup, FileRead, Platform, Snapshot, SourceFile } from '../../shared/facts';
import { parseKubeconfig } from '../../shared/kubeconfig/parse';
import { mergeKubeconfigs } from '../../shared/kubeconfig/merge';
import type { KubeconfigDocument } from '../../shared/kubeconfig/model';

export interface SnapshotInput {
  /** Kubeconfig files in KUBECONFIG order: absolute path -> YAML text (or a FileRead for missing/unreadable). */
  sources: Record<string, string | FileRead>;
  /** File mode of the kubeconfig files (default 0o600). */
  mode?: number;
  /** Referenced files (certs, keys, CAs, token files): absolute path -> contents. Absent paths read as missing. */
  files?: Record<string, string | FileRead>;
  /** Exec commands: command as written -> resolved path, or null when not found. */
  commands?: Record<string, string | null>;
  platform?: Platform;
}

function toRead(value: string | FileRead, mode: number): FileRead {
  return typeof value === 'string' ? { state: 'ok', text: value, mode, size: Buffer.byteLength(value) } : value;
}

export function snapshotFrom(input: SnapshotInput): Snapshot {
  const platform = input.platform ?? 'linux';
  const sources: SourceFile[] = Object.entries(input.sources).map(([p, value]) => {
    const read = toRead(value, input.mode ?? 0o600);
    return read.state === 'ok' ? { path: p, read, parse: parseKubeconfig(read.text, p) } : { path: p, read };
  });
  const documents: KubeconfigDocument[] = sources.flatMap((s) => (s.parse?.ok ? [s.parse.document] : []));
  const config = mergeKubeconfigs(documents, platform);
  const files = new Map<string, FileRead>();
  for (const [p, value] of Object.entries(input.files ?? {})) files.set(path.resolve(p), toRead(value, 0o600));
  const commands = new Map<string, CommandLookup>();
  for (const [command, resolved] of Object.entries(input.commands ?? {})) {
    commands.set(command, resolved === null ? { command } : { command, resolved, via: 'path' });
  }
  return { kubeconfigPaths: Object.keys(input.sources), explicit: true, sources, config, files, commands, platform };
}
