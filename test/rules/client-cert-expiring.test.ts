import { describe, expect, it } from 'vitest';
import clientCertExpiring from '../../shared/rules/client-cert-expiring';
import { DEFAULT_LEAD_TIMES, type RuleEnv } from '../../shared/rules/types';
import { DAY } from '../fixtures/pki';
import { testRule } from '../support/rule-tester';
import { commandsOf, ENV, NOW } from '../support/rules';
import { data, makeClientCerts, run, subject } from '../support/subjects/client-cert';

const c = makeClientCerts();

const leadTime = (certificate: number): RuleEnv => ({ ...ENV, leadTimes: { ...DEFAULT_LEAD_TIMES, certificate } });

testRule(clientCertExpiring, {
  valid: [
    { name: 'outside the default lead time', subject: () => subject({ user: data(c.later) }) },
    {
      name: 'outside a shorter configured lead time',
      subject: () => subject({ user: data(c.expiring) }),
      env: leadTime(2 * DAY),
    },
    { name: 'an expired certificate (client-cert-expired)', subject: () => subject({ user: data(c.expired) }) },
  ],
  invalid: [
    {
      name: 'fires once a longer lead time is configured',
      subject: () => subject({ user: data(c.later) }),
      env: leadTime(30 * DAY),
      findings: [{ expiresAt: new Date(NOW + 20 * DAY).toISOString() }],
    },
  ],
});

describe('client-cert-expiring', () => {
  it('fires inside the lead time, with the date in words', () => {
    const [finding, ...rest] = run(clientCertExpiring, { user: data(c.expiring) });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // warning
    expect(finding?.expiresAt).toBe(new Date(NOW + 5 * DAY).toISOString());
    expect(finding?.detail).toContain('expires 2026-06-06 12:00 UTC (in 5 days)');
    expect(finding?.evidence).toMatchObject({ subject: 'CN=alice, O=dev', issuer: 'CN=kubernetes' });
    expect(commandsOf(finding ? [finding] : [])).toContain(
      'openssl req -new -key alice.key -subj /CN=alice/O=dev -out alice.csr',
    );
  });
});
