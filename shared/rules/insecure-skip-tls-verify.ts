import type { ContextSubject } from '../facts';
import type { FixPath } from '../findings';
import type { Cluster, Named } from '../kubeconfig/model';
import { storeCaStep } from '../guides/client-cert';
import { recheckStep } from '../guides/probe';
import { refetchPath } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import { withoutUserinfo } from '../url-safety';
import type { ContextRule, FindingDraft } from './types';

const ID = 'insecure-skip-tls-verify';

function caField(subject: ContextSubject): string | undefined {
  const cluster = subject.cluster?.value;
  if (cluster?.certificateAuthorityData) return 'certificate-authority-data';
  if (cluster?.certificateAuthority) return `certificate-authority ${cluster.certificateAuthority}`;
  return undefined;
}

function withCa(subject: ContextSubject, entry: Named<Cluster>, ca: string): FindingDraft {
  const cluster = entry.name;
  return {
    severity: 'error',
    title: 'insecure-skip-tls-verify together with a CA',
    detail:
      `Cluster ${cluster} sets insecure-skip-tls-verify: true and also a CA (${ca}). client-go refuses the ` +
      'combination, so every request fails with "error: specifying a root certificates file with the insecure ' +
      'flag is not allowed".',
    evidence: { context: subject.name, cluster, insecureSkipTlsVerify: true, ca },
    fix: [
      {
        title: `Drop the flag from cluster ${cluster}: its CA verifies the server`,
        command: kubectlConfig(entry.source, `set-cluster ${shellArg(cluster)} --insecure-skip-tls-verify=false`),
      },
    ],
  };
}

/**
 * Let the provider write the entry again with its CA, or read the CA from the cluster and store it (which
 * drops the flag: kubectl's set-cluster clears it with an embedded CA). Each way ends with asking the server.
 */
function withoutCaPaths(subject: ContextSubject, entry: Named<Cluster>): FixPath[] {
  const recheck = recheckStep(subject);
  return [
    refetchPath(subject, "The provider or your admin writes the entry afresh, with the cluster's CA."),
    {
      id: 'read-ca',
      title: "Read the cluster's CA from the cluster itself",
      summary: "Your admin can tell you the CA's fingerprint, to compare with what this unverified read returns.",
      steps: [
        {
          title:
            "Read the cluster's CA from the cluster itself into ca.crt; this connection is unverified, so compare " +
            "its fingerprint (openssl x509 -in ca.crt -noout -fingerprint -sha256) with your admin's",
          command:
            `kubectl --context ${shellArg(subject.name)} get configmap kube-root-ca.crt -n default ` +
            `-o jsonpath='{.data.ca\\.crt}' > ca.crt`,
        },
        storeCaStep(entry),
        recheck,
      ],
    },
  ];
}

function withoutCa(subject: ContextSubject, entry: Named<Cluster>): FindingDraft {
  const cluster = entry.name;
  const server = withoutUserinfo(subject.cluster?.value.server);
  return {
    detail:
      `Cluster ${cluster} sets insecure-skip-tls-verify: true: kubectl does not check who answers at ` +
      `${server ?? 'its server'}, so anyone who can intercept the connection (DNS, Wi-Fi, a proxy) receives the ` +
      `credentials of context ${subject.name}.`,
    evidence: { context: subject.name, cluster, insecureSkipTlsVerify: true, ...(server ? { server } : {}) },
    fix: [],
    paths: withoutCaPaths(subject, entry),
  };
}

export default {
  meta: {
    id: ID,
    title: 'TLS verification disabled',
    severity: 'warning',
    needs: 'offline',
    description: 'The cluster sets insecure-skip-tls-verify: true, so credentials go to an unverified server.',
    explanation:
      'With insecure-skip-tls-verify kubectl accepts whatever certificate answers, so anyone who can ' +
      'intercept the connection (a hostile network, a hijacked DNS name) receives your credential and can ' +
      'replay it. kubectl also refuses the flag together with a CA, since the two contradict each other.',
    remedy:
      "Add the cluster's CA certificate to the entry (re-fetching the credentials usually does) and remove " +
      'insecure-skip-tls-verify. When the entry already holds a CA, just drop the flag: the CA verifies the' +
      ' server. For an EKS cluster whose name and region the kubeconfig holds, kubeward can run aws eks ' +
      'update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject) {
    const cluster = subject.cluster;
    if (!cluster?.value.insecureSkipTlsVerify) return [];
    const ca = caField(subject);
    return [ca ? withCa(subject, cluster, ca) : withoutCa(subject, cluster)];
  },
} satisfies ContextRule;
