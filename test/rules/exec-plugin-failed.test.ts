import { describe, expect, it } from 'vitest';
import execPluginFailed from '../../shared/rules/exec-plugin-failed';
import { testRule } from '../support/rule-tester';
import { commandsOf, NOW } from '../support/rules';
import { CANARY, EKS_EXEC, execRunFindings, failed, subjectWith } from '../support/subjects/exec-run';

testRule(execPluginFailed, {
  meta: { needs: 'exec' },
  valid: [{ name: 'offline: the plugin did not run', subject: () => subjectWith(undefined) }],
});

describe('exec-plugin-failed', () => {
  it('fixes an expired AWS SSO session with aws sso login for the profile in the exec env', () => {
    const out = execRunFindings(
      failed('aws-sso-expired', {
        stderrTail: 'Error when retrieving token from sso: Token has expired and refresh failed',
      }),
    );
    const [finding] = out['exec-plugin-failed'] ?? [];
    expect(Object.keys(out)).toEqual(['exec-plugin-failed']);
    expect(finding?.detail).toContain('the AWS IAM Identity Center (SSO) session of profile prod-admin has expired');
    expect(finding?.detail).toContain('getting credentials: exec: executable aws failed with exit code 255');
    // Sign in again, or sign in and let the AWS CLI write the entry again: the user picks first.
    expect(finding?.fix).toEqual([]);
    expect(finding?.paths?.map((p) => p.id)).toEqual(['sign-in', 'regenerate']);
    const check = 'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod';
    expect(finding?.paths?.map((p) => p.steps.map((step) => step.command))).toEqual([
      ['aws sso login --profile prod-admin', check],
      [
        'aws sso login --profile prod-admin',
        'aws eks update-kubeconfig --name prod --region eu-west-1 --profile prod-admin',
        check,
      ],
    ]);
    expect(finding?.paths?.[0]?.steps[0]?.action).toEqual({
      kind: 'run',
      program: 'aws',
      args: ['sso', 'login', '--profile', 'prod-admin'],
    });
    expect(finding?.evidence).toMatchObject({
      cause: 'aws-sso-expired',
      exitCode: 255,
      timedOut: false,
      command: 'aws',
      args: EKS_EXEC.args,
      envNames: ['AWS_PROFILE', 'AWS_SECRET_ACCESS_KEY'],
      resolvedPath: '/usr/local/bin/aws',
      stderrTail: 'Error when retrieving token from sso: Token has expired and refresh failed',
    });
  });

  it('takes the profile from --profile when the env has none', () => {
    const exec = { env: [], args: [...EKS_EXEC.args, '--profile', 'ops'] };
    const [finding] = execRunFindings(failed('no-cloud-credentials'), { exec })['exec-plugin-failed'] ?? [];
    expect(commandsOf(finding ? [finding] : [])).toEqual([
      'aws configure sso --profile ops',
      'aws sts get-caller-identity --profile ops',
      'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
    ]);
    // SSO or access keys: the user's to say, as a choice within the one set-up step, not two steps.
    expect(finding?.fix[0]?.choice).toEqual({
      label: 'You sign in with',
      options: [
        { value: 'IAM Identity Center (SSO)', command: 'aws configure sso --profile ops' },
        { value: 'access keys', command: 'aws configure --profile ops' },
      ],
    });
  });

  it.each([
    ['gcloud-no-account', 'gcloud auth login'],
    ['gcloud-reauth', 'gcloud auth login'],
  ] as const)('%s is fixed by %s', (cause, command) => {
    const exec = { command: 'gke-gcloud-auth-plugin', args: [], env: [] };
    const out = execRunFindings(failed(cause, { exitCode: 1 }), {
      exec,
      context: 'gke_proj_europe-west1_prod',
      server: 'https://34.1.2.3',
    });
    const signIn = out['exec-plugin-failed']?.[0]?.paths?.[0];
    expect(signIn?.id).toBe('sign-in');
    expect(signIn?.steps[0]?.command).toBe(command);
    expect(signIn?.steps[0]?.action).toEqual({
      kind: 'run',
      program: 'gcloud',
      args: ['auth', 'login'],
    });
  });

  it('says how long a timed-out plugin ran, without a kubectl exit-code message', () => {
    const [finding] =
      execRunFindings(failed('timeout', { exitCode: null, timedOut: true, durationMs: 10_004 }))[
        'exec-plugin-failed'
      ] ?? [];
    expect(finding?.detail).toContain('it did not finish within 10 seconds and was stopped');
    expect(finding?.detail).not.toContain('exit code');
    expect(finding?.fix[0]?.title).toMatch(/within 10 seconds: check the network or VPN/);
  });

  it('names the signal of a crash and offers a reinstall', () => {
    const [finding] =
      execRunFindings(failed('crashed', { exitCode: null, signal: 'SIGSEGV' }))['exec-plugin-failed'] ?? [];
    expect(finding?.detail).toContain('it crashed (ended by SIGSEGV)');
    expect(finding?.fix.some((s) => s.title.startsWith('Reinstall or update: Install the AWS CLI'))).toBe(true);
  });

  it('says when the desktop monitor retries during back-off', () => {
    const retryAt = NOW + 4 * 60_000;
    const [finding] = execRunFindings(failed('unknown', { retryAt }))['exec-plugin-failed'] ?? [];
    expect(finding?.detail).toContain('Kubeward tries it again at 2026-06-01 12:04 UTC (in 4 minutes)');
    expect(finding?.evidence.retryAt).toBe('2026-06-01T12:04:00.000Z');
  });

  it('redacts secret-bearing arguments in evidence and text', () => {
    const exec = {
      command: 'kubelogin',
      args: ['get-token', `--oidc-client-secret=${CANARY}`, '--password', CANARY],
      env: [],
    };
    const [finding] = execRunFindings(failed('unknown'), { exec })['exec-plugin-failed'] ?? [];
    expect(finding?.evidence.args).toEqual([
      'get-token',
      '--oidc-client-secret=[redacted]',
      '--password',
      '[redacted]',
    ]);
  });
});
