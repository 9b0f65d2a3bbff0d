import type { ContextSubject } from '../facts';
import type { FixPlan, FixStep } from '../findings';
import { endpointOf, recheckStep } from '../guides/probe';
import { shellArg } from '../guides/shell';
import { stoppedLocalCluster, type LocalCluster } from './support/local-cluster';
import { probeIn, serverOf, targetEvidence, type ProbeOf } from './support/probe';
import type { ContextRule, FindingDraft } from './types';

const ID = 'cluster-not-running';

const TOOL_NAME: Record<LocalCluster['tool'], string> = {
  'docker-desktop': 'Docker Desktop',
  'rancher-desktop': 'Rancher Desktop',
  kind: 'kind',
  k3d: 'k3d',
  minikube: 'minikube',
  loopback: 'local',
};

function startSteps(local: LocalCluster, address: string): FixStep[] {
  switch (local.tool) {
    case 'docker-desktop':
      return [{ title: 'Start Docker Desktop and enable Kubernetes (Settings, Kubernetes, Enable Kubernetes)' }];
    case 'rancher-desktop':
      return [{ title: 'Start Rancher Desktop, with Kubernetes enabled in its Preferences' }];
    case 'kind':
      return [
        {
          title: `Start the node container of kind cluster ${local.name}`,
          command: `docker start ${shellArg(`${local.name}-control-plane`)}`,
        },
      ];
    case 'k3d':
      return [{ title: `Start k3d cluster ${local.name}`, command: `k3d cluster start ${shellArg(local.name)}` }];
    case 'minikube':
      return [{ title: `Start minikube profile ${local.name}`, command: `minikube start -p ${shellArg(local.name)}` }];
    case 'loopback':
      return [{ title: `Start the local cluster, or the port-forward or tunnel, that serves ${address}` }];
  }
}

/**
 * Start it and ask the server. A kind cluster whose node container was removed cannot start: creating
 * it again is a way of its own, asked first, since it brings an empty cluster.
 */
function plan(subject: ContextSubject, local: LocalCluster, address: string): FixPlan {
  const start = [...startSteps(local, address), recheckStep(subject)];
  if (local.tool !== 'kind') return { fix: start };
  const container = `${local.name}-control-plane`;
  return {
    fix: [],
    paths: [
      {
        id: 'start',
        title: 'Start its node container',
        summary: `Container ${container} is only stopped (docker ps -a lists it), as after a restart of Docker.`,
        steps: start,
      },
      {
        id: 'create',
        title: 'Create the cluster again',
        summary: `Container ${container} is gone: kind creates a new, empty cluster and writes its context again.`,
        steps: [
          {
            title: `Create kind cluster ${local.name} again`,
            command: `kind create cluster --name ${shellArg(local.name)}`,
          },
          recheckStep(subject),
        ],
      },
    ],
  };
}

function verdict(subject: ContextSubject, local: LocalCluster, probe: ProbeOf<'network-error'>): FindingDraft {
  const endpoint = endpointOf(subject);
  const host = endpoint?.host.includes(':') ? `[${endpoint.host}]` : endpoint?.host;
  const address = endpoint ? `${host}:${endpoint.port}` : serverOf(subject);
  const what = local.tool === 'loopback' ? 'a cluster on this computer' : `a ${TOOL_NAME[local.tool]} cluster`;
  const kubectlSays =
    probe.code === 'ECONNREFUSED'
      ? `kubectl says "The connection to the server ${address} was refused - did you specify the right host or port?".`
      : 'kubectl fails with "Unable to connect to the server".';
  return {
    title: local.tool === 'loopback' ? 'Local cluster not running' : `${TOOL_NAME[local.tool]} cluster not running`,
    detail:
      `Context ${subject.name} points at ${what}, and nothing answers at ${address} (${probe.code}): it is not ` +
      `running. Nothing is wrong with the kubeconfig; start it when you need it. ${kubectlSays}`,
    evidence: {
      ...targetEvidence(subject),
      tool: local.tool,
      code: probe.code,
      ...(probe.stage ? { stage: probe.stage } : {}),
    },
    ...plan(subject, local, address),
  };
}

export default {
  meta: {
    id: ID,
    title: 'Local cluster not running',
    severity: 'info',
    needs: 'probe',
    description:
      'A cluster on this computer (Docker Desktop, Rancher Desktop, kind, k3d, minikube, a loopback address) is stopped.',
    explanation:
      'Local clusters run only while their tool or container runs, and stopping them is normal. While one is ' +
      'stopped kubectl cannot connect to it ("The connection to the server 127.0.0.1:6443 was refused"), ' +
      'whatever the credentials, so its credential cannot be tested either. That is not a problem to warn ' +
      'about: the context reads "Not running".',
    remedy:
      'Start the cluster when you need it: Docker Desktop or Rancher Desktop with Kubernetes enabled, ' +
      '`docker start NAME-control-plane` (or `kind create cluster`) for kind, `k3d cluster start NAME`, ' +
      '`minikube start -p PROFILE`.',
  },
  scope: 'context',
  check(subject) {
    const probe = probeIn(subject, 'network-error');
    const local = probe && stoppedLocalCluster(subject, probe);
    return probe && local ? [verdict(subject, local, probe)] : [];
  },
} satisfies ContextRule;
