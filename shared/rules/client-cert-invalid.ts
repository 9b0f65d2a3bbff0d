import { clientCertificate, sourceEvidence } from '../credentials/client-cert';
import { describeSource, type MaterialSource } from '../credentials/material';
import type { ContextSubject } from '../facts';
import { inspectSteps } from '../guides/client-cert';
import { refetchSteps } from '../guides/refetch';
import type { ContextRule, FindingDraft } from './types';

const ID = 'client-cert-invalid';

function draft(
  subject: ContextSubject,
  what: 'certificate' | 'key',
  source: MaterialSource,
  error: string,
): FindingDraft {
  const user = subject.user?.name ?? '';
  return {
    ...(what === 'key' ? { title: 'Client key does not parse' } : {}),
    detail:
      `The client ${what} of user ${user} (${describeSource(source)}) cannot be used: ${error}. ` +
      'kubectl fails with that error before sending any request.',
    evidence: { user, ...sourceEvidence(source), reason: error },
    fix: [...inspectSteps('users', user, source), ...refetchSteps(subject)],
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
    const drafts: FindingDraft[] = [];
    if (certificate && !certificate.decoded.ok) {
      drafts.push(draft(subject, 'certificate', certificate.source, certificate.decoded.error));
    }
    if (key && !key.decoded.ok) drafts.push(draft(subject, 'key', key.source, key.decoded.error));
    // The DER looked like a key, but OpenSSL refused it when asked to compare.
    if (key && keyMatch && !keyMatch.ok) drafts.push(draft(subject, 'key', key.source, keyMatch.error));
    return drafts;
  },
} satisfies ContextRule;
