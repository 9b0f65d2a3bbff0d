/**
 * Subjects for the rules that read an exec plugin run (exec-plugin-failed,
 * exec-plugin-invalid-output, exec-credential-expired, exec-plugin-untrusted): an EKS context
 * whose user `u` runs `aws eks get-token`, with the run a test gives, and canaries in its env
 * and credential that no finding may repeat.
 */
import { expect } from 'vitest';
import type { ExecRun } from '../../../shared/facts';
import execCredentialExpired from '../../../shared/rules/exec-credential-expired';
import execPluginFailed from '../../../shared/rules/exec-plugin-failed';
import execPluginInvalidOutput from '../../../shared/rules/exec-plugin-invalid-output';
import execPluginUntrusted from '../../../shared/rules/exec-plugin-untrusted';
import type { ContextSubject } from '../../../shared/facts';
import type { FindingDraft } from '../../../shared/rules/types';
import { ENV, subjectOf } from '../rules';
import { snapshotFrom } from '../snapshot';

export const CONFIG = '/home/u/.kube/config';
const SECRET_ENV = 'kubeward-canary-env-Xy7Qp2Lm9';
export const CANARY = 'kubeward-canary-token-Hd83Kq1Zw';
const EKS_CONTEXT = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
const EXEC_RULES = [execPluginFailed, execPluginInvalidOutput, execCredentialExpired, execPluginUntrusted];

interface Options {
  exec?: Record<string, unknown>;
  user?: Record<string, unknown>;
  context?: string;
  server?: string;
}

export const EKS_EXEC = {
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  command: 'aws',
  args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod', '--output', 'json'],
  env: [
    { name: 'AWS_PROFILE', value: 'prod-admin' },
    { name: 'AWS_SECRET_ACCESS_KEY', value: SECRET_ENV },
  ],
};

/** The context, after the plugin ran as `run` says (undefined: offline, it did not run). */
export function subjectWith(run: ExecRun | undefined, options: Options = {}): ContextSubject {
  const context = options.context ?? EKS_CONTEXT;
  const text = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context,
    clusters: [{ name: 'c', cluster: { server: options.server ?? 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com' } }],
    users: [{ name: 'u', user: { ...options.user, exec: { ...EKS_EXEC, ...options.exec } } }],
    contexts: [{ name: context, context: { cluster: 'c', user: 'u' } }],
  });
  const snapshot = snapshotFrom({ sources: { [CONFIG]: text }, commands: { aws: '/usr/local/bin/aws' } });
  return subjectOf(run ? { ...snapshot, execRuns: new Map([['u', run]]) } : snapshot);
}

/**
 * The findings of every exec-run rule that fired, by rule id: a run is one rule's to explain,
 * so a test sees when another one speaks too. Checks that no finding leaks a canary.
 */
export function execRunFindings(
  run: ExecRun | undefined,
  options: Options = {},
  env = ENV,
): Record<string, FindingDraft[]> {
  const subject = subjectWith(run, options);
  const out: Record<string, FindingDraft[]> = {};
  for (const rule of EXEC_RULES) {
    const drafts = rule.check(subject, env);
    if (drafts.length) out[rule.meta.id] = drafts;
  }
  expect(JSON.stringify(out)).not.toContain(SECRET_ENV);
  expect(JSON.stringify(out)).not.toContain(CANARY);
  return out;
}

export function failed(cause: Extract<ExecRun, { state: 'failed' }>['cause'], extra: Partial<ExecRun> = {}): ExecRun {
  return {
    state: 'failed',
    exitCode: 255,
    timedOut: false,
    cause,
    stderrTail: 'some error',
    durationMs: 800,
    ...extra,
  } as ExecRun;
}
