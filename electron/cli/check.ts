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
import { cliExecPolicy, UnattendedExecPolicy } from '../core/exec/policy';

export type CheckOutput = 'text' | 'json' | 'openmetrics';

export interface CheckOptions {
  kubeconfig: string | undefined;
  selection: ContextSelection;
  now: number;
  /** `--at` as given: the text output then says which instant it evaluated. */
  at?: string;
  offline: boolean;
  timeoutMs: number;
  output: CheckOutput;
  failOn: Severity;
  /** A Pushgateway to push the check's metrics to, with the grouping's job. */
  push?: { url: string; job: string };
  version: string;
  host: Host;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  /** Whether stdin is a terminal: without one (CI, cron) nobody can finish a browser or device-code login. */
  stdinIsTTY: boolean;
}

function useColor(options: CheckOptions): boolean {
  // https://no-color.org: any non-empty NO_COLOR disables colour; so does a pipe.
  return options.stdout.isTTY === true && !options.host.env.NO_COLOR && options.host.env.TERM !== 'dumb';
}

/**
 * Wrap at the terminal's width, as git's help and kubectl's explain do; never into a pipe or a file,
 * where one line per item keeps grep and diff useful, nor when the terminal does not say its width.
 */
function wrapWidth(options: CheckOptions): number | undefined {
  const columns = options.stdout.isTTY === true ? options.stdout.columns : undefined;
  return columns !== undefined && columns > 0 ? columns : undefined;
}

/** "Evaluated at 2026-12-24T00:00:00Z (--at 2026-12-24)": how --at was read, first. */
function atLine(at: string, now: number): string {
  return `Evaluated at ${new Date(now).toISOString().replace(/\.000Z$/, 'Z')} (--at ${at})\n`;
}

function exitCodeFor(report: Report, failOn: Severity): number {
  const all = [...report.findings, ...report.contexts.flatMap((c) => c.findings)];
  return all.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

export async function runCheck(options: CheckOptions): Promise<number> {
  const started = performance.now();
  // Without a terminal nobody is there to sign in: run plugins as `kubeward watch` does (docs/cli.md).
  const policy = options.stdinIsTTY ? cliExecPolicy : new UnattendedExecPolicy();
  const { report, snapshot } = await checkOnce({ ...options, policy });
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
  switch (options.output) {
    case 'openmetrics':
      // Loaded on demand, as below: a check without metrics does not pay for compiling prom-client.
      options.stdout.write((await (await import('../core/metrics/registry')).exposition(families, 'openmetrics')).text);
      break;
    case 'json':
      // checkedAt is the evaluated instant (--at or now): JSON needs no line of its own for it.
      options.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      break;
    case 'text': {
      const width = wrapWidth(options);
      const text = formatText(report, {
        color: useColor(options),
        now: options.now,
        ...(options.offline ? { mode: 'offline' } : {}),
        ...(width !== undefined ? { width } : {}),
      });
      options.stdout.write(`${options.at === undefined ? '' : atLine(options.at, options.now)}${text}`);
      break;
    }
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
