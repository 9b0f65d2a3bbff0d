/**
 * One more probe after a 401, with a fresh credential. client-go answers a 401 to an exec
 * credential by re-running the plugin (exec.go: roundTripper.RoundTrip calls maybeRefreshCreds,
 * which runs it again unless another request already rotated it); the 401 itself is returned,
 * so it is kubectl's next request that carries the new credential. A background checker that
 * keeps a credential across checks would otherwise report a token the cloud has since rotated,
 * while kubectl, which starts afresh, works. So: re-run the plugin past kubeward's own cache, or
 * re-read a token or certificate file that changed since the check read it, and ask once more.
 * Any other credential is what it was: asking again would not change the answer.
 */
import type { FileRead, ProbeResult, Snapshot } from '../../../shared/facts';
import type { User } from '../../../shared/kubeconfig/model';
import { runExecPlugins, type ExecRunOptions } from '../exec/plugin';
import { readFileBounded, REFERENCED_FILE_SIZE_LIMIT } from '../files/read-file';
import { probeAll, type ProbeOptions } from '../probe/probe';

type Retried = NonNullable<Extract<ProbeResult, { state: 'answered' }>['retried']>;

function unauthorized(probe: ProbeResult | undefined): boolean {
  return probe?.state === 'answered' && probe.status === 401;
}

function userOf(snapshot: Snapshot, contextName: string): { name: string; value: User } | undefined {
  const name = snapshot.config.contexts.get(contextName)?.value.user;
  return name === undefined ? undefined : snapshot.config.users.get(name);
}

/** The files a static credential is read from: client-go reads them per connection, so a change reaches kubectl. */
function credentialFiles(user: User): string[] {
  return [user.tokenFile, user.clientCertificate, user.clientKey].filter((f): f is string => f !== undefined);
}

function sameRead(a: FileRead | undefined, b: FileRead): boolean {
  if (a?.state !== b.state) return false;
  return a.state !== 'ok' || (b.state === 'ok' && a.text === b.text);
}

/** The credential files of these contexts read again; the ones whose content changed, with their new reads. */
async function changedFiles(snapshot: Snapshot, contexts: readonly string[]): Promise<Map<string, FileRead>> {
  const paths = new Set(contexts.flatMap((name) => credentialFiles(userOf(snapshot, name)?.value ?? ({} as User))));
  const changed = new Map<string, FileRead>();
  await Promise.all(
    [...paths].map(async (file) => {
      const read = await readFileBounded(file, { limit: REFERENCED_FILE_SIZE_LIMIT, pipeTimeoutMs: 1_000 });
      if (!sameRead(snapshot.files.get(file), read)) changed.set(file, read);
    }),
  );
  return changed;
}

export interface RetryOptions {
  exec: ExecRunOptions;
  probe: ProbeOptions;
}

/**
 * The snapshot with every 401 asked again where a fresh credential could change it: the exec
 * runs and file reads replaced by the fresh ones, and the new answers marked `retried`.
 */
export async function retryUnauthorized(snapshot: Snapshot, options: RetryOptions): Promise<Snapshot> {
  const probes = snapshot.probes;
  if (!probes) return snapshot;
  const refused = [...probes].filter(([, probe]) => unauthorized(probe));
  if (refused.length === 0) return snapshot;
  const byExec = refused.flatMap(([name, p]) =>
    p.state === 'answered' && p.credential?.from === 'exec' ? [name] : [],
  );
  const byFile = refused.map(([name]) => name).filter((name) => !byExec.includes(name));

  const execRuns = new Map(snapshot.execRuns ?? []);
  const retry = new Map<string, Retried>();
  if (byExec.length > 0) {
    const fresh = await runExecPlugins(snapshot, { ...options.exec, contexts: byExec, fresh: true });
    for (const name of byExec) {
      const user = userOf(snapshot, name);
      const run = user && fresh.get(user.name);
      // A plugin that fails now leaves the first answer standing: its own failure is the next check's news.
      if (user && run?.state === 'ok') {
        execRuns.set(user.name, run);
        retry.set(name, 'exec-plugin');
      }
    }
  }
  const files = new Map(snapshot.files);
  const changed = byFile.length > 0 ? await changedFiles(snapshot, byFile) : new Map<string, FileRead>();
  for (const [file, read] of changed) files.set(file, read);
  for (const name of byFile) {
    if (credentialFiles(userOf(snapshot, name)?.value ?? ({} as User)).some((f) => changed.has(f)))
      retry.set(name, 'file');
  }
  if (retry.size === 0) return snapshot;

  const refreshed: Snapshot = { ...snapshot, execRuns, files };
  const again = await probeAll(refreshed, { ...options.probe, enabled: (name) => retry.has(name) });
  const merged = new Map(probes);
  for (const [name, how] of retry) {
    const probe = again.get(name);
    if (probe) merged.set(name, probe.state === 'answered' ? { ...probe, retried: how } : probe);
  }
  return { ...refreshed, probes: merged };
}
