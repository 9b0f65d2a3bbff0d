/**
 * How an exec plugin entry is shown in findings: command and arguments (they say which
 * cluster, region and profile), but only the *names* of its env entries, since values
 * such as AWS_SECRET_ACCESS_KEY are secrets. Arguments that carry a secret
 * (kubelogin's `--oidc-client-secret=...`) are redacted too.
 */
import type { Snapshot } from '../facts';
import type { Evidence } from '../findings';
import { shellArg } from '../guides/shell';
import type { ExecConfig } from '../kubeconfig/model';

const SECRET_FLAG = /^--?[\w-]*(?:secret|password|passwd|token|api-?key|access-?key)[\w-]*$/i;

/** The arguments with the values of secret-bearing flags replaced. */
function displayArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0 && SECRET_FLAG.test(arg.slice(0, eq))) return `${arg.slice(0, eq)}=[redacted]`;
    const previous = args[i - 1];
    if (previous !== undefined && !arg.startsWith('-') && SECRET_FLAG.test(previous)) return '[redacted]';
    return arg;
  });
}

/** `aws eks get-token --cluster-name prod --region eu-west-1`, as a person would type it. */
export function commandLine(exec: ExecConfig): string {
  return [exec.command, ...displayArgs(exec.args)].map(shellArg).join(' ');
}

/** The plugin's env values, for scrubbing them out of anything it prints. */
export function envValues(exec: ExecConfig): string[] {
  return exec.env.map((v) => v.value);
}

export function execEvidence(context: string, user: string, exec: ExecConfig, snapshot: Snapshot): Evidence {
  const evidence: Evidence = {
    context,
    user,
    command: exec.command,
    args: displayArgs(exec.args),
    envNames: exec.env.map((v) => v.name),
  };
  const lookup = snapshot.commands.get(exec.command);
  if (lookup?.resolved) evidence.resolvedPath = lookup.resolved;
  // The classic GUI trap: the app's PATH lacks the directory a terminal has.
  if (lookup?.via === 'login-shell') evidence.foundVia = 'login-shell';
  return evidence;
}
