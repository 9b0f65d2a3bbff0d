import { beforeAll, describe, expect, it } from 'vitest';
import tokenNotYetValid from '../../shared/rules/token-not-yet-valid';
import { seconds, serviceAccountToken, signJwt } from '../fixtures/jwt';
import { testRule } from '../support/rule-tester';
import { ENV, NOW } from '../support/rules';
import { commands, makeServiceAccountTokens, run, subject, type ServiceAccountTokens } from '../support/subjects/token';

let t: ServiceAccountTokens;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
});

testRule(tokenNotYetValid, {
  valid: [
    {
      name: 'up to 60 s of skew',
      subject: async () => subject({ token: await serviceAccountToken({ issuedAt: NOW + 30_000 }) }),
    },
    { name: 'a token issued before now', subject: () => subject({ token: t.freshSa }) },
  ],
  invalid: [
    {
      name: 'fires on a future iat when there is no nbf',
      subject: async () => {
        const iat = seconds(NOW + 5 * 60_000);
        return subject({
          token: await signJwt({ iss: 'https://accounts.example.com', sub: 'x', iat, exp: iat + 3600 }),
        });
      },
      findings: [{ detail: ['iat (issued at)'] }],
    },
  ],
});

describe('token-not-yet-valid', () => {
  it('fires when nbf is more than 60 s ahead, with clock fix steps', async () => {
    const token = await serviceAccountToken({ issuedAt: NOW + 10 * 60_000 });
    const [finding] = run(tokenNotYetValid, { token });
    expect(finding?.detail).toContain('nbf (not before) 2026-06-01 12:10 UTC (in 10 minutes), 10 minutes ahead');
    expect(finding?.evidence.aheadSeconds).toBe(600);
    expect(commands([finding])).toEqual(['timedatectl status', 'sudo chronyc makestep']);
    expect(commands(tokenNotYetValid.check(subject({ token }), { ...ENV, platform: 'darwin' }))).toEqual([
      'sudo sntp -sS time.apple.com',
    ]);
  });
});
