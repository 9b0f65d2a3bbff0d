import credentialShadowed from '../../shared/rules/credential-shadowed';
import { testRule } from '../support/rule-tester';
import { AWS_EXEC, KEY_DATA, OIDC, PASSWORD, subject, TOKEN } from '../support/subjects/credentials';

testRule(credentialShadowed, {
  valid: [
    { name: 'a plugin alone', subject: () => subject(AWS_EXEC) },
    { name: 'a password without username', subject: () => subject(`${AWS_EXEC}\n    password: ${PASSWORD}`) },
    { name: 'a certificate without key', subject: () => subject(`${AWS_EXEC}\n    client-certificate-data: eA==`) },
    {
      name: 'oidc beside a client certificate',
      subject: () => subject(`${OIDC}\n    client-certificate-data: eA==\n    client-key-data: ${KEY_DATA}`),
    },
  ],
  invalid: [
    {
      name: 'says the token wins over the exec plugin, naming both, and removes the token',
      subject: () => subject(`${AWS_EXEC}\n    token: ${TOKEN}`),
      findings: [
        {
          evidence: {
            context: 'dev',
            user: 'dev',
            configured: 'exec',
            command: 'aws',
            wins: ['token'],
            winningFields: ['token'],
          },
          detail: ['kubectl sends the bearer token and never runs the exec plugin aws'],
          commands: ['kubectl config --kubeconfig /home/u/.kube/config unset users.dev.token'],
        },
      ],
      secrets: [TOKEN],
    },
    {
      name: 'names a full client certificate as the winner over exec',
      subject: () => subject(`${AWS_EXEC}\n    client-certificate-data: eA==\n    client-key-data: ${KEY_DATA}`),
      findings: [
        {
          evidenceMatching: {
            wins: ['client-certificate'],
            winningFields: ['client-certificate-data', 'client-key-data'],
          },
        },
      ],
      secrets: [KEY_DATA],
    },
    {
      name: 'shadows oidc behind basic auth',
      subject: () => subject(`${OIDC}\n    username: admin\n    password: ${PASSWORD}`),
      findings: [{ evidenceMatching: { configured: 'oidc', authProvider: 'oidc', wins: ['basic'] } }],
      secrets: [PASSWORD, TOKEN],
    },
  ],
});
