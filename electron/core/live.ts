/**
 * Live facts for a check: exec plugin runs, then API server probes (which send the
 * credentials the plugins returned). Offline checks skip this entirely.
 */
import type { Snapshot } from '../../shared/facts';
import { ExecCredentialCache } from './exec-cache';
import { runExecPlugins } from './exec-plugin';
import type { ExecPolicy } from './exec-policy';

export interface LiveOptions {
  /** Names of the contexts being checked. */
  contexts: readonly string[];
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  policy: ExecPolicy;
  /** The desktop monitor keeps one across checks; a CLI run has its own. */
  cache?: ExecCredentialCache;
  loginShellPath?: string;
}

export async function withLiveFacts(snapshot: Snapshot, options: LiveOptions): Promise<Snapshot> {
  const execRuns = await runExecPlugins(snapshot, {
    policy: options.policy,
    cache: options.cache ?? new ExecCredentialCache(),
    contexts: options.contexts,
    timeoutMs: options.timeoutMs,
    env: options.env,
    loginShellPath: options.loginShellPath,
  });
  return { ...snapshot, execRuns };
}
