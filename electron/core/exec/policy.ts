/**
 * Which exec plugins may run, and when. The command line runs every plugin (a person
 * is there, as with kubectl); the desktop monitor runs one unattended only once its
 * command and arguments are approved, and backs off after failures so a broken
 * kubelogin cannot open a browser tab every few minutes. Neither runs a plugin with
 * `interactiveMode: Always`: it needs a terminal, and stdin is closed.
 */
import { createHmac } from 'node:crypto';
import type { ExecRun } from '../../../shared/facts';
import { redactSecretArgs, scrubSecrets } from '../../../shared/exec/scrub';
import type { ExecConfig, MergedKubeconfig } from '../../../shared/kubeconfig/model';
import type { ExecPluginEntry } from '../../../shared/settings';

type Failure = Extract<ExecRun, { state: 'failed' | 'invalid-output' }>;

export type ExecDecision =
  | { run: true }
  | { run: false; reason: 'untrusted' | 'interactive' }
  /** `last` is the failure that started the back-off: reported again, so findings do not flap. */
  | { run: false; reason: 'backoff'; retryAt: number; last: Failure };

export interface ExecPolicy {
  shouldRun(user: string, exec: ExecConfig): ExecDecision;
  /** Every real run (not cache hits, not skips), so back-off can learn. */
  record(user: string, exec: ExecConfig, run: ExecRun): void;
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

/** `kubeward check`: run everything kubectl would run without a terminal. */
export const cliExecPolicy: ExecPolicy = {
  shouldRun: (_user, exec) => (needsTerminal(exec) ? { run: false, reason: 'interactive' } : { run: true }),
  record: () => undefined,
};

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
  private readonly now: () => number;
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(private readonly options: DesktopPolicyOptions) {
    this.now = options.now ?? Date.now;
    this.initialMs = options.initialBackoffMs ?? 60_000;
    this.maxMs = options.maxBackoffMs ?? 30 * 60_000;
  }

  shouldRun(user: string, exec: ExecConfig): ExecDecision {
    if (needsTerminal(exec)) return { run: false, reason: 'interactive' };
    if (!this.options.approved().has(this.options.fingerprint(exec))) return { run: false, reason: 'untrusted' };
    const backoff = this.backoffs.get(this.key(user, exec));
    if (backoff && this.now() < backoff.retryAt) {
      return { run: false, reason: 'backoff', retryAt: backoff.retryAt, last: backoff.last };
    }
    return { run: true };
  }

  record(user: string, exec: ExecConfig, run: ExecRun): void {
    const key = this.key(user, exec);
    if (run.state === 'ok') {
      this.backoffs.delete(key);
    } else if (run.state === 'failed' || run.state === 'invalid-output') {
      const failures = (this.backoffs.get(key)?.failures ?? 0) + 1;
      const delay = Math.min(this.initialMs * 2 ** (failures - 1), this.maxMs);
      this.backoffs.set(key, { failures, retryAt: this.now() + delay, last: run });
    }
  }

  /** Forget every back-off: "Check now", or a kubeconfig or cloud login change, deserves a fresh try. */
  resetBackoff(): void {
    this.backoffs.clear();
  }

  private key(user: string, exec: ExecConfig): string {
    return `${user}\u0000${this.options.fingerprint(exec)}`;
  }
}
