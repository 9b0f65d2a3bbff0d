import { clientCertEvidence, clientLeaf, describeClientCert } from '../credentials/client-cert';
import { renewClientCertGuide } from '../guides/client-cert';
import { keyKind } from '../credentials/x509';
import { formatInstant, isoTime } from '../time';
import { CREDENTIAL_EXPIRY } from './support/background';
import type { ContextRule } from './types';

const ID = 'client-cert-expired';

export default {
  meta: {
    id: ID,
    title: 'Client certificate expired',
    severity: 'error',
    needs: 'offline',
    description: 'The client certificate kubectl sends is past its notAfter.',
    explanation: CREDENTIAL_EXPIRY,
    remedy:
      'Get a new certificate: on a kubeadm cluster, kubeadm certs renew admin.conf on a control-plane node;' +
      ' on any cluster, a CertificateSigningRequest that an admin approves; on a managed cluster, re-fetch ' +
      'the credentials. Then store it in the user entry (kubectl config set-credentials with ' +
      '--embed-certs).',
  },
  scope: 'context',
  check(subject, env) {
    const found = clientLeaf(subject);
    // Go's x509 check: valid up to and including notAfter.
    if (!found || found.leaf.info.notAfter >= env.now) return [];
    const { user, leaf, source } = found;
    const { info } = leaf;
    return [
      {
        detail:
          `${describeClientCert(user.name, source, info)} expired ${formatInstant(info.notAfter, env.now)}. ` +
          'The API server rejects it: kubectl fails with "error: You must be logged in to the server (Unauthorized)".',
        expiresAt: isoTime(info.notAfter),
        evidence: clientCertEvidence(user.name, source, info),
        ...renewClientCertGuide(subject, info, 'another-context', keyKind(leaf.publicKey)),
      },
    ];
  },
} satisfies ContextRule;
