import { expect, it } from 'vitest';
import execApiVersionUnsupported from '../../shared/rules/exec-api-version-unsupported';
import { testRule } from '../support/rule-tester';
import { runRule, subjectOf } from '../support/rules';
import { config, HOME, subject, V1, V1BETA1 } from '../support/subjects/exec-config';

testRule(execApiVersionUnsupported, {
  valid: [V1, V1BETA1, undefined].map((apiVersion) => ({
    name: `apiVersion ${apiVersion ?? 'missing (credentials-conflict)'}`,
    subject: () => subject({ command: 'x', apiVersion, interactiveMode: 'Never' }),
  })),
  invalid: [
    {
      name: 'fires for v1alpha1 with kubectl`s message and regenerates an EKS entry',
      subject: () =>
        subjectOf({
          sources: {
            [HOME]: config(
              {
                command: 'aws-iam-authenticator',
                apiVersion: 'client.authentication.k8s.io/v1alpha1',
                args: ['token', '-i', 'prod'],
              },
              '',
              'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
            ),
          },
        }),
      findings: [
        {
          detail: [
            'removed from kubectl/client-go in 1.24',
            'kubectl fails before running it: exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1".',
          ],
          commands: [
            'aws eks update-kubeconfig --name prod --region eu-west-1',
            'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
          ],
        },
      ],
    },
    {
      name: 'fires for an unknown version, offering v1beta1 for a generic plugin',
      subject: () => subject({ command: 'my-plugin', apiVersion: 'client.authentication.k8s.io/v2' }),
      findings: [
        {
          detail: ['kubectl knows only client.authentication.k8s.io/v1 and'],
          commands: [
            'kubectl auth whoami --context prod',
            'kubectl config --kubeconfig /home/u/.kube/config set-credentials prod --exec-api-version=client.authentication.k8s.io/v1beta1',
            'kubectl auth whoami --context prod',
          ],
        },
      ],
    },
  ],
});

it('asks first for a plugin no cloud CLI writes: fetch the entry again (recommended) or switch it to v1beta1', () => {
  const [draft] = runRule(
    execApiVersionUnsupported,
    subject({ command: 'my-plugin', apiVersion: 'client.authentication.k8s.io/v1alpha1' }),
  );
  expect(draft?.fix).toEqual([]);
  expect(draft?.paths?.map((p) => [p.id, p.steps.at(-1)?.command])).toEqual([
    ['refetch', 'kubectl auth whoami --context prod'],
    ['switch-version', 'kubectl auth whoami --context prod'],
  ]);
});
