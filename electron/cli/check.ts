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
  offline: boolean;
  timeoutMs: number;
  json: boolean;
  failOn: Severity;
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
  const { report } = await checkOnce({ ...options, policy: cliExecPolicy });
  const mode = options.offline ? 'offline' : undefined;
  options.stdout.write(
    options.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : formatText(report, { color: useColor(options), now: options.now, mode }),
  );
  return exitCodeFor(report, options.failOn);
}
