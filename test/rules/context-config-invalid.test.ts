import contextConfigInvalid from '../../shared/rules/context-config-invalid';
import { testRule } from '../support/rule-tester';
import { subjectOf } from '../support/rules';
import { CANARY, HOME } from '../support/subjects/kubeconfig';

const config = (cluster: string, user: string) => `apiVersion: v1
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", ${cluster}}}]
users: [{name: u, user: {token: ${CANARY}, ${user}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
`;
const subject =
  (cluster: string, user = '') =>
  () =>
    subjectOf({ sources: { [HOME]: config(cluster, user) } });

testRule(contextConfigInvalid, {
  valid: [
    { name: 'a proxy-url over http', subject: subject('proxy-url: "http://proxy:3128"') },
    { name: 'a proxy-url over https', subject: subject('proxy-url: "https://proxy:3128"') },
    { name: 'a proxy-url over socks5', subject: subject('proxy-url: "socks5://proxy:1080"') },
    { name: 'only certificate-authority-data', subject: subject('certificate-authority-data: eA==') },
    { name: 'impersonating a user with groups', subject: subject('', 'as: alice, as-groups: [admins]') },
    { name: 'an empty as-groups list without as', subject: subject('', 'as-groups: []') },
  ],
  invalid: [
    {
      name: 'a proxy-url scheme kubectl refuses, in kubectl words and without its userinfo',
      subject: subject('proxy-url: "ftp://me:secret@proxy"'),
      findings: [
        {
          evidenceMatching: {
            field: 'proxy-url',
            kubectl: `invalid 'proxy-url' "ftp://proxy" for cluster "c": unsupported scheme "ftp", must be http, https, or socks5`,
          },
        },
      ],
    },
    {
      name: 'both certificate-authority and its data',
      subject: subject('certificate-authority: /ca.crt, certificate-authority-data: eA=='),
      findings: [
        {
          evidenceMatching: {
            kubectl:
              'certificate-authority-data and certificate-authority are both specified for c. certificate-authority-data will override.',
          },
        },
      ],
    },
    {
      name: 'groups impersonated without as',
      subject: subject('', 'as-groups: [admins]'),
      findings: [
        { evidenceMatching: { kubectl: 'requesting uid, groups or user-extra for u without impersonating a user' } },
      ],
    },
    {
      name: 'a uid impersonated without as',
      subject: subject('', 'as-uid: "1000"'),
      findings: [
        { evidenceMatching: { kubectl: 'requesting uid, groups or user-extra for u without impersonating a user' } },
      ],
    },
  ],
});
