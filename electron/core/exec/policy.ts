/**
 * Which exec plugins may run, and when. `kubeward check` and `fix` in a terminal run every
 * plugin (a person is there, as with kubectl). Unattended runs (`kubeward watch`, `check`
 * without a terminal, the desktop monitor) never start a browser or device-code login: a
 * kubelogin whose token cache holds nothing usable is not run (shared/exec/unattended.ts), and
 * a plugin whose output showed such a login is held until someone acts or its kubeconfig entry
 * or token cache changes. The desktop monitor also runs a plugin only once its command and
 * arguments are approved, and backs off after other failures. None runs a plugin with
 * `interactiveMode: Always`: it needs a terminal, and stdin is closed.
 */
import { createHash, createHmac } from 'node:crypto';
import type { CloudSession, ExecRun, PersonLogin } from '../../../shared/facts';
import type { Env } from '../../../shared/host';
import { redactSecretArgs, scrubSecrets } from '../../../shared/exec/scrub';
import { unattendedVerdict } from '../../../shared/exec/unattended';
import type { ExecConfig, MergedKubeconfig } from '../../../shared/kubeconfig/model';
import type { ExecPluginEntry } from '../../../shared/settings';

type Failure = Extract<ExecRun, { state: 'failed' | 'invalid-output' }>;
type Failed = Extract<ExecRun, { state: 'failed' }>;

export type ExecDecision =
  | { run: true }
  | { run: false; reason: 'untrusted' | 'interactive' }
  /** A kubelogin whose token cache holds nothing usable: running it would start a login with nobody there. */
  | { run: false; reason: 'sign-in-required'; login: PersonLogin }
  /** `last` is the failure that started the back-off: reported again, so findings do not flap. */
  | { run: false; reason: 'backoff'; retryAt: number; last: Failure }
  /** `last` showed a browser or device-code login: reported again until someone acts. */
  | { run: false; reason: 'held'; last: Failed };

/** What a decision about one user's plugin may look at besides the entry. */
export interface RunContext {
  /** The environment the plugin runs with (kubeward's, the entry's env on top). */
  env: Env;
  /** The cloud sessions matched to this user (readCloudSessions), read before the plugin runs. */
  sessions: readonly CloudSession[];
  now: number;
}

export interface ExecPolicy {
  shouldRun(user: string, exec: ExecConfig, context: RunContext): ExecDecision;
  /** Every real run (not cache hits, not skips), so back-off can learn; returns the run as to report it (held or not). */
  record(user: string, exec: ExecConfig, run: ExecRun, context: RunContext): ExecRun;
}

/** What the user approves, as a fingerprint of the plugin's command and arguments. */
export type PluginFingerprint = (exec: Pick<ExecConfig, 'command' | 'args'>) => string;

/**
 * The fingerprint: HMAC-SHA256 under the install's approval key (base64url). The settings file and
 * the window hold only this: arguments can carry secrets (kubelogin's `--oidc-client-secret`), and a
 * plain hash of them could be guessed offline from a copied settings.json; a changed argument is a
 * different plugin to approve.
 */
export function pluginFingerprint(approvalKey: Buffer): PluginFingerprint {
  return (exec) =>
    createHmac('sha256', approvalKey)
      .update(JSON.stringify([exec.command, ...exec.args]))
      .digest('base64url');
}

export type ExecPlugin = Omit<ExecPluginEntry, 'approved'>;

/** Every distinct exec plugin (command + args) in a kubeconfig, with the users that run it; never its env or secret arguments. */
export function execPluginsOf(config: MergedKubeconfig, fingerprint: PluginFingerprint): ExecPlugin[] {
  const plugins = new Map<string, ExecPlugin>();
  for (const { name, value } of config.users.values()) {
    const { exec } = value;
    if (!exec) continue;
    const key = fingerprint(exec);
    const known = plugins.get(key);
    if (known) known.users.push(name);
    else {
      const args = redactSecretArgs(exec.args).map((arg) => scrubSecrets(arg));
      plugins.set(key, { key, command: exec.command, args, users: [name] });
    }
  }
  return [...plugins.values()];
}

function needsTerminal(exec: ExecConfig): boolean {
  return exec.interactiveMode === 'Always';
}

/** `kubeward check` and `fix` in a terminal: run everything kubectl would run without one. */
export const cliExecPolicy: ExecPolicy = {
  shouldRun: (_user, exec) => (needsTerminal(exec) ? { run: false, reason: 'interactive' } : { run: true }),
  record: (_user, _exec, run) => run,
};

/**
 * A plugin's entry and its token cache as they were, hashed (entry env values can be secrets): a change
 * in either is a reason to try a held plugin again (a new login, a fixed entry).
 */
function holdStamp(exec: ExecConfig, sessions: readonly CloudSession[]): string {
  const cache = sessions.map((s) => [s.file, s.expiresAt, s.issuedAt ?? null, s.renewal ?? null]);
  return createHash('sha256')
    .update(JSON.stringify([exec.command, exec.args, exec.env, cache]))
    .digest('base64url');
}

function showedPersonLogin(run: ExecRun): boolean {
  return run.state === 'failed' && run.cause === 'interactive-login-required';
}

/**
 * With nobody there: kubelogin only with a usable token cache, and a plugin whose output showed a browser or
 * device-code login is held, not retried on a schedule, until resetBackoff() (Check now, Sign in) or a change
 * to its kubeconfig entry or token cache. `kubeward watch` and `check` without a terminal use it as it is.
 */
export class UnattendedExecPolicy implements ExecPolicy {
  private readonly holds = new Map<string, { stamp: string; last: Failed }>();

  shouldRun(user: string, exec: ExecConfig, context: RunContext): ExecDecision {
    if (needsTerminal(exec)) return { run: false, reason: 'interactive' };
    const verdict = unattendedVerdict(exec, context.env, context.sessions, context.now);
    if (!verdict.run) return verdict;
    const key = holdKey(user, exec);
    const hold = this.holds.get(key);
    if (hold && hold.stamp === holdStamp(exec, context.sessions))
      return { run: false, reason: 'held', last: hold.last };
    this.holds.delete(key);
    return { run: true };
  }

  record(user: string, exec: ExecConfig, run: ExecRun, context: RunContext): ExecRun {
    const key = holdKey(user, exec);
    if (run.state === 'failed' && showedPersonLogin(run)) {
      const held: Failed = { ...run, awaitsUser: true };
      this.holds.set(key, { stamp: holdStamp(exec, context.sessions), last: held });
      return held;
    }
    this.holds.delete(key);
    return run;
  }

  /** Someone acted (Check now, Sign in, approving a plugin): every held plugin may run once more. */
  resetBackoff(): void {
    this.holds.clear();
  }
}

/** Hashed: arguments can carry secrets (kubelogin's --oidc-client-secret). */
function holdKey(user: string, exec: ExecConfig): string {
  return createHash('sha256')
    .update(JSON.stringify([user, exec.command, ...exec.args]))
    .digest('base64url');
}

export interface DesktopPolicyOptions {
  /** The fingerprint of every approved plugin; read on each decision, so approvals apply at once. */
  approved: () => ReadonlySet<string>;
  fingerprint: PluginFingerprint;
  now?: () => number;
  /** First back-off after a failure; doubles per further failure. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Backoff {
  failures: number;
  retryAt: number;
  last: Failure;
}

export class DesktopExecPolicy implements ExecPolicy {
  private readonly backoffs = new Map<string, Backoff>();
  private readonly unattended = new UnattendedExecPolicy();
  private readonly now: () => number;
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(private readonly options: DesktopPolicyOptions) {
    this.now = options.now ?? Date.now;
    this.initialMs = options.initialBackoffMs ?? 60_000;
    this.maxMs = options.maxBackoffMs ?? 30 * 60_000;
  }

  shouldRun(user: string, exec: ExecConfig, context: RunContext): ExecDecision {
    if (needsTerminal(exec)) return { run: false, reason: 'interactive' };
    if (!this.options.approved().has(this.options.fingerprint(exec))) return { run: false, reason: 'untrusted' };
    const unattended = this.unattended.shouldRun(user, exec, context);
    if (!unattended.run) return unattended;
    const backoff = this.backoffs.get(this.key(user, exec));
    if (backoff && this.now() < backoff.retryAt) {
      return { run: false, reason: 'backoff', retryAt: backoff.retryAt, last: backoff.last };
    }
    return { run: true };
  }

  record(user: string, exec: ExecConfig, run: ExecRun, context: RunContext): ExecRun {
    const reported = this.unattended.record(user, exec, run, context);
    const key = this.key(user, exec);
    // A browser or device-code login is held until someone acts, not retried on a timer.
    if (run.state === 'ok' || showedPersonLogin(run)) {
      this.backoffs.delete(key);
    } else if (run.state === 'failed' || run.state === 'invalid-output') {
      const failures = (this.backoffs.get(key)?.failures ?? 0) + 1;
      const delay = Math.min(this.initialMs * 2 ** (failures - 1), this.maxMs);
      this.backoffs.set(key, { failures, retryAt: this.now() + delay, last: run });
    }
    return reported;
  }

  /** Forget every back-off and hold: "Check now", "Sign in", or a kubeconfig or cloud login change, deserves a fresh try. */
  resetBackoff(): void {
    this.backoffs.clear();
    this.unattended.resetBackoff();
  }

  private key(user: string, exec: ExecConfig): string {
    return `${user}\u0000${this.options.fingerprint(exec)}`;
  }
}
