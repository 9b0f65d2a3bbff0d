/**
 * `kubeward check`: one run of the check pipeline, printed as text or JSON. Returns the exit
 * code rather than exiting.
 */
import type { ContextSelection } from '../../shared/diagnose';
import { SEVERITY_RANK, type Report, type Severity } from '../../shared/findings';
import type { Host } from '../../shared/host';
import { formatText } from '../../shared/report/text';
import { checkOnce } from '../core/check/check-once';
import { cliExecPolicy } from '../core/exec/policy';

export interface CheckOptions {
  kubeconfig: string | undefined;
  selection: ContextSelection;
  now: number;
  /** `--at` as given: the text output then says which instant it evaluated. */
  at?: string;
  offline: boolean;
  timeoutMs: number;
  json: boolean;
  failOn: Severity;
  host: Host;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
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
  const { report } = await checkOnce({ ...options, policy: cliExecPolicy });
  if (options.json) {
    // checkedAt is the evaluated instant (--at or now): JSON needs no line of its own for it.
    options.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const width = wrapWidth(options);
    const text = formatText(report, {
      color: useColor(options),
      now: options.now,
      ...(options.offline ? { mode: 'offline' } : {}),
      ...(width !== undefined ? { width } : {}),
    });
    options.stdout.write(`${options.at === undefined ? '' : atLine(options.at, options.now)}${text}`);
  }
  return exitCodeFor(report, options.failOn);
}
