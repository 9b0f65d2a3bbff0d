import { clientCertEvidence, clientLeaf, describeClientCert } from '../credentials/client-cert';
import { renewClientCertGuide, withFirstPath } from '../guides/client-cert';
import { keyKind } from '../credentials/x509';
import { clockSteps } from '../guides/token';
import { formatDuration, formatInstant } from '../time';
import { CLOCKS } from './support/background';
import type { ContextRule } from './types';

const ID = 'client-cert-not-yet-valid';

export default {
  meta: {
    id: ID,
    title: 'Client certificate not valid yet',
    severity: 'error',
    needs: 'offline',
    description: 'The client certificate kubectl sends has a notBefore in the future (often clock skew).',
    explanation: CLOCKS,
    remedy:
      "Check this computer's clock first and synchronise it (NTP). If the clock is right, the certificate " +
      'was issued by a machine whose clock was ahead: wait until it becomes valid, or have it issued again.',
  },
  scope: 'context',
  check(subject, env) {
    const found = clientLeaf(subject);
    if (!found || found.leaf.info.notBefore <= env.now) return [];
    const { user, leaf, source } = found;
    const { info } = leaf;
    return [
      {
        detail:
          `${describeClientCert(user.name, source, info)} is not valid before ${formatInstant(info.notBefore, env.now)}, ` +
          `${formatDuration(info.notBefore - env.now)} ahead of this machine's clock. The API server rejects it until ` +
          "then (Unauthorized); usually this clock is behind, or the issuer's clock was ahead.",
        expiresAt: new Date(info.notAfter).toISOString(),
        evidence: {
          ...clientCertEvidence(user.name, source, info),
          aheadSeconds: Math.round((info.notBefore - env.now) / 1000),
        },
        ...withFirstPath(
          {
            id: 'clock',
            title: 'Set the clock right',
            summary: 'Usually this clock is behind: once it is right, the certificate works as it is.',
            steps: clockSteps(env.platform),
          },
          renewClientCertGuide(subject, info, 'another-context', keyKind(leaf.publicKey)),
        ),
      },
    ];
  },
} satisfies ContextRule;
