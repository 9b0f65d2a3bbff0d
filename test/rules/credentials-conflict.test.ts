import { describe, expect, it } from 'vitest';
import credentialsConflict from '../../shared/rules/credentials-conflict';
import { testRule } from '../support/rule-tester';
import { ENV } from '../support/rules';
import { AWS_EXEC, KEY_DATA, OIDC, PASSWORD, run, subject, TOKEN } from '../support/subjects/credentials';

testRule(credentialsConflict, {
  valid: [
    { name: 'a token', subject: () => subject(`    token: ${TOKEN}`) },
    { name: 'an exec plugin', subject: () => subject(AWS_EXEC) },
    {
      name: 'an exec plugin and a token (credential-shadowed)',
      subject: () => subject(`${AWS_EXEC}\n    token: ${TOKEN}`),
    },
    {
      name: 'a key without certificate (credentials-missing)',
      subject: () => subject(`    client-key-data: ${KEY_DATA}`),
    },
    {
      name: 'exec v1 without interactiveMode (exec-config-invalid)',
      subject: () => subject('    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}'),
    },
  ],
  invalid: [
    {
      name: 'quotes kubectl for token + basic auth and removes the basic auth',
      subject: () => subject(`    token: ${TOKEN}\n    username: admin\n    password: ${PASSWORD}`),
      findings: [
        {
          detail: ['"more than one authentication method found for dev; found [token basicAuth], only one is allowed"'],
          evidenceMatching: { problems: ['token-and-basic'] },
          commands: [
            'kubectl config --kubeconfig /home/u/.kube/config unset users.dev.username',
            'kubectl config --kubeconfig /home/u/.kube/config unset users.dev.password',
          ],
        },
      ],
      secrets: [TOKEN, PASSWORD],
    },
    {
      name: 'drops a leftover certificate beside a plugin',
      subject: () => subject(`${AWS_EXEC}\n    client-certificate-data: eA==`),
      findings: [
        {
          evidenceMatching: { problems: ['cert-without-key'] },
          commands: ['kubectl config --kubeconfig /home/u/.kube/config unset users.dev.client-certificate-data'],
        },
      ],
    },
    {
      name: 'keeps the *-data field kubectl would use when both forms are set',
      subject: () =>
        subject(
          `    client-certificate: /c\n    client-certificate-data: eA==\n    client-key: /k\n    client-key-data: ${KEY_DATA}`,
        ),
      findings: [
        {
          evidenceMatching: { problems: ['cert-file-and-data', 'key-file-and-data'] },
          commands: [
            'kubectl config --kubeconfig /home/u/.kube/config unset users.dev.client-certificate',
            'kubectl config --kubeconfig /home/u/.kube/config unset users.dev.client-key',
          ],
        },
      ],
    },
    {
      name: 'reports an exec plugin beside an auth-provider',
      subject: () => subject(`${AWS_EXEC}\n${OIDC}`),
      findings: [
        {
          evidenceMatching: { problems: ['exec-and-auth-provider'] },
          commands: ['kubectl config --kubeconfig /home/u/.kube/config unset users.dev.auth-provider'],
        },
      ],
      secrets: [TOKEN],
    },
    {
      name: 'reports an exec plugin without apiVersion',
      subject: () => subject('    exec: {command: aws, args: [eks, get-token]}'),
      findings: [
        {
          evidenceMatching: { problems: ['exec-without-api-version'] },
          commands: [
            'kubectl config --kubeconfig /home/u/.kube/config set-credentials dev --exec-api-version=client.authentication.k8s.io/v1beta1',
          ],
        },
      ],
    },
  ],
});

describe('credentials-conflict', () => {
  it('asks first for a lone certificate: put its key back, or fetch the entry again', () => {
    const context = 'arn:aws:eks:us-east-1:123456789012:cluster/dev';
    const lone = run(credentialsConflict, '    client-certificate: /etc/k8s/dev.crt', ENV, context);
    expect(lone[0]?.paths?.map((p) => [p.id, p.steps.map((s) => s.command)])).toEqual([
      [
        'restore-key',
        [
          'kubectl config --kubeconfig /home/u/.kube/config set-credentials dev --client-key=<KEY_FILE> --embed-certs',
          `kubectl auth whoami --context ${context}`,
        ],
      ],
      [
        'refetch',
        ['aws eks update-kubeconfig --name dev --region us-east-1', `kubectl auth whoami --context ${context}`],
      ],
    ]);
  });
});
