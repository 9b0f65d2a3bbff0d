import { describe, expect, it } from 'vitest';
import type { ContextSubject, ProbeResult, Snapshot } from '../../shared/facts';
import clusterNotRunning from '../../shared/rules/cluster-not-running';
import serverUnreachable from '../../shared/rules/server-unreachable';
import { KUBECTL, runKubectl } from '../fixtures/kubectl';
import { closedPort } from '../support/ports';
import { testRule } from '../support/rule-tester';
import { commandsOf, ENV, runRule, subjectOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { answered } from '../support/subjects/probe';
import { tempDir } from '../support/temp';

type NetworkError = Extract<ProbeResult, { state: 'network-error' }>;

function refused(extra: Partial<NetworkError> = {}): ProbeResult {
  return {
    state: 'network-error',
    code: 'ECONNREFUSED',
    message: 'connect ECONNREFUSED',
    timedOut: false,
    stage: 'connect',
    ...extra,
  };
}

/** A kubeconfig whose context, cluster and user are all called `name`, as kind, k3d and Docker Desktop write them. */
function local(name: string, server: string, cluster = ''): string {
  return `apiVersion: v1
clusters: [{name: ${name}, cluster: {server: "${server}"${cluster}}}]
users: [{name: ${name}, user: {token: opaque}}]
contexts: [{name: ${name}, context: {cluster: ${name}, user: ${name}}}]
current-context: ${name}
`;
}

function subject(config: string, probe?: ProbeResult): ContextSubject {
  const base = snapshotFrom({ sources: { '/home/u/.kube/config': config } });
  const snapshot: Snapshot = probe ? { ...base, probes: new Map([[subjectOf(base).name, probe]]) } : base;
  return subjectOf(snapshot);
}

const KIND = local('kind-dev', 'https://127.0.0.1:41235');
const REMOTE = local('prod', 'https://api.prod.example.com:6443');

testRule(clusterNotRunning, {
  meta: { needs: 'probe', severity: 'info' },
  valid: [
    { name: 'offline (no probe)', subject: () => subject(KIND) },
    { name: 'a local cluster that answers', subject: () => subject(KIND, answered(201)) },
    { name: 'a remote cluster that refuses', subject: () => subject(REMOTE, refused()) },
    {
      name: 'a local cluster reached through a proxy (the proxy is what failed)',
      subject: () => subject(KIND, refused({ proxy: 'http://proxy.corp:3128' })),
    },
    {
      name: 'a local cluster that connects and then hangs (running, but sick)',
      subject: () => subject(KIND, refused({ code: 'ETIMEDOUT', timedOut: true, stage: 'response' })),
    },
  ],
  invalid: [
    {
      name: 'a kind cluster: start its node container, or create it again',
      subject: () => subject(KIND, refused()),
      findings: [
        {
          title: 'kind cluster not running',
          detail: [
            'Context kind-dev points at a kind cluster, and nothing answers at 127.0.0.1:41235 (ECONNREFUSED): it is not running.',
            '"The connection to the server 127.0.0.1:41235 was refused - did you specify the right host or port?"',
          ],
          evidenceMatching: { context: 'kind-dev', tool: 'kind', code: 'ECONNREFUSED' },
          // Two ways, asked first: start the stopped container, or create the cluster whose container is gone.
          commands: [
            'docker start dev-control-plane',
            'kubectl auth whoami --context kind-dev',
            'kind create cluster --name dev',
            'kubectl auth whoami --context kind-dev',
          ],
        },
      ],
    },
    {
      name: 'Docker Desktop, also when kubernetes.docker.internal no longer resolves: start it, no VPN',
      subject: () =>
        subject(
          local('docker-desktop', 'https://kubernetes.docker.internal:6443'),
          refused({ code: 'ENOTFOUND', stage: 'dns' }),
        ),
      findings: [
        {
          title: 'Docker Desktop cluster not running',
          steps: [
            { title: 'Start Docker Desktop and enable Kubernetes (Settings, Kubernetes, Enable Kubernetes)' },
            {
              title: 'Check that the server accepts context docker-desktop again',
              command: 'kubectl auth whoami --context docker-desktop',
            },
          ],
        },
      ],
    },
    {
      name: 'minikube on a container address with no route: minikube start -p PROFILE',
      subject: () =>
        subject(
          local('work', 'https://192.168.49.2:8443', ', certificate-authority: /home/u/.minikube/ca.crt'),
          refused({ code: 'EHOSTUNREACH' }),
        ),
      findings: [
        {
          title: 'minikube cluster not running',
          commands: ['minikube start -p work', 'kubectl auth whoami --context work'],
        },
      ],
    },
    {
      name: 'k3d on 0.0.0.0',
      subject: () => subject(local('k3d-lab', 'https://0.0.0.0:6550'), refused()),
      findings: [{ commands: ['k3d cluster start lab', 'kubectl auth whoami --context k3d-lab'] }],
    },
    {
      name: 'any other server on a loopback address ([::1], localhost)',
      subject: () => subject(local('tunnel', 'https://[::1]:8443'), refused()),
      findings: [
        {
          title: 'Local cluster not running',
          detail: ['points at a cluster on this computer, and nothing answers at [::1]:8443'],
        },
      ],
    },
  ],
});

describe('cluster-not-running', () => {
  it('takes the stopped local cluster from server-unreachable: no warning, no VPN', () => {
    const stopped = subject(local('docker-desktop', 'https://127.0.0.1:6443'), refused());
    expect(serverUnreachable.check(stopped, ENV)).toEqual([]);
    expect(commandsOf(runRule(clusterNotRunning, stopped))).toEqual(['kubectl auth whoami --context docker-desktop']);
    expect(JSON.stringify(runRule(clusterNotRunning, stopped))).not.toMatch(/VPN/);
    // A remote name that does not resolve is still unreachable (VPN?), not "not running".
    const remote = subject(REMOTE, refused({ code: 'ENOTFOUND', stage: 'dns' }));
    expect(runRule(clusterNotRunning, remote)).toEqual([]);
    expect(serverUnreachable.check(remote, ENV)[0]?.detail).toContain('VPN');
  });

  it.skipIf(!KUBECTL)('quotes what kubectl says for a stopped local cluster', async () => {
    const port = await closedPort();
    const config = local('kind-dev', `https://127.0.0.1:${port}`);
    const kubectl = await runKubectl(config, ['get', 'ns', '--request-timeout=5s'], tempDir('kubectl'));
    const detail = runRule(clusterNotRunning, subject(config, refused()))[0]?.detail ?? '';
    const quoted = /kubectl says "(.*)"\.$/.exec(detail)?.[1];
    expect(quoted).toBeDefined();
    expect(kubectl.code).toBe(1);
    expect(kubectl.stderr).toContain(quoted);
  });
});
