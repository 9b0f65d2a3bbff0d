import { describe, expect, it } from 'vitest';
import execPluginUntrusted from '../../shared/rules/exec-plugin-untrusted';
import { expectFindings, testRule } from '../support/rule-tester';
import { execRunFindings, subjectWith } from '../support/subjects/exec-run';

testRule(execPluginUntrusted, {
  meta: { needs: 'exec' },
  valid: [{ name: 'offline: the plugin did not run', subject: () => subjectWith(undefined) }],
});

describe('exec-plugin-untrusted', () => {
  it('asks to approve the plugin once, and offers the CLI check', () => {
    const out = execRunFindings({ state: 'skipped', reason: 'untrusted' });
    expect(Object.keys(out)).toEqual(['exec-plugin-untrusted']);
    const findings = out['exec-plugin-untrusted'] ?? [];
    expectFindings(findings, [
      { commands: ['kubeward check --context arn:aws:eks:eu-west-1:123456789012:cluster/prod'] },
    ]);
    expect(findings[0]?.fix[0]?.title).toBe(
      'Approve aws --region eu-west-1 eks get-token --cluster-name prod --output json once in Kubeward, so the monitor may run it on schedule',
    );
  });

  it.each(['interactive', 'backoff', 'missing', 'shadowed', 'invalid-config'] as const)(
    'is silent when skipped as %s',
    (reason) => {
      expect(execRunFindings({ state: 'skipped', reason })).toEqual({});
    },
  );
});
