import type { ContextSubject } from '../facts';
import type { FixPath } from '../findings';
import type { Cluster, Named } from '../kubeconfig/model';
import { recheckStep } from '../guides/probe';
import { refetchPath } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import type { ContextRule } from './types';

const ID = 'cluster-server-missing';

/** Let the provider write the entry again, or write the server into it by hand; each way ends with asking the server. */
function paths(subject: ContextSubject, cluster: Named<Cluster>): FixPath[] {
  const recheck = recheckStep(subject);
  return [
    refetchPath(subject, "The provider or your admin writes the entry afresh, the server's URL included."),
    {
      id: 'set-server',
      title: 'Set the server yourself',
      summary: "You know the API server's https URL (from the cloud console or your admin).",
      steps: [
        {
          title: `Set the server of cluster ${cluster.name} (replace <SERVER_URL>: the API server's https URL)`,
          command: kubectlConfig(cluster.source, `set-cluster ${shellArg(cluster.name)} --server=<SERVER_URL>`),
        },
        recheck,
      ],
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Cluster has no server',
    severity: 'error',
    needs: 'offline',
    description: 'The cluster entry a context uses has no server URL.',
    explanation:
      'A cluster entry tells kubectl where the API server is. Without a server URL kubectl does not stop: ' +
      'it quietly connects to http://localhost:8080, the address of the old insecure local API server, and ' +
      'that connection is refused.',
    remedy:
      "Re-fetch the credentials from the cluster's provider, which writes the server again, or set it " +
      'yourself with kubectl config --kubeconfig FILE set-cluster NAME --server=URL. For an EKS cluster whose name and region' +
      ' the kubeconfig holds, kubeward can run aws eks update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject) {
    const cluster = subject.cluster;
    if (!cluster || cluster.value.server) return [];
    return [
      {
        detail:
          `Cluster ${cluster.name} (in ${cluster.source}) has no server, so context ${subject.name} has nowhere to go: ` +
          'kubectl falls back to http://localhost:8080 ("The connection to the server localhost:8080 was refused").',
        evidence: { context: subject.name, cluster: cluster.name, source: cluster.source },
        fix: [],
        paths: paths(subject, cluster),
      },
    ];
  },
} satisfies ContextRule;
