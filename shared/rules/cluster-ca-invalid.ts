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
  },
  scope: 'context',
  check(subject) {
    const cluster = subject.cluster;
    const ca = clusterCa(subject);
    if (!cluster || !ca || ca.decoded.ok) return [];
    const { error } = ca.decoded;
    return [
      {
        detail:
          `The CA certificate of cluster ${cluster.name} (${describeSource(ca.source)}) cannot be used: ${error}. ` +
          'kubectl fails with that error before connecting to the API server.',
        evidence: { cluster: cluster.name, ...sourceEvidence(ca.source), reason: error },
        fix: { guide: ID, steps: [...inspectSteps('clusters', cluster.name, ca.source), ...clusterCaSteps(subject)] },
      },
    ];
  },
} satisfies ContextRule;
