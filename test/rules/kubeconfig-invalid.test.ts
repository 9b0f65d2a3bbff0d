import { describe, expect, it } from 'vitest';
import kubeconfigInvalid from '../../shared/rules/kubeconfig-invalid';
import { testRule } from '../support/rule-tester';
import { commandsOf, runRule } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { CANARY, CONFIG, files, HOME, WORK } from '../support/subjects/kubeconfig';

testRule(kubeconfigInvalid, {
  valid: [
    { name: 'valid and unread files', subject: files({ sources: { [HOME]: CONFIG, [WORK]: { state: 'missing' } } }) },
  ],
  invalid: [
    {
      name: 'reports a schema error (a kubectl boolean where a string belongs) without the value',
      subject: files({
        sources: { [HOME]: CONFIG.replace(`user: {token: ${CANARY}}`, `user: {token: ${CANARY}, username: yes}`) },
      }),
      findings: [{ detail: ['kubectl refuses to load it'] }],
      secrets: [CANARY],
    },
  ],
});

describe('kubeconfig-invalid', () => {
  it('reports message, line and column of a YAML error, and that no context loads', () => {
    const broken = 'apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: [\n';
    const findings = runRule(kubeconfigInvalid, snapshotFrom({ sources: { [WORK]: broken, [HOME]: CONFIG } }));
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.evidence.path).toBe(WORK);
    expect(finding?.evidence.line).toBe(5);
    expect(typeof finding?.evidence.column).toBe('number');
    expect(finding?.detail).toMatch(/^\/home\/u\/work\.yaml:5:\d+: not valid YAML/);
    expect(finding?.detail).toContain('kubectl refuses to load ANY context while one file in the list is broken');
    expect(commandsOf(findings)).toEqual([
      '${EDITOR:-vi} +5 /home/u/work.yaml',
      'kubectl config view --kubeconfig /home/u/work.yaml >/dev/null',
      'kubectl config view --kubeconfig /home/u/work.yaml >/dev/null',
    ]);
  });

  it('asks first: fix the file (recommended) or restore it from a backup, each ending with kubectl reading it', () => {
    const [finding] = runRule(
      kubeconfigInvalid,
      snapshotFrom({ sources: { [HOME]: 'apiVersion: v1\nclusters: [\n' } }),
    );
    expect(finding?.fix.length).toBe(0);
    expect(finding?.paths?.map((p) => [p.id, p.steps.at(-1)?.command])).toEqual([
      ['edit', `kubectl config view --kubeconfig ${HOME} >/dev/null`],
      ['restore', `kubectl config view --kubeconfig ${HOME} >/dev/null`],
    ]);
  });
});
