/**
 * Pushes a check's metrics to a Prometheus Pushgateway with prom-client's Pushgateway: a PUT, which
 * replaces the whole group (job + instance) so series of a context that went away go too. The URL
 * may carry userinfo (basic auth for the gateway): it is sent, never shown.
 */
import os from 'node:os';
import { Pushgateway } from 'prom-client';
import type { MetricFamily } from '../../../shared/metrics/family';
import { withoutUserinfo } from '../../../shared/url-safety';
import { registryOf } from './registry';

/** The grouping instance: who pushed from where, `<user>@<host>`. */
export function pushInstance(): string {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary uid).
    user = String(process.getuid?.() ?? 'unknown');
  }
  return `${user}@${os.hostname()}`;
}

export interface PushOptions {
  url: string;
  job: string;
  instance: string;
  timeoutMs: number;
}

export type PushResult = { ok: true } | { ok: false; error: string };

/** Why a push failed, in one line without the URL's userinfo or the gateway's body. */
function failure(error: unknown, url: string): string {
  const where = withoutUserinfo(url);
  const message = error instanceof Error ? error.message : String(error);
  const status = /^push failed with status (\d+)/.exec(message);
  if (status) return `push to ${where} failed: the Pushgateway answered HTTP ${status[1]}`;
  const code = (error as { code?: string }).code;
  return `push to ${where} failed: ${code ?? message.split('\n')[0]}`;
}

export async function pushMetrics(families: readonly MetricFamily[], options: PushOptions): Promise<PushResult> {
  const gateway = new Pushgateway(options.url, { timeout: options.timeoutMs }, registryOf(families, 'prometheus'));
  try {
    await gateway.push({ jobName: options.job, groupings: { instance: options.instance } });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: failure(error, options.url) };
  }
}
