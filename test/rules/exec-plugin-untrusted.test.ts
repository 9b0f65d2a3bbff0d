import { describe, expect, it } from 'vitest';
import execPluginUntrusted from '../../shared/rules/exec-plugin-untrusted';
import { expectFindings, testRule } from '../support/rule-tester';
import { execRunFindings, subjectWith } from '../support/subjects/exec-run';

testRule(execPluginUntrusted, {
  meta: { needs: 'exec' },
  valid: [{ name: 'offline: the plugin did not run', subject: () => subjectWith(undefined) }],
});

describe('exec-plugin-untrusted', () => {
  it('offers "Approve and check" in place, whose command-line equivalent is a check', () => {
    const out = execRunFindings({ state: 'skipped', reason: 'untrusted' });
    expect(Object.keys(out)).toEqual(['exec-plugin-untrusted']);
    const findings = out['exec-plugin-untrusted'] ?? [];
    expectFindings(findings, [
      { commands: ['kubeward check --context arn:aws:eks:eu-west-1:123456789012:cluster/prod'] },
    ]);
    expect(findings[0]?.fix).toEqual([
      {
        title:
          'Approve aws --region eu-west-1 eks get-token --cluster-name prod --output json so the monitor may run it on schedule, and check it now',
        command: 'kubeward check --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
        action: { kind: 'approve-plugin', context: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod' },
      },
    ]);
  });

  it.each(['interactive', 'backoff', 'missing', 'shadowed', 'invalid-config'] as const)(
    'is silent when skipped as %s',
    (reason) => {
      expect(execRunFindings({ state: 'skipped', reason })).toEqual({});
    },
  );
});
