/**
 * Live facts for a check: exec plugin runs, then API server probes (which send the
 * credentials the plugins returned). Offline checks skip this entirely.
 */
import type { CloudSession, Snapshot } from '../../../shared/facts';
import type { Host } from '../../../shared/host';
import { ExecCredentialCache } from '../exec/credential-cache';
import { runExecPlugins } from '../exec/plugin';
import type { ExecPolicy } from '../exec/policy';
import { probeAll, type ProbeOptions } from '../probe/probe';
import { withEksIdentities } from './eks-identity';
import { retryUnauthorized } from './retry';

export interface LiveOptions {
  /** Names of the contexts being checked. */
  contexts: readonly string[];
  timeoutMs: number;
  /** Plugins inherit its env; probes read their proxies from it and their trust store by its platform. */
  host: Host;
  policy: ExecPolicy;
  /** The desktop monitor keeps one across checks; a CLI run has its own. */
  cache?: ExecCredentialCache;
  /** What cached exec credentials expire by (default: Date.now). */
  clock?: () => number;
  loginShellPath?: string;
  /** Per-context probe opt-out (desktop settings); default: probe every checked context. */
  probeEnabled?: (contextName: string) => boolean;
  /** The cloud sessions on disk before the plugins run (the policy decides on them). */
  sessions?: readonly CloudSession[];
}

export async function withLiveFacts(snapshot: Snapshot, options: LiveOptions): Promise<Snapshot> {
  const execOptions = {
    policy: options.policy,
    cache: options.cache ?? new ExecCredentialCache(),
    now: options.clock,
    contexts: options.contexts,
    timeoutMs: options.timeoutMs,
    env: options.host.env,
    loginShellPath: options.loginShellPath,
    sessions: options.sessions,
  };
  const execRuns = await runExecPlugins(snapshot, execOptions);
  const checked = new Set(options.contexts);
  const probeOptions: ProbeOptions = {
    timeoutMs: options.timeoutMs,
    env: options.host.env,
    platform: options.host.platform,
    enabled: (name) => checked.has(name) && (options.probeEnabled?.(name) ?? true),
  };
  const probes = await probeAll({ ...snapshot, execRuns }, probeOptions);
  const retried = await retryUnauthorized(
    { ...snapshot, execRuns, probes },
    { exec: execOptions, probe: probeOptions },
  );
  return withEksIdentities(retried, options.host.env, options.timeoutMs);
}
