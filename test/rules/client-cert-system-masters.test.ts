import { describe, expect, it } from 'vitest';
import clientCertSystemMasters from '../../shared/rules/client-cert-system-masters';
import { testRule } from '../support/rule-tester';
import { commandsOf } from '../support/rules';
import { data, makeClientCerts, run, subject } from '../support/subjects/client-cert';

const c = makeClientCerts();

testRule(clientCertSystemMasters, {
  valid: [{ name: 'other organisations', subject: () => subject({ user: data(c.valid) }) }],
});

describe('client-cert-system-masters', () => {
  it('fires for O=system:masters, with an RBAC binding and a CSR without system:masters', () => {
    const [finding, ...rest] = run(clientCertSystemMasters, { user: data(c.admin) });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // info
    expect(finding?.detail).toContain('puts kubernetes-admin in group system:masters');
    expect(finding?.detail).toContain('before it expires (2027-03-28 12:00 UTC)');
    expect(finding?.evidence).toMatchObject({ organizations: ['system:masters'], commonName: 'kubernetes-admin' });
    const commands = commandsOf(finding ? [finding] : []);
    expect(commands[0]).toBe(
      'kubectl create clusterrolebinding kubernetes-admin-admin --clusterrole=cluster-admin --user=kubernetes-admin',
    );
    expect(commands).toContain('openssl req -new -key alice.key -subj /CN=kubernetes-admin -out alice.csr');
  });
});
