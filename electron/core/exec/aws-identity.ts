/**
 * `aws sts get-caller-identity` as an `aws eks get-token` plugin signs: the same aws executable,
 * its env on top of kubeward's, its profile and the token's region. It answers the one question
 * the token cannot: the ARN of the IAM principal (the role and session behind an ASIA key). It
 * needs the network; offline it fails, so it runs under a short deadline with a single attempt.
 */
import type { ExecConfig } from '../../../shared/kubeconfig/model';
import type { AwsCallerIdentity } from '../../../shared/facts';
import { execSecrets } from '../../../shared/exec/evidence';
import { stderrTail } from '../../../shared/exec/scrub';
import { flagValue } from '../../../shared/guides/provider';
import { jsonObject } from '../../../shared/json-object';
import { pluginEnv } from '../../../shared/sessions/plugin-env';
import { runProcess } from './process';

const MAX_OUTPUT_BYTES = 64 * 1024;

export interface IdentityRequest {
  /** The resolved aws executable the plugin runs. */
  file: string;
  exec: ExecConfig;
  region: string;
  env: NodeJS.ProcessEnv;
  /** The check's timeout, as for the plugin itself: one attempt with 3 s connect and read timeouts ends well within it. */
  timeoutMs: number;
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? ''
  );
}

export async function awsCallerIdentity(request: IdentityRequest): Promise<AwsCallerIdentity> {
  const profile = flagValue(request.exec.args, '--profile');
  const args = [
    'sts',
    'get-caller-identity',
    '--output',
    'json',
    '--region',
    request.region,
    '--cli-connect-timeout',
    '3',
    '--cli-read-timeout',
    '3',
    ...(profile ? ['--profile', profile] : []),
  ];
  const env = { ...pluginEnv(request.exec, request.env), AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '' };
  const result = await runProcess({
    file: request.file,
    args,
    env,
    timeoutMs: request.timeoutMs,
    maxOutputBytes: MAX_OUTPUT_BYTES,
  });
  const secrets = execSecrets(request.exec);
  if (result.timedOut) return { state: 'failed', reason: 'no answer in time' };
  if (result.spawnError !== undefined || result.exitCode !== 0) {
    const said = lastLine(stderrTail(result.stderr, secrets)) || result.spawnError || `exit code ${result.exitCode}`;
    return { state: 'failed', reason: said };
  }
  let json: Record<string, unknown> | undefined;
  try {
    json = jsonObject(JSON.parse(result.stdout));
  } catch {
    json = undefined;
  }
  const arn = json?.Arn;
  const account = json?.Account;
  if (typeof arn !== 'string' || typeof account !== 'string' || !arn.startsWith('arn:')) {
    return { state: 'failed', reason: 'the answer was not a caller identity' };
  }
  return { state: 'ok', arn, account, ...(typeof json?.UserId === 'string' ? { userId: json.UserId } : {}) };
}
