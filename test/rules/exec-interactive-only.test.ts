import execInteractiveOnly from '../../shared/rules/exec-interactive-only';
import { testRule } from '../support/rule-tester';
import { subject, TOKEN, V1 } from '../support/subjects/exec-config';

testRule(execInteractiveOnly, {
  valid: [
    {
      name: 'interactiveMode IfAvailable',
      subject: () => subject({ command: 'x', apiVersion: V1, interactiveMode: 'IfAvailable' }),
    },
    {
      name: 'a static credential shadowing the plugin',
      subject: () =>
        subject({ command: 'x', apiVersion: V1, interactiveMode: 'Always' }, undefined, `    token: ${TOKEN}`),
    },
  ],
  invalid: [
    {
      name: 'is info for interactiveMode Always, with a command to try it',
      subject: () => subject({ command: 'kubelogin', apiVersion: V1, interactiveMode: 'Always' }),
      findings: [
        {
          evidence: { context: 'prod', user: 'prod', command: 'kubelogin', interactiveMode: 'Always' },
          commands: [
            'kubectl auth whoami --context prod',
            'kubectl config --kubeconfig /home/u/.kube/config set-credentials prod --exec-interactive-mode=IfAvailable',
            'kubectl auth whoami --context prod',
          ],
        },
      ],
    },
  ],
});
