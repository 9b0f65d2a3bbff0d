import { describe, expect, it } from 'vitest';
import execConfigInvalid from '../../shared/rules/exec-config-invalid';
import { testRule } from '../support/rule-tester';
import { commandsOf, runRule } from '../support/rules';
import { subject, V1, V1BETA1, type Exec } from '../support/subjects/exec-config';

const QUIET: Exec[] = [
  // v1beta1 without interactiveMode: it defaults.
  { command: 'x', apiVersion: V1BETA1 },
  { command: 'x', apiVersion: V1, interactiveMode: 'Never' },
  { command: 'x', apiVersion: V1, interactiveMode: 'IfAvailable' },
  { command: 'x', apiVersion: V1, interactiveMode: 'Always' },
  // Unknown apiVersions are exec-api-version-unsupported's.
  { command: 'x', apiVersion: 'client.authentication.k8s.io/v1alpha1' },
  { command: 'x' },
];

testRule(execConfigInvalid, {
  valid: QUIET.map((exec) => ({ name: JSON.stringify(exec), subject: () => subject(exec) })),
  invalid: [
    {
      name: 'fires for a value other than Never/IfAvailable/Always',
      subject: () => subject({ command: 'x', apiVersion: V1BETA1, interactiveMode: 'Sometimes' }),
      findings: [
        {
          detail: ['kubectl refuses the entry: invalid interactiveMode for prod: "Sometimes".'],
          evidenceMatching: { interactiveMode: 'Sometimes' },
        },
      ],
    },
  ],
});

describe('exec-config-invalid', () => {
  it('fires for v1 without interactiveMode', () => {
    const findings = runRule(execConfigInvalid, subject({ command: 'x', apiVersion: V1 }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain(
      'kubectl refuses the entry: interactiveMode must be specified for prod to use exec authentication plugin.',
    );
    expect(commandsOf(findings)[0]).toBe(
      'kubectl config --kubeconfig /home/u/.kube/config set-credentials prod --exec-interactive-mode=IfAvailable',
    );
  });
});
