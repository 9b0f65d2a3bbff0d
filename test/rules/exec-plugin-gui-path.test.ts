import type { CommandLookup, ContextSubject } from '../../shared/facts';
import execPluginGuiPath from '../../shared/rules/exec-plugin-gui-path';
import { testRule } from '../support/rule-tester';
import { subjectOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';

const CONFIG = '/home/u/.kube/config';
const KUBECONFIG = `apiVersion: v1
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443'}}]
users:
- name: dev
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      env: [{name: SECRET_TOKEN, value: kw-canary-gui-Rx81Lq}]
contexts: [{name: dev, context: {cluster: c, user: dev}}]
current-context: dev
`;

function subject(lookup: CommandLookup | undefined): ContextSubject {
  const snapshot = snapshotFrom({ sources: { [CONFIG]: KUBECONFIG } });
  const commands = new Map(lookup ? [['gke-gcloud-auth-plugin', lookup]] : []);
  return subjectOf({ ...snapshot, commands });
}

const RESOLVED = '/opt/google-cloud-sdk/bin/gke-gcloud-auth-plugin';

testRule(execPluginGuiPath, {
  meta: { needs: 'offline', severity: 'warning' },
  valid: [
    {
      name: 'on the PATH apps get',
      subject: () => subject({ command: 'gke-gcloud-auth-plugin', resolved: RESOLVED, via: 'path' }),
    },
    { name: 'not found anywhere (exec-plugin-missing)', subject: () => subject({ command: 'gke-gcloud-auth-plugin' }) },
    { name: 'not looked up', subject: () => subject(undefined) },
  ],
  invalid: [
    {
      name: 'only on the login shell PATH: pin the absolute path, a step kubeward runs',
      subject: () => subject({ command: 'gke-gcloud-auth-plugin', resolved: RESOLVED, via: 'login-shell' }),
      findings: [
        {
          severity: undefined,
          detail: [
            "only on your login shell's PATH (/opt/google-cloud-sdk/bin/gke-gcloud-auth-plugin)",
            '"exec: executable gke-gcloud-auth-plugin not found"',
          ],
          evidence: {
            context: 'dev',
            user: 'dev',
            command: 'gke-gcloud-auth-plugin',
            resolvedPath: RESOLVED,
            foundVia: 'login-shell',
          },
          steps: [
            {
              title: 'Pin the full path of gke-gcloud-auth-plugin in user dev',
              command: `kubectl config --kubeconfig /home/u/.kube/config set-credentials dev --exec-command=${RESOLVED}`,
              action: {
                kind: 'pin-exec-command',
                user: 'dev',
                kubeconfig: CONFIG,
                command: 'gke-gcloud-auth-plugin',
                path: RESOLVED,
              },
            },
            {
              title: 'Check that kubectl gets credentials from the plugin again',
              command: 'kubectl auth whoami --context dev',
            },
          ],
        },
      ],
      secrets: ['kw-canary-gui-Rx81Lq'],
    },
  ],
});
