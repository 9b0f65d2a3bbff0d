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
import { redactSecretArgs, secretArgValues, secretEnvValues } from './scrub';

/** `aws eks get-token --cluster-name prod --region eu-west-1`, as a person would type it. */
export function commandLine(exec: ExecConfig): string {
  return [exec.command, ...redactSecretArgs(exec.args)].map(shellArg).join(' ');
}

/** What is scrubbed out of anything the plugin prints: its secret-looking argument and env values, nothing else it was given. */
export function execSecrets(exec: Pick<ExecConfig, 'args' | 'env'>): string[] {
  return [...secretArgValues(exec.args), ...secretEnvValues(exec.env)];
}

export function execEvidence(context: string, user: string, exec: ExecConfig, snapshot: Snapshot): Evidence {
  const evidence: Evidence = {
    context,
    user,
    command: exec.command,
    args: redactSecretArgs(exec.args),
    envNames: exec.env.map((v) => v.name),
  };
  const lookup = snapshot.commands.get(exec.command);
  if (lookup?.resolved) evidence.resolvedPath = lookup.resolved;
  // The classic GUI trap: the app's PATH lacks the directory a terminal has.
  if (lookup?.via === 'login-shell') evidence.foundVia = 'login-shell';
  return evidence;
}
