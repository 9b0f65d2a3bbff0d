import { expect, it } from 'vitest';
import clusterServerMissing from '../../shared/rules/cluster-server-missing';
import { testRule } from '../support/rule-tester';
import { runRule, subjectOf } from '../support/rules';
import { CANARY, HOME } from '../support/subjects/kubeconfig';

const config = (cluster: string) => `apiVersion: v1
clusters: [{name: gke_acme_us-central1_api, cluster: ${cluster}}]
users: [{name: u, user: {token: ${CANARY}}}]
contexts: [{name: gke_acme_us-central1_api, context: {cluster: gke_acme_us-central1_api, user: u}}]
`;
const subject = (text: string) => () => subjectOf({ sources: { [HOME]: text } });

testRule(clusterServerMissing, {
  valid: [
    { name: 'a server', subject: subject(config('{server: "https://x"}')) },
    {
      name: 'an undefined cluster (context-dangling)',
      subject: subject(
        config('{server: "https://x"}').replace(
          'clusters: [{name: gke_acme_us-central1_api',
          'clusters: [{name: other',
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'fires without a server and re-fetches',
      subject: subject(config('{certificate-authority-data: eA==}')),
      findings: [
        {
          evidence: { context: 'gke_acme_us-central1_api', cluster: 'gke_acme_us-central1_api', source: HOME },
          commands: [
            'gcloud container clusters get-credentials api --location us-central1 --project acme',
            'kubectl auth whoami --context gke_acme_us-central1_api',
            'kubectl config --kubeconfig /home/u/.kube/config set-cluster gke_acme_us-central1_api --server=<SERVER_URL>',
            'kubectl auth whoami --context gke_acme_us-central1_api',
          ],
        },
      ],
    },
  ],
});

it('asks first: fetch the credentials again (recommended) or set the server by hand, each ending with its check', () => {
  const [draft] = runRule(
    clusterServerMissing,
    subjectOf({ sources: { [HOME]: config('{insecure-skip-tls-verify: true}') } }),
  );
  expect(draft?.fix).toEqual([]);
  expect(draft?.paths?.map((p) => [p.id, p.steps.length, p.steps.at(-1)?.command])).toEqual([
    ['refetch', 2, 'kubectl auth whoami --context gke_acme_us-central1_api'],
    ['set-server', 2, 'kubectl auth whoami --context gke_acme_us-central1_api'],
  ]);
});
