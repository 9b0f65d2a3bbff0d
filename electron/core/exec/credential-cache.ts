/**
 * Credentials exec plugins returned, reused until their expirationTimestamp like
 * client-go's Authenticator (a credential without one lives as long as the cache), so
 * a scheduled check does not run `aws` every time. The caller owns the cache: the
 * desktop monitor keeps one across checks, the CLI one per run.
 */
import { createHash } from 'node:crypto';
import type { ExecCredentialFacts } from '../../../shared/facts';
import type { ExecClusterInfo } from '../../../shared/exec/exec-info';
import type { ExecConfig } from '../../../shared/kubeconfig/model';

/**
 * What makes two runs interchangeable (client-go keys on the whole exec config and the
 * cluster it is given). Hashed, so env values, which may be secrets, are not kept as keys.
 */
export function execCacheKey(exec: ExecConfig, cluster: ExecClusterInfo | undefined): string {
  const identity = [exec.command, exec.args, exec.env, exec.apiVersion ?? null, cluster ?? null];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

export class ExecCredentialCache {
  private readonly entries = new Map<string, ExecCredentialFacts>();

  /** The cached credential, unless it has expired by `now` (epoch ms). */
  get(key: string, now: number): ExecCredentialFacts | undefined {
    const credential = this.entries.get(key);
    // client-go's credsExpired: now.After(exp).
    if (credential?.expirationTimestamp !== undefined && now > credential.expirationTimestamp) {
      this.entries.delete(key);
      return undefined;
    }
    return credential;
  }

  set(key: string, credential: ExecCredentialFacts): void {
    this.entries.set(key, credential);
  }

  /** Forget one credential, e.g. after the API server rejected it (client-go re-runs the plugin on a 401). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
