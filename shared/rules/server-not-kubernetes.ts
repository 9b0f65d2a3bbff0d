import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { recheckStep } from '../guides/probe';
import { shellArg } from '../guides/shell';
import { withoutUserinfo } from '../url-safety';
import { answerEvidence, probeIn, serverOf, type ProbeOf } from './support/probe';
import type { ContextRule } from './types';

const ID = 'server-not-kubernetes';

function what(probe: ProbeOf<'answered'>): string {
  switch (probe.notApi) {
    case 'html':
      return `a web page${probe.pageTitle ? ` ("${probe.pageTitle}")` : ''}, such as an SSO proxy's sign-in page or a load balancer's error page`;
    case 'too-large':
      return 'more than a megabyte and still going (a whoami answer is a few hundred bytes): kubeward stopped reading';
    default:
      return 'something that is not JSON';
  }
}

function steps(subject: ContextSubject): FixStep[] {
  const server = withoutUserinfo(subject.cluster?.value.server);
  const cluster = subject.context.value.cluster;
  return [
    ...(server
      ? [
          {
            title: 'See what answers at the server URL, without sending a credential',
            command: `curl -sS -D - -o /dev/null ${shellArg(`${server.replace(/\/+$/, '')}/version`)}`,
          },
        ]
      : []),
    {
      title:
        `Check the server URL of cluster ${cluster ?? '(none)'}: it must be the API server itself (from the cloud ` +
        "console or the cluster's admin), not a web front end, a dashboard or a proxy that wants a browser login",
    },
    recheckStep(subject),
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Server URL does not lead to the Kubernetes API',
    severity: 'error',
    needs: 'probe',
    description:
      'The live probe got an answer that is not the Kubernetes API: a web page, a body without end, or something not JSON.',
    explanation:
      'The Kubernetes API answers in JSON (kubectl asks for it). An HTML page means a web front end is in the way: an ' +
      "SSO or identity-aware proxy that wants a browser sign-in, a load balancer's error page, or a dashboard's " +
      'address instead of the API server\'s. kubectl cannot use that: it fails with "serializer for text/html ' +
      'doesn\'t exist" or another decoding error.',
    remedy:
      "Point the cluster's server at the API server itself, or, for an access proxy, use the kubeconfig and login " +
      'its vendor provides (it usually comes with an exec plugin). Kubeward reads at most a megabyte of any answer, ' +
      'within the probe timeout.',
  },
  scope: 'context',
  check(subject) {
    const probe = probeIn(subject, 'answered');
    if (!probe?.notApi) return [];
    return [
      {
        detail:
          `The server ${serverOf(subject)} answered ${probe.request} with ${probe.status} and ${what(probe)}. That is ` +
          'not the Kubernetes API: kubectl cannot use this server URL.',
        evidence: {
          ...answerEvidence(subject, probe),
          answer: probe.notApi,
          ...(probe.pageTitle ? { pageTitle: probe.pageTitle } : {}),
        },
        fix: steps(subject),
      },
    ];
  },
} satisfies ContextRule;
