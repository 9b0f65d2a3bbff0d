/**
 * `kubeward check`: one run of the check pipeline, printed as text, JSON or OpenMetrics, and pushed
 * to a Pushgateway when asked. Returns the exit code rather than exiting.
 */
import { performance } from 'node:perf_hooks';
import type { ContextSelection } from '../../shared/diagnose';
import { SEVERITY_RANK, type Report, type Severity } from '../../shared/findings';
import type { Host } from '../../shared/host';
import { checkMetricFamilies } from '../../shared/metrics/check';
import { formatText } from '../../shared/report/text';
import { checkOnce } from '../core/check/check-once';
import { execCallCounts } from '../core/exec/call-count';
import { cliExecPolicy } from '../core/exec/policy';

export type CheckOutput = 'text' | 'json' | 'openmetrics';

export interface CheckOptions {
  kubeconfig: string | undefined;
  selection: ContextSelection;
  now: number;
  offline: boolean;
  timeoutMs: number;
  output: CheckOutput;
  failOn: Severity;
  /** A Pushgateway to push the check's metrics to, with the grouping's job. */
  push?: { url: string; job: string };
  version: string;
  host: Host;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

function useColor(options: CheckOptions): boolean {
  // https://no-color.org: any non-empty NO_COLOR disables colour; so does a pipe.
  return options.stdout.isTTY === true && !options.host.env.NO_COLOR && options.host.env.TERM !== 'dumb';
}

function exitCodeFor(report: Report, failOn: Severity): number {
  const all = [...report.findings, ...report.contexts.flatMap((c) => c.findings)];
  return all.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

export async function runCheck(options: CheckOptions): Promise<number> {
  const started = performance.now();
  const { report, snapshot } = await checkOnce({ ...options, policy: cliExecPolicy });
  const durationMs = performance.now() - started;
  const families =
    options.output === 'openmetrics' || options.push
      ? checkMetricFamilies({
          report,
          snapshot,
          selection: options.selection,
          now: options.now,
          finishedAt: Date.now(),
          durationMs,
          version: options.version,
          execCalls: execCallCounts(),
        })
      : [];
  const mode = options.offline ? 'offline' : undefined;
  switch (options.output) {
    case 'openmetrics':
      // Loaded on demand, as below: a check without metrics does not pay for compiling prom-client.
      options.stdout.write((await (await import('../core/metrics/registry')).exposition(families, 'openmetrics')).text);
      break;
    case 'json':
      options.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      break;
    case 'text':
      options.stdout.write(formatText(report, { color: useColor(options), now: options.now, mode }));
      break;
  }
  if (options.push) {
    const { pushInstance, pushMetrics } = await import('../core/metrics/push');
    const pushed = await pushMetrics(families, {
      ...options.push,
      instance: pushInstance(),
      timeoutMs: options.timeoutMs,
    });
    // The result is printed already: a failed push is an error of its own, never a lost check.
    if (!pushed.ok) {
      options.stderr.write(`kubeward: ${pushed.error}\n`);
      return 2;
    }
  }
  return exitCodeFor(report, options.failOn);
}
