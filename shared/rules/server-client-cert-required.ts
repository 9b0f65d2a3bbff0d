import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { recheckStep } from '../guides/probe';
import { refetchSteps } from '../guides/refetch';
import { kubectlConfig } from '../guides/kubectl-config';
import { shellArg } from '../guides/shell';
import { probeIn, targetEvidence, type ProbeOf } from './support/probe';
import type { ContextRule } from './types';

const ID = 'server-client-cert-required';

const CODES = new Set(['CLIENT_CERT_REQUIRED', 'CLIENT_CERT_REJECTED']);

/** The probe of this context when the TLS handshake ended over the client certificate. */
export function clientCertRefusal(subject: ContextSubject): ProbeOf<'network-error'> | undefined {
  const probe = probeIn(subject, 'network-error');
  return probe && CODES.has(probe.code) ? probe : undefined;
}

function steps(subject: ContextSubject, probe: ProbeOf<'network-error'>): FixStep[] {
  const entry = subject.user;
  const user = entry?.name ?? '(none)';
  const first: FixStep =
    probe.code === 'CLIENT_CERT_REQUIRED'
      ? {
          title:
            `Get the client certificate this endpoint expects (from the cluster's admin or the access proxy's ` +
            `vendor) and store it in user ${user} (replace <CERT_FILE> and <KEY_FILE>)`,
          ...(entry
            ? {
                command: kubectlConfig(
                  entry.source,
                  `set-credentials ${shellArg(user)} --client-certificate=<CERT_FILE> --client-key=<KEY_FILE> --embed-certs=true`,
                ),
              }
            : {}),
        }
      : {
          title: `The certificate of user ${user} is not one this endpoint trusts: get a new one issued by the CA it trusts`,
        };
  return [first, ...refetchSteps(subject), recheckStep(subject)];
}

export default {
  meta: {
    id: ID,
    title: 'Server demands a client certificate',
    severity: 'error',
    needs: 'probe',
    description:
      'The TLS handshake ended because the server wants a client certificate the context does not send, or refused the one it sends.',
    explanation:
      'Some endpoints (a mutual-TLS load balancer or access proxy in front of the API server, or an API server that ' +
      'only accepts certificates) close the connection in the TLS handshake when the client presents no certificate ' +
      'or one from a CA they do not trust. No request gets through, so no token can help; kubectl fails with a TLS ' +
      'error such as "remote error: tls: certificate required", or, from a server that refuses a certificate ' +
      'without a TLS alert, only "EOF" or "connection reset by peer". Kubeward tells that refusal from a dropped ' +
      'connection by trying the handshake again without the certificate.',
    remedy:
      'Give the context the client certificate the endpoint expects (client-certificate-data and client-key-data), or ' +
      "use the server URL that does not demand one, or re-fetch the kubeconfig from the cluster's provider.",
  },
  scope: 'context',
  check(subject) {
    const probe = clientCertRefusal(subject);
    if (!probe) return [];
    const sent = probe.code === 'CLIENT_CERT_REJECTED' || subject.user?.value.clientCertificateData !== undefined;
    return [
      {
        detail:
          `The server ${targetEvidence(subject).server} ended the TLS handshake over the client certificate: ` +
          `${probe.message}. ` +
          (sent
            ? 'Nothing else was sent.'
            : 'The context authenticates another way (a token, an exec plugin or nothing), which this endpoint never reads.'),
        evidence: { ...targetEvidence(subject), code: probe.code, message: probe.message },
        fix: steps(subject, probe),
      },
    ];
  },
} satisfies ContextRule;
