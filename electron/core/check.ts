/**
 * One `kubeward check`: gather facts, diagnose, print. Shared by the CLI and the
 * tests; returns the exit code rather than exiting.
 */
import type { ContextSelection } from '../../shared/diagnose';
import { diagnose } from '../../shared/diagnose';
import { SEVERITY_RANK, type Report, type Severity } from '../../shared/findings';
import { formatText } from '../../shared/report/text';
import { DEFAULT_LEAD_TIMES } from '../../shared/rules/types';
import { gatherSnapshot, toPlatform } from './snapshot';
import { UsageError } from './usage-error';

export interface CheckOptions {
  kubeconfig: string | undefined;
  selection: ContextSelection;
  now: number;
  offline: boolean;
  timeoutSeconds: number;
  json: boolean;
  failOn: Severity;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

function useColor(options: CheckOptions): boolean {
  // https://no-color.org: any non-empty NO_COLOR disables colour; so does a pipe.
  return options.stdout.isTTY === true && !options.env.NO_COLOR && options.env.TERM !== 'dumb';
}

export function exitCodeFor(report: Report, failOn: Severity): number {
  const all = [...report.findings, ...report.contexts.flatMap((c) => c.findings)];
  return all.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

export async function runCheck(options: CheckOptions): Promise<number> {
  if (!options.offline) {
    options.stderr.write(
      'kubeward: live checks (exec plugins, API server probes) are not available yet; checking offline\n',
    );
  }
  const snapshot = await gatherSnapshot({
    kubeconfig: options.kubeconfig,
    homeDir: options.homeDir,
    platform: options.platform,
    search: { path: options.env.PATH, pathExt: options.env.PATHEXT },
  });
  const report = diagnose(
    snapshot,
    { now: options.now, leadTimes: DEFAULT_LEAD_TIMES, platform: toPlatform(options.platform) },
    options.selection,
  );
  const { selection } = options;
  // A name that matches nothing is a typo, unless the config itself is broken (then the findings say why).
  if (selection.kind === 'named' && report.contexts.length === 0 && report.findings.length === 0) {
    const known = [...snapshot.config.contexts.keys()];
    const hint = known.length ? `; contexts: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}` : '';
    throw new UsageError(`no context named "${selection.name}"${hint}`);
  }
  options.stdout.write(
    options.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : formatText(report, { color: useColor(options), now: options.now, mode: 'offline' }),
  );
  return exitCodeFor(report, options.failOn);
}
