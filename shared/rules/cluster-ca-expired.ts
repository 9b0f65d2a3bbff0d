import { certificateEvidence, clusterCa, sourceEvidence } from '../credentials/client-cert';
import { describeSource } from '../credentials/material';
import { clusterCaSteps } from '../guides/client-cert';
import { formatInstant } from '../time';
import type { ContextRule } from './types';

const ID = 'cluster-ca-expired';

export default {
  meta: {
    id: ID,
    title: 'Cluster CA certificate expired',
    severity: 'error',
    needs: 'offline',
    description:
      "Every CA certificate the cluster entry gives is past its notAfter: the server's certificate cannot verify.",
    explanation:
      "kubectl verifies the API server's certificate up to the cluster's CA certificate, and an expired CA " +
      'vouches for nothing: kubectl rejects the server with "x509: certificate has expired or is not yet ' +
      'valid". Usually the cluster has a new CA and the kubeconfig still holds a copy of the old one.',
    remedy:
      "Re-fetch the cluster entry from the cluster's provider or admin to get the current CA certificate. " +
      "If the cluster's CA itself has expired, only the cluster admin can rotate it.",
  },
  scope: 'context',
  check(subject, env) {
    const cluster = subject.cluster;
    const ca = clusterCa(subject);
    if (!cluster || !ca?.decoded.ok) return [];
    const cas = ca.decoded.value;
    // With one CA still valid (a CA rotation in progress), the server can still verify.
    if (cas.some((c) => c.info.notAfter >= env.now)) return [];
    const last = cas.reduce((a, b) => (b.info.notAfter > a.info.notAfter ? b : a));
    const which = cas.length === 1 ? 'The CA certificate' : `All ${cas.length} CA certificates`;
    const lastNote = cas.length === 1 ? '' : ' (the last one to go)';
    return [
      {
        detail:
          `${which} of cluster ${cluster.name} (${describeSource(ca.source)}) expired: ${last.info.subject}${lastNote} ` +
          `expired ${formatInstant(last.info.notAfter, env.now)}. kubectl can no longer verify the API server: ` +
          '"x509: certificate has expired or is not yet valid".',
        expiresAt: new Date(last.info.notAfter).toISOString(),
        evidence: {
          cluster: cluster.name,
          ...sourceEvidence(ca.source),
          ...certificateEvidence(last.info),
          certificates: cas.length,
        },
        fix: clusterCaSteps(subject),
      },
    ];
  },
} satisfies ContextRule;
