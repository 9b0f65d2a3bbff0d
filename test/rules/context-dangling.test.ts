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
            'kubectl config --kubeconfig /home/u/.kube/config delete-context lost-cluster',
          ],
        },
      ],
    },
  ],
});

describe('context-dangling', () => {
  it("repoints first (the user's own call), and deletes as the second option, which kubeward can do itself", () => {
    const findings = runRule(contextDangling, context('lost-cluster')());
    expect(findings[0]?.fix.map((s) => s.action)).toEqual([
      undefined,
      { kind: 'delete-context', context: 'lost-cluster', kubeconfig: HOME },
    ]);
  });

  it('names the undefined user, and offers the defined ones as a choice when none is an obvious pick', () => {
    const findings = runRule(contextDangling, context('lost-user')());
    expect(findings[0]?.detail).toContain('names user "ghost"');
    expect(findings[0]?.detail).toContain('anonymous');
    // No placeholder to edit: each defined user is a choice with its own command.
    expect(findings[0]?.fix[0]).toEqual({
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

  it('adds the re-fetch command for a provider context', () => {
    const eks = `apiVersion: v1
contexts:
- name: arn:aws:eks:us-east-1:123456789012:cluster/shop
  context: {cluster: "arn:aws:eks:us-east-1:123456789012:cluster/shop", user: "arn:aws:eks:us-east-1:123456789012:cluster/shop"}
`;
    const findings = runRule(contextDangling, subjectOf({ sources: { [HOME]: eks } }));
    expect(findings.map((f) => f.evidence.missing)).toEqual(['cluster', 'user']);
    expect(commandsOf(findings)).toContain('aws eks update-kubeconfig --name shop --region us-east-1');
    expect(findings[0]?.fix.at(-1)?.action).toEqual({
      kind: 'run',
      program: 'aws',
      args: ['eks', 'update-kubeconfig', '--name', 'shop', '--region', 'us-east-1'],
    });
  });
});
