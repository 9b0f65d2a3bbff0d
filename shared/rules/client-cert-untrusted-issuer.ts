import {
  clientCertEvidence,
  clientCertTrusted,
  clientLeaf,
  clusterCa,
  describeClientCert,
} from '../credentials/client-cert';
import { describeSource } from '../credentials/material';
import { keyKind } from '../credentials/x509';
import { renewClientCertGuide } from '../guides/client-cert';
import type { ContextRule } from './types';

const ID = 'client-cert-untrusted-issuer';

export default {
  meta: {
    id: ID,
    title: "Client certificate not signed by the cluster's CA",
    severity: 'warning',
    needs: 'offline',
    description:
      "The cluster's CA is given and parses, and did not sign the client certificate (kubeadm-style clusters sign both with one CA).",
    explanation:
      'The API server accepts a client certificate only when a CA it trusts for clients signed it. On ' +
      'kubeadm-style clusters that is the same CA the kubeconfig holds to verify the server, so a client ' +
      'certificate that CA did not sign usually comes from an earlier incarnation of the cluster, or from ' +
      'another cluster.',
    remedy:
      "Get a certificate issued by the cluster's current CA (kubeadm certs renew, a " +
      'CertificateSigningRequest, or re-fetching the credentials). Distributions that sign client ' +
      'certificates with a separate CA, such as OpenShift, show this finding by design.',
  },
  scope: 'context',
  check(subject) {
    const found = clientLeaf(subject);
    const cluster = subject.cluster;
    const cas = clusterCa(subject);
    if (!found || !cluster || !cas?.decoded.ok || clientCertTrusted(subject) !== false) return [];
    const { user, leaf, source } = found;
    const caSubjects = cas.decoded.value.map((ca) => ca.info.subject);
    return [
      {
        detail:
          `${describeClientCert(user.name, source, leaf.info)} was issued by ${leaf.info.issuer}, but the CA of ` +
          `cluster ${cluster.name} (${caSubjects.join('; ')}; ${describeSource(cas.source)}) did not sign it. ` +
          'On kubeadm-style clusters that CA also signs client certificates, so the API server will reject it ' +
          'with Unauthorized; typical after a cluster was re-created with a new CA. (Some distributions, such as ' +
          'OpenShift, trust a separate client CA: there this is expected.)',
        evidence: {
          ...clientCertEvidence(user.name, source, leaf.info),
          cluster: cluster.name,
          caSubjects,
          caFingerprints: cas.decoded.value.map((ca) => ca.info.fingerprint256),
        },
        ...renewClientCertGuide(subject, leaf.info, 'another-context', keyKind(leaf.publicKey)),
      },
    ];
  },
} satisfies ContextRule;
