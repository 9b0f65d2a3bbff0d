import { describe, expect, it } from 'vitest';
import contextDangling from '../../shared/rules/context-dangling';
import { testRule } from '../support/rule-tester';
import { commandsOf, runRule, subjectOf } from '../support/rules';
import { CANARY, HOME } from '../support/subjects/kubeconfig';

const CONFIG = `apiVersion: v1
clusters:
- {name: prod, cluster: {server: "https://prod:6443"}}
- {name: prod-new, cluster: {server: "https://prod2:6443"}}
users:
- {name: admin, user: {token: ${CANARY}}}
contexts:
- {name: ok, context: {cluster: prod, user: admin}}
- {name: lost-cluster, context: {cluster: prod-old, user: admin}}
- {name: lost-user, context: {cluster: prod, user: ghost}}
- {name: no-cluster, context: {user: admin}}
- {name: no-user, context: {cluster: prod}}
`;
const context = (name: string) => () => subjectOf({ sources: { [HOME]: CONFIG } }, name);

testRule(contextDangling, {
  valid: [
    { name: 'a context whose entries exist', subject: context('ok') },
    { name: 'a context without a user (credentials-missing)', subject: context('no-user') },
  ],
  invalid: [
    {
      name: 'names the undefined cluster and suggests the one no context uses',
      subject: context('lost-cluster'),
      findings: [
        {
          evidence: { context: 'lost-cluster', source: HOME, missing: 'cluster', name: 'prod-old' },
          detail: ['names cluster "prod-old", which no kubeconfig file defines', 'localhost:8080'],
          commands: [
            'kubectl config --kubeconfig /home/u/.kube/config set-context lost-cluster --cluster=prod-new',
            'kubectl auth whoami --context lost-cluster',
            'kubectl config --kubeconfig /home/u/.kube/config delete-context lost-cluster',
            'kubectl config --kubeconfig /home/u/.kube/config get-contexts',
          ],
        },
      ],
    },
  ],
});

describe('context-dangling', () => {
  it("asks first: repoint (the user's own entries), or delete, which kubeward can do itself; each way ends with its check", () => {
    const [finding] = runRule(contextDangling, context('lost-cluster')());
    expect(finding?.fix).toEqual([]);
    expect(finding?.paths?.map((p) => [p.id, p.steps.map((s) => s.action?.kind ?? 'manual')])).toEqual([
      ['choose-cluster', ['manual', 'manual']],
      ['delete', ['delete-context', 'manual']],
    ]);
    expect(finding?.paths?.[1]?.steps[0]).toMatchObject({
      title: `Delete context lost-cluster from ${HOME}`,
      action: { kind: 'delete-context', context: 'lost-cluster', kubeconfig: HOME },
    });
    // No "Or …" step is left: an alternative is a path, never a step of another.
    expect(finding?.paths?.flatMap((p) => p.steps).filter((s) => /^Or\b/.test(s.title))).toEqual([]);
  });

  it('is a plain fix when deleting is the only way: nothing to point at, no provider to fetch from', () => {
    const lonely = `apiVersion: v1
contexts:
- {name: orphan, context: {cluster: gone}}
`;
    const [finding] = runRule(contextDangling, subjectOf({ sources: { [HOME]: lonely } }, 'orphan'));
    expect(finding?.paths).toBeUndefined();
    expect(finding?.fix.map((s) => s.action?.kind ?? s.command)).toEqual([
      'delete-context',
      `kubectl config --kubeconfig ${HOME} get-contexts`,
    ]);
  });

  it('names the undefined user, and offers the defined ones as a choice when none is an obvious pick', () => {
    const findings = runRule(contextDangling, context('lost-user')());
    expect(findings[0]?.detail).toContain('names user "ghost"');
    expect(findings[0]?.detail).toContain('anonymous');
    // No placeholder to edit: each defined user is a choice with its own command.
    expect(findings[0]?.paths?.[0]?.id).toBe('choose-user');
    expect(findings[0]?.paths?.[0]?.steps[0]).toEqual({
      title: 'Point context lost-user at the user you choose',
      command: 'kubectl config --kubeconfig /home/u/.kube/config set-context lost-user --user=admin',
      choice: {
        label: 'User',
        options: [
          {
            value: 'admin',
            command: 'kubectl config --kubeconfig /home/u/.kube/config set-context lost-user --user=admin',
          },
        ],
      },
    });
  });

  it('reports a context with no cluster at all', () => {
    expect(runRule(contextDangling, context('no-cluster')())[0]?.title).toBe('Context has no cluster');
  });

  it("recommends fetching a cloud context's entries again, which kubeward runs where the kubeconfig names cluster and region", () => {
    const eks = `apiVersion: v1
contexts:
- name: arn:aws:eks:us-east-1:123456789012:cluster/shop
  context: {cluster: "arn:aws:eks:us-east-1:123456789012:cluster/shop", user: "arn:aws:eks:us-east-1:123456789012:cluster/shop"}
`;
    const findings = runRule(contextDangling, subjectOf({ sources: { [HOME]: eks } }));
    expect(findings.map((f) => f.evidence.missing)).toEqual(['cluster', 'user']);
    expect(commandsOf(findings)).toContain('aws eks update-kubeconfig --name shop --region us-east-1');
    // Nothing else is defined to point at: fetch again, or delete.
    expect(findings[0]?.paths?.map((p) => p.id)).toEqual(['refetch', 'delete']);
    expect(findings[0]?.paths?.[0]?.steps.at(-1)?.command).toBe(
      'kubectl auth whoami --context arn:aws:eks:us-east-1:123456789012:cluster/shop',
    );
    expect(findings[0]?.paths?.[0]?.steps[0]?.action).toEqual({
      kind: 'run',
      program: 'aws',
      args: ['eks', 'update-kubeconfig', '--name', 'shop', '--region', 'us-east-1'],
    });
  });
});
