/**
 * Who an EKS cluster refuses: when an `aws eks get-token` plugin's fresh token still gets a 401
 * (asked again in retry.ts), the IAM principal is not mapped in the cluster. The token names the
 * key; `aws sts get-caller-identity`, run as the plugin runs (it was approved to run, or it would
 * not have a token), names the ARN the admin must grant.
 */
import type { AwsCallerIdentity } from '../../../shared/facts';
import { decodeEksToken } from '../../../shared/exec/eks-token';
import type { Snapshot } from '../../../shared/facts';
import { commandName } from '../../../shared/guides/provider';
import type { ExecConfig } from '../../../shared/kubeconfig/model';
import { awsCallerIdentity } from '../exec/aws-identity';

/** `aws eks get-token …`, the AWS CLI's plugin (aws-iam-authenticator has no `sts` subcommand). */
function isAwsGetToken(exec: ExecConfig): boolean {
  return commandName(exec.command) === 'aws' && exec.args.includes('eks') && exec.args.includes('get-token');
}

/** Caller identities of the users whose fresh EKS token was refused; the snapshot unchanged when there are none. */
export async function withEksIdentities(
  snapshot: Snapshot,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Snapshot> {
  const asks = new Map<string, Promise<AwsCallerIdentity>>();
  for (const [contextName, probe] of snapshot.probes ?? []) {
    if (probe.state !== 'answered' || probe.status !== 401 || probe.retried !== 'exec-plugin') continue;
    const userName = snapshot.config.contexts.get(contextName)?.value.user;
    const user = userName === undefined ? undefined : snapshot.config.users.get(userName);
    const exec = user?.value.exec;
    const run = user && snapshot.execRuns?.get(user.name);
    const file = exec && snapshot.commands.get(exec.command)?.resolved;
    if (!user || !exec || !file || run?.state !== 'ok' || !isAwsGetToken(exec) || asks.has(user.name)) continue;
    const principal = run.credential.token ? decodeEksToken(run.credential.token) : undefined;
    if (!principal) continue;
    asks.set(user.name, awsCallerIdentity({ file, exec, region: principal.region, env, timeoutMs }));
  }
  if (asks.size === 0) return snapshot;
  const entries = await Promise.all([...asks].map(async ([name, ask]) => [name, await ask] as const));
  return { ...snapshot, awsIdentities: new Map(entries) };
}
