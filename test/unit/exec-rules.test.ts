import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { execIssuedCredential } from '../../shared/exec/effective';
import type { ContextSubject, ExecRun } from '../../shared/facts';
import execCredentialExpired from '../../shared/rules/exec-credential-expired';
import execPluginFailed from '../../shared/rules/exec-plugin-failed';
import execPluginInvalidOutput from '../../shared/rules/exec-plugin-invalid-output';
import execPluginUntrusted from '../../shared/rules/exec-plugin-untrusted';
import { RULES } from '../../shared/rules';
import type { FindingDraft } from '../../shared/rules/types';
import { seconds, signJwt } from '../fixtures/jwt';
import { selfSigned } from '../fixtures/pki';
import { commandsOf, ENV, NOW } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { subjectsOf } from '../support/rules';

const CONFIG = '/home/u/.kube/config';
const SECRET_ENV = 'kubeward-canary-env-Xy7Qp2Lm9';
const CANARY = 'kubeward-canary-token-Hd83Kq1Zw';
const EXEC_RULES = [execPluginFailed, execPluginInvalidOutput, execCredentialExpired, execPluginUntrusted];

interface Options {
  exec?: Record<string, unknown>;
  user?: Record<string, unknown>;
  context?: string;
  server?: string;
}

const EKS_EXEC = {
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  command: 'aws',
  args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod', '--output', 'json'],
  env: [
    { name: 'AWS_PROFILE', value: 'prod-admin' },
    { name: 'AWS_SECRET_ACCESS_KEY', value: SECRET_ENV },
  ],
};

function subjectWith(run: ExecRun | undefined, options: Options = {}): ContextSubject {
  const context = options.context ?? 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
  const text = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context,
    clusters: [{ name: 'c', cluster: { server: options.server ?? 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com' } }],
    users: [{ name: 'u', user: { ...options.user, exec: { ...EKS_EXEC, ...options.exec } } }],
    contexts: [{ name: context, context: { cluster: 'c', user: 'u' } }],
  });
  const snapshot = snapshotFrom({ sources: { [CONFIG]: text }, commands: { aws: '/usr/local/bin/aws' } });
  const withRuns = run ? { ...snapshot, execRuns: new Map([['u', run]]) } : snapshot;
  const [subject] = subjectsOf(withRuns);
  if (!subject) throw new Error('no subject');
  return subject;
}

function findings(run: ExecRun | undefined, options: Options = {}, env = ENV): Record<string, FindingDraft[]> {
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

function failed(cause: Extract<ExecRun, { state: 'failed' }>['cause'], extra: Partial<ExecRun> = {}): ExecRun {
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

it('every exec rule is registered, needs exec, and says nothing offline', () => {
  for (const rule of EXEC_RULES) {
    expect(RULES).toContain(rule);
    expect(rule.meta.needs).toBe('exec');
  }
  expect(findings(undefined)).toEqual({});
});

describe('exec-plugin-failed', () => {
  it('fixes an expired AWS SSO session with aws sso login for the profile in the exec env', () => {
    const out = findings(
      failed('aws-sso-expired', {
        stderrTail: 'Error when retrieving token from sso: Token has expired and refresh failed',
      }),
    );
    const [finding] = out['exec-plugin-failed'] ?? [];
    expect(Object.keys(out)).toEqual(['exec-plugin-failed']);
    expect(finding?.detail).toContain('the AWS IAM Identity Center (SSO) session of profile prod-admin has expired');
    expect(finding?.detail).toContain('getting credentials: exec: executable aws failed with exit code 255');
    expect(commandsOf(finding ? [finding] : [])).toEqual([
      'aws sso login --profile prod-admin',
      'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
    ]);
    expect(finding?.fix[0]?.action).toEqual({
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
    const [finding] = findings(failed('no-cloud-credentials'), { exec })['exec-plugin-failed'] ?? [];
    expect(commandsOf(finding ? [finding] : [])).toEqual([
      'aws configure sso --profile ops',
      'aws configure --profile ops',
      'aws sts get-caller-identity --profile ops',
      'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
    ]);
  });

  it.each([
    ['gcloud-no-account', 'gcloud auth login'],
    ['gcloud-reauth', 'gcloud auth login'],
  ] as const)('%s is fixed by %s', (cause, command) => {
    const exec = { command: 'gke-gcloud-auth-plugin', args: [], env: [] };
    const out = findings(failed(cause, { exitCode: 1 }), {
      exec,
      context: 'gke_proj_europe-west1_prod',
      server: 'https://34.1.2.3',
    });
    expect(out['exec-plugin-failed']?.[0]?.fix[0]?.command).toBe(command);
    expect(out['exec-plugin-failed']?.[0]?.fix[0]?.action).toEqual({
      kind: 'run',
      program: 'gcloud',
      args: ['auth', 'login'],
    });
  });

  it('says how long a timed-out plugin ran, without a kubectl exit-code message', () => {
    const [finding] =
      findings(failed('timeout', { exitCode: null, timedOut: true, durationMs: 10_004 }))['exec-plugin-failed'] ?? [];
    expect(finding?.detail).toContain('it did not finish within 10 seconds and was stopped');
    expect(finding?.detail).not.toContain('exit code');
    expect(finding?.fix[0]?.title).toMatch(/within 10 seconds: check the network or VPN/);
  });

  it('names the signal of a crash and offers a reinstall', () => {
    const [finding] = findings(failed('crashed', { exitCode: null, signal: 'SIGSEGV' }))['exec-plugin-failed'] ?? [];
    expect(finding?.detail).toContain('it crashed (ended by SIGSEGV)');
    expect(finding?.fix.some((s) => s.title.startsWith('Reinstall or update: Install the AWS CLI'))).toBe(true);
  });

  it('says when the desktop monitor retries during back-off', () => {
    const retryAt = NOW + 4 * 60_000;
    const [finding] = findings(failed('unknown', { retryAt }))['exec-plugin-failed'] ?? [];
    expect(finding?.detail).toContain('Kubeward tries it again at 2026-06-01 12:04 UTC (in 4 minutes)');
    expect(finding?.evidence.retryAt).toBe('2026-06-01T12:04:00.000Z');
  });

  it('redacts secret-bearing arguments in evidence and text', () => {
    const exec = {
      command: 'kubelogin',
      args: ['get-token', `--oidc-client-secret=${CANARY}`, '--password', CANARY],
      env: [],
    };
    const [finding] = findings(failed('unknown'), { exec })['exec-plugin-failed'] ?? [];
    expect(finding?.evidence.args).toEqual([
      'get-token',
      '--oidc-client-secret=[redacted]',
      '--password',
      '[redacted]',
    ]);
  });
});

describe('exec-plugin-invalid-output', () => {
  it('explains the reason and regenerates the entry with the cloud CLI', () => {
    const run: ExecRun = {
      state: 'invalid-output',
      reason: 'stdout is not a JSON (or YAML) object (12 bytes)',
      stderrTail: '',
      durationMs: 30,
    };
    const out = findings(run);
    expect(Object.keys(out)).toEqual(['exec-plugin-invalid-output']);
    const [finding] = out['exec-plugin-invalid-output'] ?? [];
    expect(finding?.detail).toContain(
      'kubectl cannot use what it printed: stdout is not a JSON (or YAML) object (12 bytes)',
    );
    expect(commandsOf(finding ? [finding] : [])[0]).toBe(
      'aws eks update-kubeconfig --name prod --region eu-west-1 --profile prod-admin',
    );
  });
});

describe('exec-credential-expired', () => {
  let fresh: string;
  let stale: string;
  beforeAll(async () => {
    fresh = await signJwt({ iss: 'https://idp.example.com', sub: 'jane', exp: seconds(NOW) + 3600, jti: CANARY });
    stale = await signJwt({ iss: 'https://idp.example.com', sub: 'jane', exp: seconds(NOW) - 300, jti: CANARY });
  });

  const ok = (credential: Record<string, unknown>, checkedAt = NOW): ExecRun => ({
    state: 'ok',
    credential: { apiVersion: 'client.authentication.k8s.io/v1', ...credential },
    cached: false,
    durationMs: 20,
    checkedAt,
  });

  it('fires for an expirationTimestamp already past when the plugin answered', () => {
    const [finding] =
      findings(ok({ token: CANARY, expirationTimestamp: NOW - 90_000 }))['exec-credential-expired'] ?? [];
    expect(finding?.expiresAt).toBe('2026-06-01T11:58:30.000Z');
    expect(finding?.detail).toContain('its expirationTimestamp: 2026-06-01 11:58 UTC (1 minute ago)');
  });

  it("fires for a JWT whose exp is past even when expirationTimestamp is not, with the token's claims", () => {
    const [finding] =
      findings(ok({ token: stale, expirationTimestamp: NOW + 3_600_000 }))['exec-credential-expired'] ?? [];
    expect(finding?.detail).toContain("the token's exp claim");
    expect(finding?.evidence).toMatchObject({ iss: 'https://idp.example.com', sub: 'jane', cached: false });
    expect(JSON.stringify(finding)).not.toContain(stale);
  });

  it('is silent for a valid credential, one without expiry, and under --at in the future', () => {
    expect(findings(ok({ token: fresh, expirationTimestamp: NOW + 14 * 60_000 }))).toEqual({});
    expect(findings(ok({ token: CANARY }))).toEqual({});
    // A 14-minute EKS token is re-issued by the plugin: a later --at does not make it "expired".
    expect(
      findings(ok({ token: CANARY, expirationTimestamp: NOW + 14 * 60_000 }), {}, { ...ENV, now: NOW + 86_400_000 }),
    ).toEqual({});
  });

  it('clears the plugin cache of kubelogin and the gke plugin', () => {
    const run = ok({ token: CANARY, expirationTimestamp: NOW - 1 });
    const oidc = { command: 'kubectl', args: ['oidc-login', 'get-token', '--oidc-issuer-url=https://idp'], env: [] };
    const gke = findings(run, { exec: { command: 'gke-gcloud-auth-plugin', args: [], env: [] } })[
      'exec-credential-expired'
    ];
    // The gke plugin keeps its cache beside the kubeconfig, not in gcloud's config dir.
    expect(gke?.[0]?.fix[0]?.command).toBe(`rm -f ${path.join(path.dirname(CONFIG), 'gke_gcloud_auth_plugin_cache')}`);
    const int128 = findings(run, { exec: { ...oidc, command: 'kubectl-oidc_login', args: ['get-token'] } })[
      'exec-credential-expired'
    ];
    expect(int128?.[0]?.fix[0]?.command).toBe('kubectl oidc-login clean');
  });
});

describe('exec-plugin-untrusted', () => {
  it('asks to approve the plugin once, and offers the CLI check', () => {
    const out = findings({ state: 'skipped', reason: 'untrusted' });
    expect(Object.keys(out)).toEqual(['exec-plugin-untrusted']);
    const [finding] = out['exec-plugin-untrusted'] ?? [];
    expect(finding?.fix[0]?.title).toBe(
      'Approve aws --region eu-west-1 eks get-token --cluster-name prod --output json once in Kubeward, so the monitor may run it on schedule',
    );
    expect(commandsOf(finding ? [finding] : [])).toEqual([
      'kubeward check --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
    ]);
  });

  it.each(['interactive', 'backoff', 'missing', 'shadowed', 'invalid-config'] as const)(
    'is silent when skipped as %s',
    (reason) => {
      expect(findings({ state: 'skipped', reason })).toEqual({});
    },
  );
});

describe('execIssuedCredential', () => {
  it('gives the token and certificate the plugin returned, for the token and certificate rules', () => {
    const { certPem, keyPem } = selfSigned({ cn: 'jane' });
    const run: ExecRun = {
      state: 'ok',
      credential: {
        apiVersion: 'v',
        token: 'k8s-aws-v1.abc',
        clientCertificateData: certPem,
        clientKeyData: keyPem,
        expirationTimestamp: NOW,
      },
      cached: true,
      durationMs: 0,
      checkedAt: NOW - 5,
    };
    const subject = subjectWith(run);
    expect(execIssuedCredential(subject.snapshot, subject.user as NonNullable<typeof subject.user>)).toEqual({
      user: 'u',
      command: 'aws',
      cached: true,
      expiresAt: NOW,
      checkedAt: NOW - 5,
      token: 'k8s-aws-v1.abc',
      decodedToken: { format: 'opaque' },
      clientCertificatePem: certPem,
      clientKeyPem: keyPem,
    });
  });

  it('is undefined offline, after a failure, and when a static credential shadows the plugin', () => {
    const okRun: ExecRun = { state: 'ok', credential: { apiVersion: 'v', token: 't' }, cached: false, durationMs: 1 };
    for (const [run, options] of [
      [undefined, {}],
      [failed('unknown'), {}],
      [okRun, { user: { token: 'static' } }],
    ] as const) {
      const subject = subjectWith(run, options);
      expect(execIssuedCredential(subject.snapshot, subject.user as NonNullable<typeof subject.user>)).toBeUndefined();
    }
  });
});
