import { beforeAll, describe, expect, it } from 'vitest';
import tokenExpiring from '../../shared/rules/token-expiring';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { oidcIdToken, seconds, serviceAccountToken } from '../fixtures/jwt';
import { testRule } from '../support/rule-tester';
import { ENV, NOW } from '../support/rules';
import {
  commands,
  DAY,
  HOUR,
  makeServiceAccountTokens,
  run,
  subject,
  type ServiceAccountTokens,
} from '../support/subjects/token';

let t: ServiceAccountTokens;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
});

const thirtyDays = 30 * DAY;
const OIDC = { 'idp-issuer-url': 'https://accounts.example.com', 'client-id': 'kubernetes' };

testRule(tokenExpiring, {
  valid: [
    {
      name: 'a short-lived token with 20 minutes left',
      subject: async () => subject({ token: await serviceAccountToken({ issuedAt: NOW - 40 * 60_000 }) }),
    },
    { name: 'a token already expired', subject: () => subject({ token: t.expiredSa }) },
    {
      name: 'a long-lived token with 30 hours left',
      subject: async () =>
        subject({
          token: await serviceAccountToken({ issuedAt: NOW - thirtyDays + 30 * HOUR, lifetime: thirtyDays }),
        }),
    },
    {
      name: 'an extended token before its warnafter comes near',
      subject: async () =>
        subject({ token: await serviceAccountToken({ issuedAt: NOW, lifetime: 365 * DAY, warnAfter: NOW + HOUR }) }),
    },
    {
      name: 'an OIDC id-token with a refresh-token',
      subject: async () => {
        const idToken = await oidcIdToken({ issuedAt: NOW - 55 * 60_000 });
        const config = { ...OIDC, 'id-token': idToken, 'refresh-token': 'r3fr3sh' };
        return subject({ 'auth-provider': { name: 'oidc', config } });
      },
    },
  ],
  invalid: [
    {
      name: 'warns 24 hours ahead for a long-lived token',
      subject: async () =>
        subject({
          token: await serviceAccountToken({ issuedAt: NOW - thirtyDays + 20 * HOUR, lifetime: thirtyDays }),
        }),
      findings: [{}],
    },
    {
      name: 'honours configured expiry warning windows',
      subject: async () =>
        subject({
          token: await serviceAccountToken({ issuedAt: NOW - thirtyDays + 30 * HOUR, lifetime: thirtyDays }),
        }),
      env: { ...ENV, expiryWarningWindows: { ...DEFAULT_EXPIRY_WARNING_WINDOWS, token: 2 * DAY } },
      findings: [{}],
    },
  ],
});

describe('token-expiring', () => {
  it('warns 10 minutes ahead for a short-lived token', () => {
    const [finding] = run(tokenExpiring, { token: t.expiringSa });
    expect(finding?.expiresAt).toBe(new Date(NOW + 5 * 60_000).toISOString());
    expect(finding?.detail).toContain('expires 2026-06-01 12:05 UTC (in 5 minutes)');
    expect(finding?.fix[0]?.title).toContain('(kubectl create token deployer -n prod --duration=1h)');
  });

  it('asks for a new token as long-lived as the old one (its iat to exp), not a fixed hour', async () => {
    const token = await serviceAccountToken({ issuedAt: NOW - 30 * DAY + 20 * HOUR, lifetime: 30 * DAY });
    const [finding] = run(tokenExpiring, { token });
    expect(finding?.fix[0]?.title).toContain('(kubectl create token deployer -n prod --duration=720h)');
  });

  it('says when an extended Pod token goes stale (warnafter), long before its exp', async () => {
    const issuedAt = NOW - 2 * HOUR;
    const token = await serviceAccountToken({
      issuedAt,
      lifetime: 365 * DAY,
      warnAfter: issuedAt + HOUR,
      pod: { name: 'web-0', uid: 'p1' },
    });
    const [finding] = run(tokenExpiring, { token });
    expect(finding?.expiresAt).toBe(new Date(issuedAt + 365 * DAY).toISOString());
    expect(finding?.detail).toContain('goes stale at its warnafter, 2026-06-01 11:00 UTC (1 hour ago)');
    expect(finding?.detail).toContain('Pod prod/web-0 is deleted');
    expect(finding?.evidence).toMatchObject({ warnafter: seconds(issuedAt + HOUR), pod: 'web-0' });
  });

  it('warns for an OIDC id-token without a refresh-token', async () => {
    const idToken = await oidcIdToken({ issuedAt: NOW - 55 * 60_000 });
    const config = { ...OIDC, 'id-token': idToken };
    const [finding] = run(tokenExpiring, { 'auth-provider': { name: 'oidc', config } });
    expect(finding?.evidence.source).toBe('oidc-id-token');
    expect(commands([finding])[0]).toBe(
      'kubectl oidc-login get-token --oidc-issuer-url=https://accounts.example.com --oidc-client-id=kubernetes',
    );
  });
});
