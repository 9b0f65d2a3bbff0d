import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExecRun } from '../../shared/facts';
import execCredentialExpired from '../../shared/rules/exec-credential-expired';
import { seconds, signJwt } from '../fixtures/jwt';
import { testRule } from '../support/rule-tester';
import { ENV, NOW } from '../support/rules';
import { CANARY, CONFIG, execRunFindings, subjectWith } from '../support/subjects/exec-run';

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

testRule(execCredentialExpired, {
  meta: { needs: 'exec' },
  valid: [{ name: 'offline: the plugin did not run', subject: () => subjectWith(undefined) }],
});

describe('exec-credential-expired', () => {
  it('fires for an expirationTimestamp already past when the plugin answered', () => {
    const [finding] =
      execRunFindings(ok({ token: CANARY, expirationTimestamp: NOW - 90_000 }))['exec-credential-expired'] ?? [];
    expect(finding?.expiresAt).toBe('2026-06-01T11:58:30.000Z');
    expect(finding?.detail).toContain('its expirationTimestamp: 2026-06-01 11:58 UTC (1 minute ago)');
  });

  it("fires for a JWT whose exp is past even when expirationTimestamp is not, with the token's claims", () => {
    const [finding] =
      execRunFindings(ok({ token: stale, expirationTimestamp: NOW + 3_600_000 }))['exec-credential-expired'] ?? [];
    expect(finding?.detail).toContain("the token's exp claim");
    expect(finding?.evidence).toMatchObject({ iss: 'https://idp.example.com', sub: 'jane', cached: false });
    expect(JSON.stringify(finding)).not.toContain(stale);
  });

  it('is silent for a credential checked at the very instant it expires, which kubectl still sends', () => {
    expect(execRunFindings(ok({ token: CANARY, expirationTimestamp: NOW }))).toEqual({});
    expect(
      execRunFindings(ok({ token: CANARY, expirationTimestamp: NOW - 1 }))['exec-credential-expired'],
    ).toHaveLength(1);
  });

  it('is silent for a valid credential, one without expiry, and under --at in the future', () => {
    expect(execRunFindings(ok({ token: fresh, expirationTimestamp: NOW + 14 * 60_000 }))).toEqual({});
    expect(execRunFindings(ok({ token: CANARY }))).toEqual({});
    // A 14-minute EKS token is re-issued by the plugin: a later --at does not make it "expired".
    expect(
      execRunFindings(
        ok({ token: CANARY, expirationTimestamp: NOW + 14 * 60_000 }),
        {},
        { ...ENV, now: NOW + 86_400_000 },
      ),
    ).toEqual({});
  });

  it('clears the plugin cache of kubelogin and the gke plugin', () => {
    const run = ok({ token: CANARY, expirationTimestamp: NOW - 1 });
    const oidc = { command: 'kubectl', args: ['oidc-login', 'get-token', '--oidc-issuer-url=https://idp'], env: [] };
    const gke = execRunFindings(run, { exec: { command: 'gke-gcloud-auth-plugin', args: [], env: [] } })[
      'exec-credential-expired'
    ];
    // The gke plugin keeps its cache beside the kubeconfig, not in gcloud's config dir.
    // The cache first, the clock as the other path: each ends with kubectl running the plugin.
    expect(gke?.[0]?.fix).toEqual([]);
    expect(gke?.[0]?.paths?.map((p) => [p.id, p.steps.at(-1)?.command])).toEqual([
      ['clear-cache', 'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod'],
      ['clock', 'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod'],
    ]);
    expect(gke?.[0]?.paths?.[0]?.steps[0]?.command).toBe(
      `rm -f ${path.join(path.dirname(CONFIG), 'gke_gcloud_auth_plugin_cache')}`,
    );
    const int128 = execRunFindings(run, { exec: { ...oidc, command: 'kubectl-oidc_login', args: ['get-token'] } })[
      'exec-credential-expired'
    ];
    expect(int128?.[0]?.paths?.[0]?.steps[0]?.command).toBe('kubectl oidc-login clean');
  });
});
