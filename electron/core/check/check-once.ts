/**
 * The check pipeline: gather facts, run plugins and probes, diagnose. One pipeline for
 * `kubeward check`, `kubeward fix` and the monitor; it returns a report and never prints.
 */
import type { ContextSelection } from '../../../shared/diagnose';
import { contextSubjects, diagnose, selectSubjects } from '../../../shared/diagnose';
import type { Snapshot } from '../../../shared/facts';
import type { Report } from '../../../shared/findings';
import type { Host } from '../../../shared/host';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../../shared/defaults';
import { readCloudSessions } from './cloud-sessions';
import type { ExecCredentialCache } from '../exec/credential-cache';
import type { ExecPolicy } from '../exec/policy';
import type { LiveOptions } from './live';
import { gatherSnapshot } from './snapshot';

/** `--context NAME` names no context (and no file failed to load that could have defined it). */
export class UnknownContextError extends Error {
  override name = 'UnknownContextError';
}

/** A name that matches nothing is a typo, unless a file failed to load (then the findings say why). */
function assertContextExists(snapshot: Snapshot, selection: ContextSelection): void {
  if (selection.kind !== 'named' || snapshot.config.contexts.has(selection.name)) return;
  if (snapshot.sources.some((s) => s.read.state !== 'ok' && s.read.state !== 'missing')) return;
  if (snapshot.sources.some((s) => s.parse?.ok === false)) return;
  const known = [...snapshot.config.contexts.keys()];
  const hint = known.length ? `; contexts: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}` : '';
  throw new UnknownContextError(`no context named "${selection.name}"${hint}`);
}

export interface CheckOnceOptions {
  kubeconfig: string | undefined;
  selection: ContextSelection;
  now: number;
  /** The clock exec credentials expire by (default: Date.now); the monitor's, so a simulated day expires them too. */
  clock?: () => number;
  offline: boolean;
  timeoutMs: number;
  host: Host;
  policy: ExecPolicy;
  /** The desktop monitor keeps one across checks; without it, a check has its own. */
  cache?: ExecCredentialCache;
  /** The login shell's PATH (desktop app): where a GUI app finds plugins a terminal finds. */
  loginShellPath?: string;
  /** Kubeconfig cluster names never probed (desktop settings). */
  probesOff?: ReadonlySet<string>;
}

/** Loaded on demand: an offline check never runs the exec and probe code, so it does not pay for compiling it. */
async function liveFacts(snapshot: Snapshot, options: LiveOptions): Promise<Snapshot> {
  const { withLiveFacts } = await import('./live');
  return withLiveFacts(snapshot, options);
}

function probeAllowed(files: Snapshot, contextName: string, probesOff: ReadonlySet<string> | undefined): boolean {
  const cluster = files.config.contexts.get(contextName)?.value.cluster;
  return !(probesOff && cluster !== undefined && probesOff.has(cluster));
}

/** One check, as `kubeward check` and the monitor run it: gather facts, run plugins and probes, diagnose. */
export async function checkOnce(options: CheckOnceOptions): Promise<{ report: Report; snapshot: Snapshot }> {
  const files = await gatherSnapshot({
    kubeconfig: options.kubeconfig,
    host: options.host,
    loginShellPath: options.loginShellPath,
    pipeTimeoutMs: options.timeoutMs,
  });
  assertContextExists(files, options.selection);
  const contexts = selectSubjects(contextSubjects(files), options.selection).map((s) => s.name);
  // Session caches are files, so offline checks read them too. Before the plugins: whether a kubelogin may
  // run unattended depends on its cache.
  const before = await readCloudSessions({ host: options.host, config: files.config });
  const live = options.offline
    ? files
    : await liveFacts(files, {
        contexts,
        timeoutMs: options.timeoutMs,
        host: options.host,
        policy: options.policy,
        cache: options.cache,
        clock: options.clock,
        loginShellPath: options.loginShellPath,
        probeEnabled: (name) => probeAllowed(files, name, options.probesOff),
        sessions: before,
      });
  // Read again after plugins ran, since they refresh their caches.
  const ran = [...(live.execRuns?.values() ?? [])].some(
    (r) => r.state !== 'skipped' && !(r.state === 'ok' && r.cached),
  );
  const sessions = ran ? await readCloudSessions({ host: options.host, config: live.config }) : before;
  const snapshot = { ...live, sessions };
  const report = diagnose(
    snapshot,
    { now: options.now, expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS, platform: options.host.platform },
    options.selection,
  );
  return { report, snapshot };
}
