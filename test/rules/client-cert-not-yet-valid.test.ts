import { describe, expect, it } from 'vitest';
import clientCertNotYetValid from '../../shared/rules/client-cert-not-yet-valid';
import { DAY } from '../fixtures/pki';
import { testRule } from '../support/rule-tester';
import { commandsOf, ENV, NOW } from '../support/rules';
import { data, HOUR, makeClientCerts, run, subject } from '../support/subjects/client-cert';

const c = makeClientCerts();

testRule(clientCertNotYetValid, {
  valid: [
    { name: 'a certificate already valid', subject: () => subject({ user: data(c.valid) }) },
    {
      name: 'once notBefore has passed',
      subject: () => subject({ user: data(c.notYet) }),
      env: { ...ENV, now: NOW + 3 * HOUR },
    },
  ],
});

describe('client-cert-not-yet-valid', () => {
  it('fires for a notBefore in the future, with clock steps first', () => {
    const [finding, ...rest] = run(clientCertNotYetValid, { user: data(c.notYet) });
    expect(rest).toEqual([]);
    expect(finding?.detail).toContain('is not valid before 2026-06-01 15:00 UTC (in 3 hours), 3 hours ahead');
    expect(finding?.evidence).toMatchObject({ aheadSeconds: 3 * 3600, notBefore: '2026-06-01T15:00:00.000Z' });
    expect(finding?.expiresAt).toBe(new Date(NOW + 365 * DAY).toISOString());
    expect(finding?.paths?.map((p) => p.id)).toEqual(['clock', 'kubeadm', 'admin']);
    expect(commandsOf(finding ? [finding] : []).slice(0, 2)).toEqual(['timedatectl status', 'sudo chronyc makestep']);
  });
});
