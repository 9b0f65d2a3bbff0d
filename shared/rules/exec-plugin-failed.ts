import type { ContextSubject, ExecFailureCause, ExecRun } from '../facts';
import { commandLine, execEvidence } from '../exec/evidence';
import { execSubject } from '../exec/subject';
import { failurePlan, verifyStep } from '../guides/exec';
import { signatureSteps } from '../guides/plugin-errors';
import { signatureById, type ErrorSignature } from '../exec/signatures';
import { detectProvider } from '../guides/provider';
import type { ExecConfig } from '../kubeconfig/model';
import { formatDuration, formatInstant } from '../time';
import type { ContextRule } from './types';
import { EXEC_PLUGINS } from './support/background';

const ID = 'exec-plugin-failed';

type Failed = Extract<ExecRun, { state: 'failed' }>;

function what(run: Failed, subject: ContextSubject): string {
  const profile = detectProvider(subject).profile;
  const reasons: Record<ExecFailureCause, string> = {
    'no-cloud-credentials': 'it found no cloud credentials to sign in with ("Unable to locate credentials")',
    'aws-sso-expired': `the AWS IAM Identity Center (SSO) session of ${profile ? `profile ${profile}` : 'the default profile'} has expired, or was never started`,
    'gcloud-no-account': 'the gcloud CLI it calls has no active account',
    'gcloud-reauth': 'the gcloud CLI it calls needs you to sign in again',
    'interactive-login-required':
      'it wants an interactive login (a browser or a device code), which cannot happen unattended',
    timeout: `it did not finish within ${formatDuration(run.durationMs)} and was stopped`,
    crashed: run.signal ? `it crashed (ended by ${run.signal})` : 'it crashed',
    'output-too-large': 'it printed far more output than a credential and was stopped',
    'spawn-failed': 'it could not be started',
    unknown: `it exited with code ${run.exitCode ?? 'unknown'}`,
  };
  return reasons[run.cause];
}

function meaningOf(known: ErrorSignature, subject: ContextSubject): string {
  const profile = detectProvider(subject).profile;
  return known.meaning.replace('{profile}', profile ? `profile ${profile}` : 'the default profile');
}

/** kubectl's own words for the same failure, so users can match what they saw. */
function kubectlSays(run: Failed, exec: ExecConfig): string {
  if (run.exitCode === null || run.timedOut || run.cause === 'output-too-large') return '';
  return ` kubectl fails with "getting credentials: exec: executable ${exec.command} failed with exit code ${run.exitCode}".`;
}

export default {
  meta: {
    id: ID,
    title: 'Exec credential plugin fails',
    severity: 'error',
    needs: 'exec',
    description: 'The exec plugin exits non-zero, crashes or times out, so kubectl gets no credential.',
    explanation: EXEC_PLUGINS,
    remedy:
      'It depends on why the plugin failed, which the finding works out from its exit code and stderr: sign' +
      ' in again (aws sso login, gcloud auth login), set up cloud credentials, or update the plugin. ' +
      'Kubeward can start those sign-ins itself and show their output.',
  },
  scope: 'context',
  check(subject, env) {
    const found = execSubject(subject);
    if (found?.run.state !== 'failed') return [];
    const { user, exec } = found;
    const run = found.run;
    const retry = run.awaitsUser
      ? ' Kubeward does not run it again with nobody there, so that it never opens a browser unattended: it waits' +
        ' for Check now, for you to sign in, or for a change to its kubeconfig entry or token cache.'
      : run.retryAt === undefined
        ? ''
        : ` Kubeward tries it again at ${formatInstant(run.retryAt, env.now)}.`;
    const known = run.signature ? signatureById(run.signature) : undefined;
    // The line that carries the cause, when one is known; else the last line (tools put the error last).
    const said = run.causeLine ?? run.stderrTail.split('\n').slice(-1)[0];
    const tail = said ? ` ${run.causeLine ? 'It said' : 'Its last words on stderr'}: ${said}` : '';
    return [
      {
        detail:
          `The exec plugin of user ${user.name} (${commandLine(exec)}) failed: ${known ? meaningOf(known, subject) : what(run, subject)}.` +
          `${kubectlSays(run, exec)}${tail}${retry}`,
        evidence: {
          ...execEvidence(subject.name, user.name, exec, subject.snapshot),
          cause: run.cause,
          exitCode: run.exitCode,
          signal: run.signal ?? null,
          timedOut: run.timedOut,
          durationMs: run.durationMs,
          stderrTail: run.stderrTail,
          ...(run.signature ? { signature: run.signature } : {}),
          ...(run.causeLine ? { causeLine: run.causeLine } : {}),
          ...(run.retryAt === undefined ? {} : { retryAt: new Date(run.retryAt).toISOString() }),
          ...(run.awaitsUser ? { awaitsUser: true } : {}),
        },
        ...(known
          ? {
              fix: [
                ...signatureSteps({ signature: known, line: run.causeLine ?? '' }, subject, exec),
                verifyStep(subject.name),
              ],
            }
          : failurePlan(run.cause, subject, exec, run.durationMs)),
      },
    ];
  },
} satisfies ContextRule;
