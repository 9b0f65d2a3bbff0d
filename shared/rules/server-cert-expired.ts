import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { inspectCertificateSteps, recheckStep } from '../guides/probe';
import { detectProvider } from '../guides/provider';
import { formatInstant } from '../time';
import { probeIn, serverOf, tlsEvidence, type ProbeOf } from './support/probe';
import type { ContextRule, FindingDraft, RuleEnv } from './types';

const ID = 'server-cert-expired';

const MANAGED: Record<string, string> = { eks: 'Amazon EKS', gke: 'Google GKE', aks: 'Azure AKS' };

/** Only the cluster's operator can renew a serving certificate; on kubeadm clusters, this is how. */
function renewSteps(subject: ContextSubject): FixStep[] {
  const managed = MANAGED[detectProvider(subject).provider];
  if (managed) {
    return [{ title: `${managed} rotates the API server certificate itself: open a support case with the provider` }];
  }
  return [
    { title: 'Ask the cluster admin to renew the API server certificate' },
    {
      title: 'On a kubeadm control-plane node: see which certificates have expired',
      command: 'sudo kubeadm certs check-expiration',
    },
    {
      title: 'Renew them, then restart kube-apiserver (move its manifest out of /etc/kubernetes/manifests and back)',
      command: 'sudo kubeadm certs renew all',
    },
  ];
}

function whatExpired(subject: ContextSubject, notAfter: number | undefined, env: RuleEnv): string {
  const server = serverOf(subject);
  if (notAfter === undefined) return `A certificate of ${server} has expired`;
  if (notAfter <= env.now) return `The certificate of ${server} expired ${formatInstant(notAfter, env.now)}`;
  // The server's own certificate is in date: another one in its chain (an intermediate or the CA) is not.
  return `A CA certificate in the chain of ${server} has expired (the server's own is valid until ${formatInstant(notAfter, env.now)})`;
}

function verdict(subject: ContextSubject, probe: ProbeOf<'tls-error'>, env: RuleEnv): FindingDraft {
  const notAfter = probe.serverCertificate?.notAfter;
  const leafExpiredAt = notAfter !== undefined && notAfter <= env.now ? notAfter : undefined;
  return {
    detail:
      `${whatExpired(subject, notAfter, env)}. kubectl fails with "x509: certificate has expired or is not yet valid" and sends nothing. ` +
      "Only the cluster's operator can renew it; if the date looks wrong, check this computer's clock first.",
    ...(leafExpiredAt === undefined ? {} : { expiresAt: new Date(leafExpiredAt).toISOString() }),
    evidence: tlsEvidence(subject, probe),
    fix: [...inspectCertificateSteps(subject), ...renewSteps(subject), recheckStep(subject)],
  };
}

export default {
  meta: {
    id: ID,
    title: 'API server certificate expired',
    severity: 'error',
    needs: 'probe',
    description: "The server's certificate (or one in its chain) has expired: kubectl refuses the connection.",
    explanation:
      'The API server proves who it is with its serving certificate, and kubectl refuses one that has ' +
      'expired. Nothing on the client side fixes that: the certificate lives on the control plane. Managed ' +
      'clusters rotate it themselves; self-run clusters need it renewed, which kubeadm does on every ' +
      'upgrade.',
    remedy:
      'Tell the cluster admin. On a kubeadm cluster, kubeadm certs check-expiration on a control-plane node' +
      ' shows what expired and kubeadm certs renew renews it (then restart kube-apiserver); a managed ' +
      'provider rotates it itself.',
  },
  scope: 'context',
  check(subject, env) {
    const probe = probeIn(subject, 'tls-error');
    return probe?.code === 'CERT_HAS_EXPIRED' ? [verdict(subject, probe, env)] : [];
  },
} satisfies ContextRule;
