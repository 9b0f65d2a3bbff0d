import { describe, expect, it } from 'vitest';
import clientCertExpiring from '../../shared/rules/client-cert-expiring';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import type { RuleEnv } from '../../shared/rules/types';
import { DAY } from '../fixtures/pki';
import { testRule } from '../support/rule-tester';
import { commandsOf, ENV, NOW } from '../support/rules';
import { data, makeClientCerts, run, subject } from '../support/subjects/client-cert';

const c = makeClientCerts();

const warningWindow = (certificate: number): RuleEnv => ({
  ...ENV,
  expiryWarningWindows: { ...DEFAULT_EXPIRY_WARNING_WINDOWS, certificate },
});

testRule(clientCertExpiring, {
  valid: [
    { name: 'outside the default expiry warning window', subject: () => subject({ user: data(c.later) }) },
    {
      name: 'outside a shorter configured expiry warning window',
      subject: () => subject({ user: data(c.expiring) }),
      env: warningWindow(2 * DAY),
    },
    { name: 'an expired certificate (client-cert-expired)', subject: () => subject({ user: data(c.expired) }) },
  ],
  invalid: [
    {
      name: 'fires once a longer expiry warning window is configured',
      subject: () => subject({ user: data(c.later) }),
      env: warningWindow(30 * DAY),
      findings: [{ expiresAt: new Date(NOW + 20 * DAY).toISOString() }],
    },
  ],
});

describe('client-cert-expiring', () => {
  it('fires inside the expiry warning window, with the date in words', () => {
    const [finding, ...rest] = run(clientCertExpiring, { user: data(c.expiring) });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // warning
    expect(finding?.expiresAt).toBe(new Date(NOW + 5 * DAY).toISOString());
    expect(finding?.detail).toContain('expires 2026-06-06 12:00 UTC (in 5 days)');
    expect(finding?.evidence).toMatchObject({ subject: 'CN=alice, O=dev', issuer: 'CN=kubernetes' });
    // Renew now first: kubeward does it with this context's own certificate.
    expect(finding?.paths?.map((p) => p.id)).toEqual(['renew', 'kubeadm', 'admin']);
    expect(finding?.paths?.[0]?.steps).toEqual([
      {
        title: 'Renew the certificate of user alice',
        command: 'kubeward fix client-cert-expiring --context dev --path renew',
        action: { kind: 'renew-client-cert', context: 'dev' },
      },
    ]);
    expect(commandsOf(finding ? [finding] : [])).toContain(
      'openssl req -new -newkey rsa:2048 -nodes -keyout alice.key -subj /CN=alice/O=dev -out alice.csr',
    );
  });
});
