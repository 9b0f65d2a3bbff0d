import type { ContextSubject } from '../facts';
import type { FixPath, FixPlan } from '../findings';
import { endpointOf, inspectCertificateSteps, recheckStep } from '../guides/probe';
import { refetchPath, refetchSteps } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import { clockSteps } from '../guides/token';
import { formatInstant } from '../time';
import { probeIn, serverOf, tlsEvidence, trustSource, type ProbeOf } from './support/probe';
import type { ContextRule, FindingDraft, RuleEnv } from './types';

const ID = 'server-tls-untrusted';

/** Handled by server-cert-expired. */
const EXPIRED = 'CERT_HAS_EXPIRED';
const ALTNAME = 'ERR_TLS_CERT_ALTNAME_INVALID';
const NOT_YET_VALID = 'CERT_NOT_YET_VALID';

type TlsError = ProbeOf<'tls-error'>;

/** The name the certificate had to carry. */
function expectedName(subject: ContextSubject): string {
  return subject.cluster?.value.tlsServerName || endpointOf(subject)?.host || 'the server name';
}

function dnsNames(probe: TlsError): string[] {
  const san = probe.serverCertificate?.subjectAltName ?? '';
  return [...san.matchAll(/DNS:([^,\s]+)/g)].map((m) => m[1] as string);
}

function altnameVerdict(subject: ContextSubject, probe: TlsError): FindingDraft {
  const names = dnsNames(probe);
  const expected = expectedName(subject);
  const validFor = probe.serverCertificate?.subjectAltName ?? 'other names';
  return {
    title: 'API server certificate is for another name',
    detail:
      `The certificate of ${serverOf(subject)} is not valid for ${expected}: it names ${validFor}. ` +
      `kubectl fails with "x509: certificate is valid for ..., not ${expected}". Either the server address in the ` +
      'kubeconfig is not the name the cluster was set up with, or something else answers at that address.',
    evidence: tlsEvidence(subject, probe),
    ...altnamePlan(subject, names[0]),
  };
}

/**
 * Keep the address and have kubectl check the certificate for a name it carries (a tunnel, an IP, a
 * load balancer's name), or fetch the entry again with the address the cluster was set up with.
 */
function altnamePlan(subject: ContextSubject, certified: string | undefined): FixPlan {
  const refetch = refetchPath(
    subject,
    'The provider or your admin writes the entry afresh, with the address the certificate was made for.',
  );
  const cluster = subject.cluster;
  if (!certified || !cluster) return { fix: refetch.steps };
  const serverName: FixPath = {
    id: 'tls-server-name',
    title: 'Check the certificate for its own name',
    summary: `You reach the server through a tunnel or another address on purpose: kubectl checks the certificate for ${certified} instead.`,
    steps: [
      {
        title: `Tell kubectl to check the certificate of cluster ${cluster.name} for ${certified}`,
        command: kubectlConfig(
          cluster.source,
          `set-cluster ${shellArg(cluster.name)} --tls-server-name=${shellArg(certified)}`,
        ),
      },
      recheckStep(subject),
    ],
  };
  return { fix: [], paths: [serverName, refetch] };
}

function notYetValidVerdict(subject: ContextSubject, probe: TlsError, env: RuleEnv): FindingDraft {
  const from = probe.serverCertificate?.notBefore;
  const when = from === undefined ? '' : ` before ${formatInstant(from, env.now)}`;
  return {
    title: 'API server certificate not yet valid',
    detail:
      `The certificate of ${serverOf(subject)} is not valid${when}, by this computer's clock. A freshly issued ` +
      "certificate is only this far in the future when this computer's clock is behind: check it.",
    evidence: tlsEvidence(subject, probe),
    fix: [...clockSteps(env.platform), recheckStep(subject)],
  };
}

function untrustedVerdict(subject: ContextSubject, probe: TlsError): FindingDraft {
  const issuer = probe.serverCertificate
    ? ` The server's certificate was issued by ${probe.serverCertificate.issuer}.`
    : '';
  return {
    detail:
      `The certificate of ${serverOf(subject)} does not verify against ${trustSource(subject)} (${probe.message}). ` +
      'kubectl fails with "x509: certificate signed by unknown authority" and sends nothing.' +
      `${issuer} Usually the cluster's CA changed (a rebuilt cluster, a rotated CA) or the kubeconfig belongs to ` +
      'another cluster; sometimes a TLS-inspecting proxy or firewall answers in its place.',
    evidence: tlsEvidence(subject, probe),
    fix: [...inspectCertificateSteps(subject), ...refetchSteps(subject), recheckStep(subject)],
  };
}

export default {
  meta: {
    id: ID,
    title: 'API server certificate not trusted',
    severity: 'error',
    needs: 'probe',
    description:
      "The server's certificate does not verify against the cluster's CA, or is for another name: kubectl refuses the connection.",
    explanation:
      "Before it sends any credential, kubectl checks that the server's certificate was signed by the " +
      'cluster\'s CA and issued for the name in the server URL, and stops when either check fails ("x509: ' +
      'certificate signed by unknown authority"). Either the CA in the kubeconfig is stale, or the address ' +
      'is not one the certificate was made for.',
    remedy:
      "Re-fetch the cluster's CA from its provider or admin. When you reach the server through a tunnel or " +
      'another address, set tls-server-name to the name its certificate carries; when the certificate is ' +
      'not valid yet, check the clock.',
  },
  scope: 'context',
  check(subject, env) {
    const probe = probeIn(subject, 'tls-error');
    if (!probe || probe.code === EXPIRED) return [];
    if (probe.code === ALTNAME) return [altnameVerdict(subject, probe)];
    if (probe.code === NOT_YET_VALID) return [notYetValidVerdict(subject, probe, env)];
    return [untrustedVerdict(subject, probe)];
  },
} satisfies ContextRule;
