import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { recheckStep } from '../guides/probe';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import { withoutUserinfo } from '../url-safety';
import { answerEvidence, probeIn, serverOf, type ProbeOf } from './support/probe';
import type { ContextRule } from './types';

const ID = 'server-redirect';

/** `https://host:port/path` of the server URL without its path, for a credential-free look at what answers there. */
function versionUrl(subject: ContextSubject): string | undefined {
  const server = withoutUserinfo(subject.cluster?.value.server);
  if (!server) return undefined;
  return `${server.replace(/\/+$/, '')}/version`;
}

function steps(subject: ContextSubject, probe: ProbeOf<'answered'>): FixStep[] {
  const url = versionUrl(subject);
  const cluster = subject.cluster;
  const out: FixStep[] = [];
  if (url) {
    out.push({
      title: 'See where the server sends clients, without sending a credential',
      command: `curl -sS -o /dev/null -w '%{http_code} %{redirect_url}\\n' ${shellArg(url)}`,
    });
  }
  out.push({
    title:
      `Check the server URL of cluster ${cluster?.name ?? '(none)'} with the cluster's admin or cloud console: ` +
      `${probe.location ? `${probe.location} is` : 'a redirect target is'} usually an SSO login page, a load ` +
      "balancer's listener, or the right URL with another scheme, host or path",
  });
  if (cluster) {
    out.push({
      title: 'Point the cluster at the API server itself (replace <API_SERVER_URL> with the address the admin gives)',
      command: kubectlConfig(cluster.source, `set-cluster ${shellArg(cluster.name)} --server=<API_SERVER_URL>`),
    });
  }
  out.push(recheckStep(subject));
  return out;
}

export default {
  meta: {
    id: ID,
    title: 'API server redirects elsewhere',
    severity: 'error',
    needs: 'probe',
    description: 'The live probe got a 3xx redirect: the server URL leads to something that sends clients elsewhere.',
    explanation:
      'A Kubernetes API server never redirects an API request. A redirect means something else answers at the ' +
      "kubeconfig's server URL: an SSO proxy sending you to its login page, a load balancer moving http to https, " +
      "or an old address. kubectl (Go's HTTP client) follows it: it repeats the request as a GET at the new " +
      'address and sends the credential along, so a POST such as kubectl auth whoami or kubectl apply fails there ' +
      '(405 MethodNotAllowed, or a page that is not the API), and whatever answers the GETs sees your credential.',
    remedy:
      "Find out where the redirect points (the finding names its scheme and host) and set the cluster's server " +
      'to the API server itself. Kubeward never follows a redirect: the credential only goes to the server URL ' +
      'the kubeconfig names.',
  },
  scope: 'context',
  check(subject) {
    const probe = probeIn(subject, 'answered');
    if (!probe || probe.status < 300 || probe.status >= 400) return [];
    const where = probe.location ? `to ${probe.location}` : 'without saying where (no Location header)';
    return [
      {
        detail:
          `The API server ${serverOf(subject)} answered ${probe.status} to ${probe.request}: it redirects ${where}. ` +
          'kubectl follows it, as a GET with your credential attached: POST requests (kubectl auth whoami, apply, ' +
          'create) fail at the new address, and whatever answers there sees the credential. Kubeward did not ' +
          'follow it: nothing was sent there.',
        evidence: { ...answerEvidence(subject, probe), location: probe.location ?? null },
        fix: steps(subject, probe),
      },
    ];
  },
} satisfies ContextRule;
