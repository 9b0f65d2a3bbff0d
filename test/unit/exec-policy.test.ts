import { describe, expect, it } from 'vitest';
import type { CloudSession, ExecRun } from '../../shared/facts';
import type { ExecConfig } from '../../shared/kubeconfig/model';
import { ExecCredentialCache, execCacheKey } from '../../electron/core/exec/credential-cache';
import { createHash, randomBytes } from 'node:crypto';
import {
  cliExecPolicy,
  DesktopExecPolicy,
  execPluginsOf,
  pluginFingerprint,
  UnattendedExecPolicy,
} from '../../electron/core/exec/policy';
import { snapshotFrom } from '../support/snapshot';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** An AWS plugin never prompts: the sessions on disk do not change what these policies decide. */
const CTX = { env: {}, sessions: [], now: Date.parse('2026-11-28T12:00:00Z') };
const approvalKey = pluginFingerprint(randomBytes(32));
const AWS: ExecConfig = {
  command: 'aws',
  args: ['eks', 'get-token', '--cluster-name', 'prod'],
  env: [{ name: 'AWS_PROFILE', value: 'prod' }],
  apiVersion: 'client.authentication.k8s.io/v1beta1',
};
const FAILED: ExecRun = {
  state: 'failed',
  exitCode: 255,
  timedOut: false,
  cause: 'aws-sso-expired',
  stderrTail: 'Error when retrieving token from sso: Token has expired and refresh failed',
  durationMs: 900,
};
const OK: ExecRun = {
  state: 'ok',
  credential: { apiVersion: AWS.apiVersion as string, token: 't' },
  cached: false,
  durationMs: 5,
};

describe('cliExecPolicy', () => {
  it('runs every plugin except the ones that need a terminal', () => {
    expect(cliExecPolicy.shouldRun('u', AWS, CTX)).toEqual({ run: true });
    expect(cliExecPolicy.shouldRun('u', { ...AWS, interactiveMode: 'Always' }, CTX)).toEqual({
      run: false,
      reason: 'interactive',
    });
    expect(cliExecPolicy.shouldRun('u', { ...AWS, interactiveMode: 'IfAvailable' }, CTX)).toEqual({ run: true });
  });
});

describe('DesktopExecPolicy', () => {
  function desktop(approved: string[]) {
    const clock = { now: Date.parse('2026-11-28T12:00:00Z') };
    const policy = new DesktopExecPolicy({
      approved: () => new Set(approved),
      fingerprint: approvalKey,
      now: () => clock.now,
    });
    return { policy, clock };
  }

  it('runs only what was approved, by command and arguments', () => {
    expect(desktop([]).policy.shouldRun('u', AWS, CTX)).toEqual({ run: false, reason: 'untrusted' });
    expect(desktop([approvalKey(AWS)]).policy.shouldRun('u', AWS, CTX)).toEqual({ run: true });
    // Other arguments are another plugin run: approval does not carry over.
    const other = { ...AWS, args: [...AWS.args.slice(0, 3), 'staging'] };
    expect(desktop([approvalKey(AWS)]).policy.shouldRun('u', other, CTX)).toEqual({ run: false, reason: 'untrusted' });
  });

  it('never runs interactiveMode: Always, approved or not', () => {
    const always = { ...AWS, interactiveMode: 'Always' };
    expect(desktop([approvalKey(always)]).policy.shouldRun('u', always, CTX)).toEqual({
      run: false,
      reason: 'interactive',
    });
  });

  it('backs off exponentially after failures, from 1 minute to a 30 minute cap, and forgets on success', () => {
    const { policy, clock } = desktop([approvalKey(AWS)]);
    const start = clock.now;
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      policy.record('u', AWS, FAILED, CTX);
      const decision = policy.shouldRun('u', AWS, CTX);
      if (decision.run || decision.reason !== 'backoff') throw new Error('expected a back-off');
      expect(decision.last).toBe(FAILED);
      delays.push(decision.retryAt - clock.now);
      clock.now = decision.retryAt;
      expect(policy.shouldRun('u', AWS, CTX)).toEqual({ run: true });
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 30, 30].map((m) => m * MINUTE));
    expect(clock.now - start).toBe(91 * MINUTE);
    policy.record('u', AWS, OK, CTX);
    policy.record('u', AWS, FAILED, CTX);
    const after = policy.shouldRun('u', AWS, CTX);
    expect(!after.run && after.reason === 'backoff' && after.retryAt - clock.now).toBe(MINUTE);
  });

  it('keeps back-off per user, ignores skips, and resets on request', () => {
    const { policy } = desktop([approvalKey(AWS)]);
    policy.record('u', AWS, FAILED, CTX);
    policy.record('v', AWS, { state: 'skipped', reason: 'untrusted' }, CTX);
    expect(policy.shouldRun('v', AWS, CTX)).toEqual({ run: true });
    expect(policy.shouldRun('u', AWS, CTX).run).toBe(false);
    policy.resetBackoff();
    expect(policy.shouldRun('u', AWS, CTX)).toEqual({ run: true });
  });
});

describe('pluginFingerprint', () => {
  const exec = { command: 'kubelogin', args: ['get-token', '--oidc-client-secret', 'Cs-canary-Qz81Lm3x'] };

  it('is an HMAC-SHA256 under the install key: the same plugin under another key, or a plain hash, differs', () => {
    const key = randomBytes(32);
    const fingerprint = pluginFingerprint(key)(exec);
    expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pluginFingerprint(Buffer.from(key))(exec)).toBe(fingerprint);
    expect(pluginFingerprint(randomBytes(32))(exec)).not.toBe(fingerprint);
    // The unkeyed fingerprint of earlier versions, which anyone could recompute from a guessed secret.
    const unkeyed = createHash('sha256')
      .update(JSON.stringify([exec.command, ...exec.args]))
      .digest('base64url');
    expect(fingerprint).not.toBe(unkeyed);
    const policy = new DesktopExecPolicy({ approved: () => new Set([unkeyed]), fingerprint: pluginFingerprint(key) });
    expect(policy.shouldRun('u', { ...exec, env: [], apiVersion: AWS.apiVersion }, CTX)).toEqual({
      run: false,
      reason: 'untrusted',
    });
  });

  it('keys the Settings plugin list, whose arguments hide both forms of a secret flag', () => {
    const snapshot = snapshotFrom({
      sources: {
        '/home/u/.kube/config': `apiVersion: v1
users:
- name: oidc
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: kubelogin
      args: [get-token, --oidc-client-secret, Cs-canary-Qz81Lm3x, --password=Pw-canary-Qz81Lm3x]
`,
      },
    });
    const fingerprint = pluginFingerprint(randomBytes(32));
    const [plugin] = execPluginsOf(snapshot.config, fingerprint);
    expect(plugin).toEqual({
      key: fingerprint({
        command: 'kubelogin',
        args: ['get-token', '--oidc-client-secret', 'Cs-canary-Qz81Lm3x', '--password=Pw-canary-Qz81Lm3x'],
      }),
      command: 'kubelogin',
      args: ['get-token', '--oidc-client-secret', '[redacted]', '--password=[redacted]'],
      users: ['oidc'],
    });
  });
});

describe('ExecCredentialCache', () => {
  const credential = { apiVersion: 'client.authentication.k8s.io/v1', token: 't', expirationTimestamp: 1_000_000 };

  it('serves a credential up to and including its expirationTimestamp (client-go: now.After(exp))', () => {
    const cache = new ExecCredentialCache();
    cache.set('k', credential);
    expect(cache.get('k', 999_999)).toBe(credential);
    expect(cache.get('k', 1_000_000)).toBe(credential);
    expect(cache.get('k', 1_000_001)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps a credential without expiry for its lifetime', () => {
    const cache = new ExecCredentialCache();
    cache.set('k', { apiVersion: 'v', token: 't' });
    expect(cache.get('k', Number.MAX_SAFE_INTEGER)).toBeDefined();
    cache.delete('k');
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('keys on command, args, env, apiVersion and the cluster info, without holding env values', () => {
    const key = execCacheKey(AWS, undefined);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(execCacheKey({ ...AWS }, undefined)).toBe(key);
    expect(execCacheKey({ ...AWS, env: [{ name: 'AWS_PROFILE', value: 'dev' }] }, undefined)).not.toBe(key);
    expect(execCacheKey({ ...AWS, args: [...AWS.args, '--role-arn', 'x'] }, undefined)).not.toBe(key);
    expect(execCacheKey({ ...AWS, apiVersion: 'client.authentication.k8s.io/v1' }, undefined)).not.toBe(key);
    expect(execCacheKey(AWS, { server: 'https://a', config: null })).not.toBe(key);
  });
});

describe('UnattendedExecPolicy', () => {
  const KUBELOGIN: ExecConfig = {
    command: 'kubelogin',
    args: ['get-token', '--oidc-issuer-url=https://sso.example.com', '--oidc-client-id=k8s'],
    env: [],
    apiVersion: 'client.authentication.k8s.io/v1',
  };
  const session = (expiresAt: number): CloudSession => ({
    kind: 'kubelogin',
    file: '/home/u/.kube/cache/oidc-login/ab',
    expiresAt,
    match: {},
    users: ['u'],
    renewal: {},
  });
  const BROWSER: ExecRun = {
    state: 'failed',
    exitCode: 1,
    timedOut: false,
    cause: 'interactive-login-required',
    stderrTail: 'Please visit the following URL in your browser: http://localhost:8000',
    durationMs: 300,
  };
  const ctx = (sessions: CloudSession[]) => ({ env: {}, sessions, now: CTX.now });

  it('does not run kubelogin whose cache needs a browser, and runs it with a refreshable one', () => {
    const policy = new UnattendedExecPolicy();
    expect(policy.shouldRun('u', KUBELOGIN, ctx([]))).toMatchObject({ run: false, reason: 'sign-in-required' });
    expect(policy.shouldRun('u', KUBELOGIN, ctx([session(CTX.now - HOUR)]))).toEqual({ run: true });
  });

  it('holds a plugin that showed a browser login until its cache or entry changes, or someone acts', () => {
    const policy = new UnattendedExecPolicy();
    const before = ctx([session(CTX.now - HOUR)]);
    const reported = policy.record('u', KUBELOGIN, BROWSER, before);
    expect(reported).toEqual({ ...BROWSER, awaitsUser: true });
    expect(policy.shouldRun('u', KUBELOGIN, before)).toEqual({ run: false, reason: 'held', last: reported });
    // A new login rewrote the cache.
    expect(policy.shouldRun('u', KUBELOGIN, ctx([session(CTX.now + HOUR)]))).toEqual({ run: true });
    policy.record('u', KUBELOGIN, BROWSER, before);
    // The kubeconfig entry changed (an env value, say).
    const edited = { ...KUBELOGIN, env: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }] };
    expect(policy.shouldRun('u', edited, before)).toEqual({ run: true });
    policy.record('u', KUBELOGIN, BROWSER, before);
    policy.resetBackoff();
    expect(policy.shouldRun('u', KUBELOGIN, before)).toEqual({ run: true });
    // Other failures are not held: a watch retries them on its schedule, as before.
    policy.record('u', AWS, FAILED, CTX);
    expect(policy.shouldRun('u', AWS, CTX)).toEqual({ run: true });
  });

  it('in the desktop policy, outlasts every time back-off', () => {
    const clock = { now: CTX.now };
    const policy = new DesktopExecPolicy({
      approved: () => new Set([approvalKey(AWS)]),
      fingerprint: approvalKey,
      now: () => clock.now,
    });
    policy.record('u', AWS, { ...FAILED, cause: 'interactive-login-required' }, CTX);
    clock.now += 24 * HOUR;
    expect(policy.shouldRun('u', AWS, { ...CTX, now: clock.now })).toMatchObject({ run: false, reason: 'held' });
    policy.resetBackoff();
    expect(policy.shouldRun('u', AWS, { ...CTX, now: clock.now })).toEqual({ run: true });
  });
});
