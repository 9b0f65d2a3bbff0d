/**
 * How many times this process ran exec plugins, by client-go's call status and exit code: what
 * `kubeward_exec_plugin_calls_total` counts. Process-wide, like client-go's
 * `rest_client_exec_plugin_call_total`: every check of this process (CLI, watch, app) adds to it.
 */
import { execCallOf, type ExecCall } from '../../../shared/metrics/exec-calls';
import type { ExecRun } from '../../../shared/facts';

const totals = new Map<string, { call: ExecCall; count: number }>();

/** Counts a fresh run of a plugin's process. */
export function countExecCall(run: Exclude<ExecRun, { state: 'skipped' }>): void {
  const call = execCallOf(run);
  const key = `${call.callStatus}/${call.code}`;
  const entry = totals.get(key);
  if (entry) entry.count += 1;
  else totals.set(key, { call, count: 1 });
}

/** The calls so far, each with its count. */
export function execCallCounts(): { call: ExecCall; count: number }[] {
  return [...totals.values()].map(({ call, count }) => ({ call, count }));
}
