/**
 * Exec plugin calls as client-go counts them in `rest_client_exec_plugin_call_total`
 * (k8s.io/client-go/plugin/pkg/client/auth/exec/metrics.go, incrementCallsMetric): by call status
 * and exit code, once per run of the plugin's process.
 */
import type { ExecRun } from '../facts';

/** client-go's `call_status` values. */
type ExecCallStatus = 'no_error' | 'plugin_execution_error' | 'plugin_not_found_error' | 'client_internal_error';

export interface ExecCall {
  callStatus: ExecCallStatus;
  /** The exit code as client-go records it: 0 for success, the process's own, 1 when it did not start. */
  code: number;
}

/** client-go's failureExitCode: what it records when the binary did not run. */
const FAILURE_EXIT_CODE = 1;

/** The call a fresh run of a plugin's process was (not a cached credential, not a back-off's last failure). */
export function execCallOf(run: Exclude<ExecRun, { state: 'skipped' }>): ExecCall {
  switch (run.state) {
    // client-go counts the call at cmd.Run, before it decodes stdout: bad output from a process that exited 0 is no_error.
    case 'ok':
    case 'invalid-output':
      return { callStatus: 'no_error', code: 0 };
    case 'failed':
      // exec.Error / fs.PathError: the binary could not be started.
      if (run.cause === 'spawn-failed') return { callStatus: 'plugin_not_found_error', code: FAILURE_EXIT_CODE };
      // exec.ExitError: Go's ExitCode() is -1 for a process a signal ended (our timeout, the output cap).
      return { callStatus: 'plugin_execution_error', code: run.exitCode ?? -1 };
  }
}
