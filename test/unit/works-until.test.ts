/**
 * What shared/works-until.ts picks among the ends a credential depends on, on real signed JWTs: the
 * OIDC refresh token's end when there is one, the id-token's without, nothing for an opaque refresh
 * token; for an exec plugin its cloud session, the earliest of several, and nothing once a static
 * credential shadows the plugin.
 */
import { describe, expect, it } from 'vitest';
import type { CloudSession, ContextSubject } from '../../shared/facts';
import { worksUntil, worksUntilLine } from '../../shared/works-until';
import { oidcIdToken, seconds, signJwt } from '../fixtures/jwt';
import { subject, TOKEN } from '../support/subjects/credentials';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-02T12:00:00Z');

function oidc(idToken: string, refreshToken?: string): ContextSubject {
  const refresh = refreshToken ? `, refresh-token: ${refreshToken}` : '';
  return subject(`    auth-provider:
      name: oidc
      config: {idp-issuer-url: "https://idp.example.com", client-id: k8s, id-token: ${idToken}${refresh}}`);
}

function withSessions(s: ContextSubject, sessions: CloudSession[]): ContextSubject {
  return { ...s, snapshot: { ...s.snapshot, sessions } };
}

const KUBELOGIN = `    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: kubectl
      args: [oidc-login, get-token, --oidc-issuer-url=https://idp.example.com, --oidc-client-id=k8s]`;

describe('works until', () => {
  it('is the OIDC refresh token end when kubectl can refresh, the id-token end when it cannot', async () => {
    const idToken = await oidcIdToken({ issuedAt: NOW, issuer: 'https://idp.example.com', clientId: 'k8s' });
    const refreshToken = await signJwt({ iss: 'https://idp.example.com', exp: seconds(NOW + 30 * 24 * HOUR) });
    expect(worksUntil(oidc(idToken, refreshToken))).toEqual({
      at: new Date(NOW + 30 * 24 * HOUR).toISOString(),
      cause: 'OIDC refresh token expires',
      rule: 'oidc-token-expired',
    });
    expect(worksUntil(oidc(idToken))).toEqual({
      at: new Date(NOW + HOUR).toISOString(),
      cause: 'OIDC id-token expires',
      rule: 'oidc-token-expired',
    });
    // An opaque refresh token says nothing about its end: no claim.
    expect(worksUntil(oidc(idToken, TOKEN))).toBeUndefined();
  });

  it("is the exec plugin's cloud session end, the earliest of two, and nothing when a token shadows the plugin", () => {
    const session = (kind: CloudSession['kind'], expiresAt: number): CloudSession => ({
      kind,
      file: `/home/u/.cache/${kind}.json`,
      expiresAt,
      match: {},
      users: ['dev'],
    });
    const both = [session('kubelogin', NOW + 5 * HOUR), session('aws-sso', NOW + 2 * HOUR)];
    const until = worksUntil(withSessions(subject(KUBELOGIN), both));
    expect(until).toEqual({
      at: new Date(NOW + 2 * HOUR).toISOString(),
      cause: 'AWS SSO session ends',
      rule: 'exec-credential-expiring',
    });
    expect(until && worksUntilLine(until, NOW)).toBe(
      'works until 2026-12-02 14:00 UTC (in 2 hours): AWS SSO session ends',
    );
    expect(until && worksUntilLine(until, NOW + 3 * HOUR)).toBe(
      'stopped working 2026-12-02 14:00 UTC (1 hour ago): AWS SSO session ends',
    );
    // A renewable kubelogin session whose renewal end is unknown: no end is claimed.
    const renewable = { ...session('kubelogin', NOW + HOUR), renewal: {} };
    expect(worksUntil(withSessions(subject(KUBELOGIN), [renewable]))).toBeUndefined();
    // kubectl sends the static token and never runs the plugin.
    const shadowed = subject(`    token: ${TOKEN}\n${KUBELOGIN}`);
    expect(worksUntil(withSessions(shadowed, both))).toBeUndefined();
  });
});
