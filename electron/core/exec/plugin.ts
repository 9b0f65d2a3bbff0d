/**
 * Runs the exec credential plugins of the checked contexts the way client-go does
 * (plugin/pkg/client/auth/exec): the resolved command with its args, the process env
 * with the entry's env on top, KUBERNETES_EXEC_INFO saying `interactive: false`, stdin
 * closed. What they return becomes ExecRun facts for the rules; credentials are
 * reused from the cache until they expire.
 */
import type { CloudSession, CommandLookup, ExecCredentialFacts, ExecRun, Snapshot } from '../../../shared/facts';
import { credentialRefusals, credentialSetup, SUPPORTED_EXEC_API_VERSIONS } from '../../../shared/credentials/kind';
import { classifyFailure } from '../../../shared/exec/classify';
import { parseExecCredential } from '../../../shared/exec/credential';
import { execSecrets } from '../../../shared/exec/evidence';
import { execClusterInfo, execInfoJson, type ExecClusterInfo } from '../../../shared/exec/exec-info';
import { DEFAULT_TIMEOUT_MS } from '../../../shared/defaults';
import { namingValues, scrubSecrets, stderrTail } from '../../../shared/exec/scrub';
import { findSignature } from '../../../shared/exec/signatures';
import { userinfoSecrets } from '../../../shared/url-safety';
import type { Cluster, ExecConfig, Named, User } from '../../../shared/kubeconfig/model';
import { ExecCredentialCache, execCacheKey } from './credential-cache';
import { pluginEnv as entryEnv } from '../../../shared/sessions/plugin-env';
import type { ExecPolicy, RunContext } from './policy';
import { runProcess, type ProcessResult } from './process';
import { countExecCall } from './call-count';

/** A credential is a few KB; a megabyte is a plugin gone wrong. */
const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
const DEFAULT_CONCURRENCY = 4;

export interface ExecRunOptions {
  policy: ExecPolicy;
  cache: ExecCredentialCache;
  /** The contexts being checked (default: all); the plugins of their users run. */
  contexts?: readonly string[];
  timeoutMs?: number;
  maxOutputBytes?: number;
  concurrency?: number;
  /** The environment plugins inherit (default: process.env); the entry's env goes on top. */
  env?: NodeJS.ProcessEnv;
  /** The login shell's PATH: a plugin found only there gets it, since it calls tools from it (gke plugin -> gcloud). */
  loginShellPath?: string;
  /** The clock for cache expiry and `checkedAt` (default: Date.now). */
  now?: () => number;
  /** Run the plugins even when the cache holds a credential (after a 401, as client-go's maybeRefreshCreds). */
  fresh?: boolean;
  /** The cloud sessions on disk before the plugins run: whether a kubelogin may run unattended depends on them. */
  sessions?: readonly CloudSession[];
}

interface Planned {
  user: Named<User>;
  exec: ExecConfig;
  /** What the policy decided on; its record() learns from the run with the same. */
  context: RunContext;
  lookup: CommandLookup & { resolved: string };
  cluster?: ExecClusterInfo;
  key: string;
}

type Plan = { kind: 'done'; run: ExecRun } | { kind: 'run'; planned: Planned };

/** Each user with an exec plugin, with the cluster of the first checked context using it (the current one first). */
function execUsers(snapshot: Snapshot, contexts: readonly string[] | undefined) {
  const { config } = snapshot;
  const names = contexts ?? [...config.contexts.keys()];
  const ordered = [...names].sort((a, b) => Number(b === config.currentContext) - Number(a === config.currentContext));
  const users = new Map<string, { user: Named<User>; cluster?: Named<Cluster> }>();
  for (const name of ordered) {
    const context = config.contexts.get(name)?.value;
    const user = context?.user === undefined ? undefined : config.users.get(context.user);
    if (!user?.value.exec || users.has(user.name)) continue;
    const cluster = context?.cluster === undefined ? undefined : config.clusters.get(context.cluster);
    users.set(user.name, { user, cluster });
  }
  return users;
}

function plan(
  snapshot: Snapshot,
  user: Named<User>,
  cluster: Named<Cluster> | undefined,
  options: ExecRunOptions,
): Plan {
  const exec = user.value.exec as ExecConfig;
  const skip = (reason: Exclude<Extract<ExecRun, { state: 'skipped' }>['reason'], 'sign-in-required'>): Plan => ({
    kind: 'done',
    run: { state: 'skipped', reason },
  });
  // kubectl refuses these entries before running anything; the offline rules say why.
  const refused = credentialRefusals(user.name, user.value).some((r) => r.code.startsWith('exec-'));
  if (refused || !SUPPORTED_EXEC_API_VERSIONS.includes(exec.apiVersion ?? '')) return skip('invalid-config');
  if (credentialSetup(user.value).shadowed.includes('exec')) return skip('shadowed');
  const lookup = snapshot.commands.get(exec.command);
  if (!lookup?.resolved) return skip('missing');
  const context: RunContext = {
    env: entryEnv(exec, options.env ?? process.env),
    sessions: (options.sessions ?? []).filter((s) => s.users.includes(user.name)),
    now: (options.now ?? Date.now)(),
  };
  const decision = options.policy.shouldRun(user.name, exec, context);
  if (!decision.run) {
    if (decision.reason === 'backoff') return { kind: 'done', run: { ...decision.last, retryAt: decision.retryAt } };
    if (decision.reason === 'held') return { kind: 'done', run: decision.last };
    if (decision.reason === 'sign-in-required')
      return { kind: 'done', run: { state: 'skipped', reason: decision.reason, login: decision.login } };
    return skip(decision.reason);
  }
  let info: ExecClusterInfo | undefined;
  if (exec.provideClusterInfo) {
    if (!cluster) return skip('invalid-config');
    const result = execClusterInfo(cluster.value, snapshot);
    if (!result.ok) return skip('invalid-config');
    info = result.cluster;
  }
  const planned: Planned = {
    user,
    exec,
    context,
    lookup: { ...lookup, resolved: lookup.resolved },
    key: execCacheKey(exec, info),
  };
  if (info) planned.cluster = info;
  return { kind: 'run', planned };
}

/** The process env with the entry's env on top, like os.Environ() + exec env in client-go. */
function pluginEnv(planned: Planned, options: ExecRunOptions): NodeJS.ProcessEnv {
  const env = new Map(Object.entries(options.env ?? process.env));
  const set = (name: string, value: string) => {
    // Windows env names are case-insensitive: `Path` and `PATH` are one variable.
    if (process.platform === 'win32') {
      for (const key of env.keys()) if (key.toUpperCase() === name.toUpperCase()) env.delete(key);
    }
    env.set(name, value);
  };
  if (planned.lookup.via === 'login-shell' && options.loginShellPath) set('PATH', options.loginShellPath);
  for (const { name, value } of planned.exec.env) set(name, value);
  set('KUBERNETES_EXEC_INFO', execInfoJson(planned.exec.apiVersion as string, planned.cluster));
  return Object.fromEntries(env);
}

/** The names an entry gives (profile, region, cluster), from its args and the env the plugin ran with: no secrets. */
function namesOf(planned: Planned, env: NodeJS.ProcessEnv): string[] {
  const entries = Object.entries(env).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]));
  return namingValues(planned.exec.args, entries);
}

/** The known failure in what the plugin said (or why it did not start), with its line scrubbed. */
function knownFailure(result: ProcessResult, known: string[], names: string[]) {
  const match = findSignature(result.spawnError ?? result.stderr, result.spawnError === undefined);
  if (!match) return {};
  // The profile a "could not be found" names is a name by construction, whatever it looks like.
  const profile =
    match.signature.id === 'aws-profile-not-found' ? /\(([^)\n]{1,200})\)/.exec(match.line)?.[1] : undefined;
  const causeLine = scrubSecrets(match.line, known, profile ? [...names, profile] : names);
  return {
    signature: match.signature.id,
    causeLine: causeLine.length > 400 ? `${causeLine.slice(0, 400)}…` : causeLine,
  };
}

function toRun(
  result: ProcessResult,
  planned: Planned,
  env: NodeJS.ProcessEnv,
): Exclude<ExecRun, { state: 'skipped' }> {
  const { exec } = planned;
  const names = namesOf(planned, env);
  // With provideClusterInfo the plugin is given the server and proxy URLs, userinfo and all.
  const cluster = planned.cluster;
  const known = [
    ...execSecrets(exec),
    ...(cluster ? [...userinfoSecrets(cluster.server), ...userinfoSecrets(cluster['proxy-url'] ?? '')] : []),
  ];
  const killed = result.timedOut || result.outputTooLarge !== undefined;
  if (result.spawnError !== undefined || killed || result.exitCode !== 0) {
    const signal = killed ? undefined : (result.signal ?? undefined);
    const run: Extract<ExecRun, { state: 'failed' }> = {
      state: 'failed',
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      cause: classifyFailure({
        command: exec.command,
        exitCode: result.exitCode,
        ...(signal ? { signal } : {}),
        timedOut: result.timedOut,
        outputTooLarge: result.outputTooLarge !== undefined,
        spawnFailed: result.spawnError !== undefined,
        stderr: result.stderr,
      }),
      stderrTail:
        result.spawnError !== undefined
          ? scrubSecrets(result.spawnError, known, names)
          : stderrTail(result.stderr, known, names),
      ...knownFailure(result, known, names),
      durationMs: result.durationMs,
    };
    if (signal) run.signal = signal;
    return run;
  }
  const parsed = parseExecCredential(result.stdout, exec.apiVersion as string);
  if (!parsed.ok) {
    return {
      state: 'invalid-output',
      reason: parsed.reason,
      stderrTail: stderrTail(result.stderr, known, names),
      durationMs: result.durationMs,
    };
  }
  return { state: 'ok', credential: parsed.credential, cached: false, durationMs: result.durationMs };
}

async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, worker));
  return results;
}

/**
 * Runs (or takes from the cache) the exec plugin of every user of the checked contexts.
 * Users whose plugin kubectl would not run get a `skipped` run saying why.
 */
export async function runExecPlugins(snapshot: Snapshot, options: ExecRunOptions): Promise<Map<string, ExecRun>> {
  const now = options.now ?? Date.now;
  const runs = new Map<string, ExecRun>();
  // Two users with the same plugin entry share one run, as client-go shares one Authenticator.
  const inflight = new Map<string, Promise<ExecRun>>();
  const toRunNow: Planned[] = [];
  for (const { user, cluster } of execUsers(snapshot, options.contexts).values()) {
    const planned = plan(snapshot, user, cluster, options);
    if (planned.kind === 'done') runs.set(user.name, planned.run);
    else toRunNow.push(planned.planned);
  }
  const execute = async (planned: Planned): Promise<ExecRun> => {
    const env = pluginEnv(planned, options);
    const result = await runProcess({
      file: planned.lookup.resolved,
      args: planned.exec.args,
      env,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    });
    const run = toRun(result, planned, env);
    countExecCall(run);
    if (run.state === 'ok') options.cache.set(planned.key, run.credential);
    return run;
  };
  const cachedRun = (credential: ExecCredentialFacts): ExecRun => ({
    state: 'ok',
    credential,
    cached: true,
    durationMs: 0,
    checkedAt: now(),
  });
  await mapBounded(toRunNow, options.concurrency ?? DEFAULT_CONCURRENCY, async (planned) => {
    const cached = options.fresh ? undefined : options.cache.get(planned.key, now());
    let run: ExecRun;
    if (cached) {
      run = cachedRun(cached);
    } else {
      const pending = inflight.get(planned.key) ?? execute(planned);
      inflight.set(planned.key, pending);
      run = options.policy.record(planned.user.name, planned.exec, await pending, planned.context);
      if (run.state === 'ok') run = { ...run, checkedAt: now() };
    }
    runs.set(planned.user.name, run);
  });
  return runs;
}
