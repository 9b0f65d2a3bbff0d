import { clientCertificate, sourceEvidence } from '../credentials/client-cert';
import { describeSource, type MaterialSource } from '../credentials/material';
import type { ContextSubject } from '../facts';
import { inspectSteps } from '../guides/client-cert';
import { refetchSteps } from '../guides/refetch';
import type { ContextRule, FindingDraft } from './types';

const ID = 'client-cert-invalid';

/** tls.X509KeyPair's errors for PEM without the block it needs, which it meets before parsing any DER. */
const PEM_LEVEL = /kubectl: "tls: (failed to find|found a certificate rather)/;

function draft(
  subject: ContextSubject,
  what: 'certificate' | 'key',
  source: MaterialSource,
  error: string,
): FindingDraft {
  const entry = subject.user;
  const user = entry?.name ?? '';
  return {
    ...(what === 'key' ? { title: 'Client key does not parse' } : {}),
    detail:
      `The client ${what} of user ${user} (${describeSource(source)}) cannot be used: ${error}. ` +
      'kubectl fails with that error before sending any request.',
    evidence: { user, ...sourceEvidence(source), reason: error },
    fix: [...(entry ? inspectSteps('users', entry, source) : []), ...refetchSteps(subject)],
  };
}

export default {
  meta: {
    id: ID,
    title: 'Client certificate does not parse',
    severity: 'error',
    needs: 'offline',
    description:
      'The client certificate (or its key) kubectl would send is not PEM, holds the wrong kind of block, or does not parse.',
    explanation:
      'A client certificate and its key must be PEM (base64-encoded PEM in the -data fields) holding a ' +
      'certificate and a private key that parse. kubectl loads them before it connects and stops with the ' +
      'parse error when they do not, so no request is sent at all.',
    remedy:
      'Decode what is stored (the finding gives the command) to see what is there, then restore the right ' +
      'certificate or key, or re-fetch the credentials. For an EKS cluster whose name and region the ' +
      'kubeconfig holds, kubeward can run aws eks update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject) {
    const client = clientCertificate(subject);
    if (!client) return [];
    const { certificate, key, keyMatch } = client;
    const certificateError = certificate && !certificate.decoded.ok ? certificate.decoded.error : undefined;
    const keyError = key && !key.decoded.ok ? key.decoded.error : undefined;
    // kubectl stops at the first error tls.X509KeyPair meets: the PEM of the certificate, the PEM of the key,
    // then the certificate's DER, then the key's, then the pair: that is the one to report.
    const pemLevel = (error: string | undefined) => error !== undefined && PEM_LEVEL.test(error);
    if (certificate && certificateError !== undefined && (pemLevel(certificateError) || !pemLevel(keyError))) {
      return [draft(subject, 'certificate', certificate.source, certificateError)];
    }
    if (key && keyError !== undefined) return [draft(subject, 'key', key.source, keyError)];
    // The certificate parses, but its key is of an algorithm Go cannot pair with any private key.
    if (certificate && keyMatch && !keyMatch.ok)
      return [draft(subject, 'certificate', certificate.source, keyMatch.error)];
    return [];
  },
} satisfies ContextRule;
