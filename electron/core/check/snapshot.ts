/**
 * Gathers the facts the pure rules need: the kubeconfig files kubectl would load,
 * the files they reference and where exec plugins resolve. All I/O of a check
 * lives here; everything it produces is plain data (shared/facts.ts).
 */
import path from 'node:path';
import type { CommandLookup, FileRead, Snapshot, SourceFile } from '../../../shared/facts';
import type { Host } from '../../../shared/host';
import { mergeKubeconfigs } from '../../../shared/kubeconfig/merge';
import type { KubeconfigDocument, MergedKubeconfig } from '../../../shared/kubeconfig/model';
import { parseKubeconfig } from '../../../shared/kubeconfig/parse';
import { decodeKubeconfig } from '../../../shared/kubeconfig/decode';
import { kubeconfigPaths } from '../../../shared/kubeconfig/paths';
import { DEFAULT_TIMEOUT_MS } from '../../../shared/defaults';
import { findCommand, type CommandSearch } from '../exec/find-command';
import { KUBECONFIG_SIZE_LIMIT, readFileBounded, REFERENCED_FILE_SIZE_LIMIT } from '../files/read-file';

export interface SnapshotOptions {
  /** `--kubeconfig`, else $KUBECONFIG; a list joined by the OS path separator. */
  kubeconfig: string | undefined;
  /** Its env's PATH and PATHEXT are where exec plugin commands are looked up. */
  host: Host;
  /** The login shell's PATH (desktop app): where a GUI app finds plugins a terminal finds. */
  loginShellPath?: string;
  /** How long a pipe (process substitution, a FIFO) may take to reach its end: the check's timeout, else the default one. */
  pipeTimeoutMs?: number;
}

/** Every file path the merged config points at: what rules check and what the watcher must watch. */
export function referencedPaths(config: MergedKubeconfig): string[] {
  const paths = new Set<string>();
  for (const { value } of config.clusters.values())
    if (value.certificateAuthority) paths.add(value.certificateAuthority);
  for (const { value } of config.users.values()) {
    // Field by field, not through a throwaway array per user: this runs for every user of a large file.
    if (value.clientCertificate) paths.add(value.clientCertificate);
    if (value.clientKey) paths.add(value.clientKey);
    if (value.tokenFile) paths.add(value.tokenFile);
  }
  return [...paths];
}

export async function gatherSnapshot(options: SnapshotOptions): Promise<Snapshot> {
  const { env, homeDir, platform } = options.host;
  const pipeTimeoutMs = options.pipeTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const listed = kubeconfigPaths(options.kubeconfig, homeDir, platform);
  // kubectl makes relative entries absolute against the working directory (filepath.Abs) before merging.
  const paths = [...new Set(listed.paths.map((p) => path.resolve(p)))];

  const sources: SourceFile[] = await Promise.all(
    paths.map(async (file) => {
      const read = await readFileBounded(file, {
        limit: KUBECONFIG_SIZE_LIMIT,
        pipeTimeoutMs,
        decode: decodeKubeconfig,
      });
      return read.state === 'ok' ? { path: file, read, parse: parseKubeconfig(read.text, file) } : { path: file, read };
    }),
  );
  const documents: KubeconfigDocument[] = sources.flatMap((s) => (s.parse?.ok ? [s.parse.document] : []));
  const config = mergeKubeconfigs(documents, platform);

  const files = new Map<string, FileRead>();
  await Promise.all(
    referencedPaths(config).map(async (file) =>
      files.set(file, await readFileBounded(file, { limit: REFERENCED_FILE_SIZE_LIMIT, pipeTimeoutMs })),
    ),
  );

  const commands = new Map<string, CommandLookup>();
  const search: CommandSearch = {
    path: env.PATH,
    pathExt: env.PATHEXT,
    loginShellPath: options.loginShellPath,
    platform,
  };
  const execCommands = new Set(
    [...config.users.values()].flatMap(({ value }) => (value.exec?.command ? [value.exec.command] : [])),
  );
  await Promise.all(
    [...execCommands].map(async (command) => commands.set(command, await findCommand(command, search))),
  );

  return { kubeconfigPaths: paths, explicit: listed.explicit, sources, config, files, commands, platform };
}
