import basicAuthRemoved from '../../shared/rules/basic-auth-removed';
import { testRule } from '../support/rule-tester';
import { PASSWORD, subject, TOKEN } from '../support/subjects/credentials';

testRule(basicAuthRemoved, {
  valid: [{ name: 'no basic auth', subject: () => subject(`    token: ${TOKEN}`) }],
  invalid: [
    {
      name: 'fires for username/password and never shows the password',
      subject: () => subject(`    username: admin\n    password: ${PASSWORD}`),
      findings: [
        {
          evidence: { context: 'dev', user: 'dev', fields: ['username', 'password'] },
          commands: [
            'kubectl config --kubeconfig /home/u/.kube/config unset users.dev.username',
            'kubectl config --kubeconfig /home/u/.kube/config unset users.dev.password',
          ],
        },
      ],
      secrets: [PASSWORD],
    },
  ],
});
