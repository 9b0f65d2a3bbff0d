import { describe, expect, it } from 'vitest';
import serverRedirect from '../../shared/rules/server-redirect';
import { testRule } from '../support/rule-tester';
import { answered, QUIET_PROBES, run, SSR, subjectWith } from '../support/subjects/probe';

testRule(serverRedirect, {
  meta: { needs: 'probe', severity: 'error' },
  valid: [
    ...QUIET_PROBES,
    ...[200, 401, 403, 404].map((status) => ({
      name: `status ${status}`,
      subject: () => subjectWith({}, answered(status)),
    })),
  ],
  invalid: [
    {
      name: 'names the target (scheme and host), says kubectl follows it with the credential, and what to check',
      subject: () =>
        subjectWith(
          { server: 'https://admin:kw-pass-Zq81@api.prod.example.com:6443' },
          answered(302, { location: 'https://sso.example.com' }),
        ),
      findings: [
        {
          severity: undefined,
          detail: [
            'The API server https://api.prod.example.com:6443 answered 302 to POST /apis/authentication.k8s.io/v1/selfsubjectreviews',
            'it redirects to https://sso.example.com.',
            'kubectl follows it, as a GET with your credential attached',
            'Kubeward did not follow it',
          ],
          evidenceMatching: { status: 302, location: 'https://sso.example.com', request: SSR },
          commands: [
            "curl -sS -o /dev/null -w '%{http_code} %{redirect_url}\\n' https://api.prod.example.com:6443/version",
            'kubectl config --kubeconfig /home/u/.kube/config set-cluster prod-cluster --server=<API_SERVER_URL>',
            'kubectl auth whoami --context prod',
          ],
        },
      ],
      secrets: ['kw-pass-Zq81'],
    },
    {
      name: 'a redirect without a Location',
      subject: () => subjectWith({}, answered(307)),
      findings: [
        { detail: ['answered 307', 'without saying where (no Location header)'], evidenceMatching: { location: null } },
      ],
    },
  ],
});

describe('server-redirect', () => {
  it('every 3xx is a redirect finding', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      expect(run(serverRedirect, {}, answered(status, { location: 'http://lb.example.com' }))).toHaveLength(1);
    }
  });
});
