import { describe, expect, it } from 'vitest';
import contextMissing from '../../shared/rules/context-missing';
import type { FindingDraft } from '../../shared/rules/types';
import { testRule } from '../support/rule-tester';
import { commandsOf, runRule } from '../support/rules';
import { snapshotFrom, type SnapshotInput } from '../support/snapshot';
import { CANARY, CONFIG, files, HOME, WORK } from '../support/subjects/kubeconfig';

const TWO = `apiVersion: v1
clusters:
- {name: dev, cluster: {server: "https://dev:6443"}}
- {name: prod, cluster: {server: "https://prod:6443"}}
users:
- {name: dev, user: {token: ${CANARY}}}
- {name: prod, user: {token: ${CANARY}}}
contexts:
- {name: broken, context: {cluster: gone, user: dev}}
- {name: dev, context: {cluster: dev, user: dev}}
- {name: Prod, context: {cluster: prod, user: prod}}
`;
const check = (input: SnapshotInput) => runRule(contextMissing, snapshotFrom(input));

testRule(contextMissing, {
  valid: [
    { name: 'the current context exists', subject: files({ sources: { [HOME]: CONFIG } }) },
    // Defers to kubeconfig-invalid / -unreadable when a file is broken or nothing loaded.
    { name: 'a broken file (kubeconfig-invalid)', subject: files({ sources: { [HOME]: TWO, [WORK]: 'a: [' } }) },
    {
      name: 'an unreadable file (kubeconfig-unreadable)',
      subject: files({ sources: { [HOME]: TWO, [WORK]: { state: 'directory' } } }),
    },
    { name: 'nothing loaded (kubeconfig-unreadable)', subject: files({ sources: { [HOME]: { state: 'missing' } } }) },
  ],
  invalid: [
    {
      name: 'offers the first usable context when current-context is unset, once for the config',
      subject: files({ sources: { [HOME]: TWO, [WORK]: TWO.replace(/dev/g, 'qa') } }),
      findings: [
        {
          title: 'No current context',
          detail: ['localhost:8080'],
          // The other contexts are a choice within the step, usable ones first, not a hint in its title.
          steps: [
            {
              title: 'Switch to the context you choose',
              command: 'kubectl config use-context dev',
              action: { kind: 'use-context', context: 'dev' },
              choice: {
                label: 'Context',
                options: ['dev', 'Prod', 'qa', 'broken'].map((context) => ({
                  value: context,
                  command: `kubectl config use-context ${context}`,
                  action: { kind: 'use-context', context },
                })),
              },
            },
          ],
        },
      ],
      secrets: [CANARY],
    },
  ],
});

describe('context-missing', () => {
  it('says where a current-context that names no context was set, and prefers a same-named context', () => {
    const [finding] = check({ sources: { [HOME]: `${TWO}current-context: prod\n` } });
    expect(finding?.detail).toContain('context was not found for specified context: prod');
    expect(finding?.evidence).toEqual({ currentContext: 'prod', contexts: ['broken', 'dev', 'Prod'], source: HOME });
    expect(finding?.fix[0]?.action).toEqual({ kind: 'use-context', context: 'Prod' });
    expect(finding?.fix[0]?.choice?.options.map((o) => o.value)).toEqual(['Prod', 'dev', 'broken']);
  });

  it('names the one context there is, with no choice to make', () => {
    const one = TWO.replace(/- \{name: (broken|Prod), context.*\n/g, '');
    const [finding] = check({ sources: { [HOME]: one } });
    expect(finding?.fix).toEqual([
      {
        title: 'Switch to context dev',
        command: 'kubectl config use-context dev',
        action: { kind: 'use-context', context: 'dev' },
      },
    ]);
  });

  it('says so when there are no contexts, and builds one from the only cluster and user', () => {
    const bare = `apiVersion: v1
clusters: [{name: lab, cluster: {server: "https://lab:6443"}}]
users: [{name: me, user: {token: ${CANARY}}}]
`;
    const [finding] = check({ sources: { [HOME]: bare } });
    expect(finding?.title).toBe('No contexts in the kubeconfig');
    expect(commandsOf([finding as FindingDraft])).toEqual([
      'kubectl config --kubeconfig /home/u/.kube/config set-context lab --cluster=lab --user=me && kubectl config use-context lab',
    ]);
    const [empty] = check({ sources: { [HOME]: '' } });
    expect(empty?.fix[0]?.command).toBeUndefined();
  });
});
