import { clientCertificate, sourceEvidence } from '../credentials/client-cert';
import { describeSource, type MaterialSource } from '../credentials/material';
import { inspectSteps } from '../guides/client-cert';
import { refetchSteps } from '../guides/refetch';
import type { ContextRule, ContextSubject, FindingDraft } from './types';

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
    fix: { guide: ID, steps: [...inspectSteps('users', user, source), ...refetchSteps(subject)] },
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
