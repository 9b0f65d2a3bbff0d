import { clientCertEvidence, clientLeaf, describeClientCert } from '../credentials/client-cert';
import { renewClientCertGuide } from '../guides/client-cert';
import { keyKind } from '../credentials/x509';
import { formatInstant, isoTime } from '../time';
import { CREDENTIAL_EXPIRY } from './support/background';
import type { ContextRule } from './types';

const ID = 'client-cert-expiring';

export default {
  meta: {
    id: ID,
    title: 'Client certificate expires soon',
    severity: 'warning',
    needs: 'offline',
    description:
      'The client certificate kubectl sends reaches its notAfter inside the certificate expiry warning window.',
    explanation: CREDENTIAL_EXPIRY,
    remedy:
      'Renew the certificate as for an expired one (kubeadm certs renew, a CertificateSigningRequest, or ' +
      're-fetching the credentials), before the date in the finding. Kubeward notifies at each notification lead time ' +
      'until then.',
  },
  scope: 'context',
  check(subject, env) {
    const found = clientLeaf(subject);
    if (!found) return [];
    const { user, leaf, source } = found;
    const { info } = leaf;
    const left = info.notAfter - env.now;
    // Past notAfter is client-cert-expired's finding.
    if (left < 0 || left > env.expiryWarningWindows.certificate) return [];
    return [
      {
        detail:
          `${describeClientCert(user.name, source, info)} expires ${formatInstant(info.notAfter, env.now)}. ` +
          'After that the API server rejects it and kubectl fails with "error: You must be logged in to the server (Unauthorized)".',
        expiresAt: isoTime(info.notAfter),
        evidence: clientCertEvidence(user.name, source, info),
        ...renewClientCertGuide(subject, info, 'own-certificate', keyKind(leaf.publicKey)),
      },
    ];
  },
} satisfies ContextRule;
