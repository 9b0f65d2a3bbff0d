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
      [
        'kubectl --context dev apply -f - <<EOF',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRoleBinding',
        'metadata:',
        '  name: "kubernetes-admin-cluster-admin"',
        'roleRef:',
        '  apiGroup: rbac.authorization.k8s.io',
        '  kind: ClusterRole',
        '  name: cluster-admin',
        'subjects:',
        '- apiGroup: rbac.authorization.k8s.io',
        '  kind: User',
        '  name: "kubernetes-admin"',
        'EOF',
      ].join('\n'),
    );
    expect(commands).toContain(
      'openssl req -new -newkey rsa:2048 -nodes -keyout alice.key -subj /CN=kubernetes-admin -out alice.csr',
    );
  });
});
