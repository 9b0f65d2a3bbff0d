import { describe, expect, it } from 'vitest';
import serverForbidden from '../../shared/rules/server-forbidden';
import { testRule } from '../support/rule-tester';
import { commandsOf } from '../support/rules';
import { answered, QUIET_PROBES, run, subjectWith } from '../support/subjects/probe';

testRule(serverForbidden, {
  meta: { needs: 'probe' },
  valid: [...QUIET_PROBES, { name: 'a 401 (server-unauthorized)', subject: () => subjectWith({}, answered(401)) }],
});

describe('server-forbidden', () => {
  const rbac = (user: string) =>
    `selfsubjectreviews.authentication.k8s.io is forbidden: User "${user}" cannot create resource "selfsubjectreviews" in API group "authentication.k8s.io" at the cluster scope`;

  it('is RBAC, not authentication: info, with can-i and a RoleBinding for the user in the context namespace', () => {
    const findings = run(serverForbidden, { namespace: 'team-a' }, answered(403, { message: rbac('alice') }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBeUndefined();
    expect(serverForbidden.meta.severity).toBe('info');
    expect(findings[0]?.detail).toContain('knows who you are (alice)');
    expect(findings[0]?.detail).toContain('RBAC does not allow it');
    expect(findings[0]?.evidence.username).toBe('alice');
    expect(commandsOf(findings)).toEqual([
      'kubectl auth can-i --list --context prod -n team-a',
      'kubectl create rolebinding alice-view --clusterrole=view --user=alice -n team-a',
      'kubectl auth whoami --context prod',
    ]);
  });

  it('binds a ServiceAccount with --serviceaccount', () => {
    const findings = run(serverForbidden, {}, answered(403, { message: rbac('system:serviceaccount:ci:builder') }));
    expect(commandsOf(findings)).toContain(
      'kubectl create rolebinding system-serviceaccount-ci-builder-view --clusterrole=view --serviceaccount=ci:builder -n default',
    );
  });

  it('calls a 403 to system:anonymous what it is: no usable credential', () => {
    const findings = run(serverForbidden, {}, answered(403, { message: rbac('system:anonymous') }));
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.title).toBe('API server treats requests as anonymous');
    expect(commandsOf(findings)).not.toContain('kubectl auth can-i --list --context prod -n default');
  });
});
