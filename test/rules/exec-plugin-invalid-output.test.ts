import { describe, expect, it } from 'vitest';
import type { ExecRun } from '../../shared/facts';
import execPluginInvalidOutput from '../../shared/rules/exec-plugin-invalid-output';
import { expectFindings, testRule } from '../support/rule-tester';
import { commandsOf } from '../support/rules';
import { execRunFindings, subjectWith } from '../support/subjects/exec-run';

testRule(execPluginInvalidOutput, {
  meta: { needs: 'exec' },
  valid: [{ name: 'offline: the plugin did not run', subject: () => subjectWith(undefined) }],
});

describe('exec-plugin-invalid-output', () => {
  it('explains the reason and regenerates the entry with the cloud CLI', () => {
    const run: ExecRun = {
      state: 'invalid-output',
      reason: 'stdout is not a JSON (or YAML) object (12 bytes)',
      stderrTail: '',
      durationMs: 30,
    };
    const out = execRunFindings(run);
    expect(Object.keys(out)).toEqual(['exec-plugin-invalid-output']);
    const findings = out['exec-plugin-invalid-output'] ?? [];
    expectFindings(findings, [
      { detail: ['kubectl cannot use what it printed: stdout is not a JSON (or YAML) object (12 bytes)'] },
    ]);
    const [finding] = findings;
    expect(commandsOf(finding ? [finding] : [])[0]).toBe(
      'aws eks update-kubeconfig --name prod --region eu-west-1 --profile prod-admin',
    );
    // Regenerate the entry, or update the plugin: two ways, asked first, each ending with kubectl running it.
    expect(finding?.paths?.map((p) => [p.id, p.steps.at(-1)?.command])).toEqual([
      ['refetch', 'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod'],
      ['update', 'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod'],
    ]);
  });
});
