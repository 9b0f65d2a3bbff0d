import { clusterCa, sourceEvidence } from '../credentials/client-cert';
import { describeSource } from '../credentials/material';
import { clusterCaSteps, inspectSteps } from '../guides/client-cert';
import type { ContextRule } from './types';

const ID = 'cluster-ca-invalid';

export default {
  meta: {
    id: ID,
    title: 'Cluster CA certificate does not parse',
    severity: 'error',
    needs: 'offline',
    description: 'certificate-authority(-data) holds no certificate that parses.',
    explanation:
      "kubectl verifies the API server's certificate against the CA certificate of the cluster entry. When " +
      'that data does not parse, kubectl cannot build its trust anchor and fails before it connects.',
    remedy:
      'Decode the stored CA data (the finding gives the command), then restore it, or re-fetch the cluster ' +
      "entry from the cluster's provider or admin.",
  },
  scope: 'context',
  check(subject) {
    const cluster = subject.cluster;
    const ca = clusterCa(subject);
    if (!cluster || !ca || ca.decoded.ok) return [];
    // With both certificate-authority and its data set, kubectl's validation refuses the cluster before it
    // reads either (context-config-invalid says so): no CA parse error of kubectl's to report.
    if (cluster.value.certificateAuthority && cluster.value.certificateAuthorityData) return [];
    const { error } = ca.decoded;
    return [
      {
        detail:
          `The CA certificate of cluster ${cluster.name} (${describeSource(ca.source)}) cannot be used: ${error}. ` +
          'kubectl fails with that error before connecting to the API server.',
        evidence: { cluster: cluster.name, ...sourceEvidence(ca.source), reason: error },
        fix: [...inspectSteps('clusters', cluster, ca.source), ...clusterCaSteps(subject)],
      },
    ];
  },
} satisfies ContextRule;
