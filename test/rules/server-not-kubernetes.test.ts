import { expect, it } from 'vitest';
import serverForbidden from '../../shared/rules/server-forbidden';
import serverNotKubernetes from '../../shared/rules/server-not-kubernetes';
import serverUnauthorized from '../../shared/rules/server-unauthorized';
import { testRule } from '../support/rule-tester';
import { answered, QUIET_PROBES, run, subjectWith } from '../support/subjects/probe';

testRule(serverNotKubernetes, {
  meta: { needs: 'probe', severity: 'error' },
  valid: [...QUIET_PROBES, { name: 'a Kubernetes 401', subject: () => subjectWith({}, answered(401)) }],
  invalid: [
    {
      name: "an SSO proxy's sign-in page, by its title",
      subject: () => subjectWith({}, answered(200, { notApi: 'html', pageTitle: 'Sign in - Example Corp SSO' })),
      findings: [
        {
          severity: undefined,
          detail: [
            'answered POST /apis/authentication.k8s.io/v1/selfsubjectreviews with 200 and a web page ("Sign in - Example Corp SSO")',
            'kubectl cannot use this server URL',
          ],
          evidenceMatching: { answer: 'html', pageTitle: 'Sign in - Example Corp SSO', status: 200 },
          commands: [
            'curl -sS -D - -o /dev/null https://api.prod.example.com:6443/version',
            'kubectl auth whoami --context prod',
          ],
        },
      ],
    },
    {
      name: 'a body past the cap',
      subject: () => subjectWith({}, answered(200, { notApi: 'too-large' })),
      findings: [{ detail: ['more than a megabyte and still going'], evidenceMatching: { answer: 'too-large' } }],
    },
    {
      name: 'not JSON',
      subject: () => subjectWith({}, answered(500, { notApi: 'not-json' })),
      findings: [{ detail: ['with 500 and something that is not JSON'] }],
    },
  ],
});

it('a 401 or 403 page from a proxy is this rule’s, not the credential rules’', () => {
  expect(run(serverUnauthorized, {}, answered(401, { notApi: 'html' }))).toEqual([]);
  expect(run(serverForbidden, {}, answered(403, { notApi: 'html' }))).toEqual([]);
  expect(run(serverNotKubernetes, {}, answered(401, { notApi: 'html' }))).toHaveLength(1);
});
