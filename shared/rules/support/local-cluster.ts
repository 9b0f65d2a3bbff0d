/**
 * Local clusters (Docker Desktop, Rancher Desktop, kind, k3d, minikube, anything on this computer's
 * loopback address) and when a failed probe means one is simply not running. Read by
 * cluster-not-running, which says so neutrally, and by server-unreachable, which then stays silent.
 */
import type { ContextSubject } from '../../facts';
import { endpointOf } from '../../guides/probe';
import type { ProbeOf } from './probe';

export type LocalCluster =
  | { tool: 'docker-desktop' | 'rancher-desktop' | 'loopback' }
  /** `name`: the kind or k3d cluster (its contexts are kind-NAME, k3d-NAME), or the minikube profile. */
  | { tool: 'kind' | 'k3d' | 'minikube'; name: string };

/** 0.0.0.0 too: k3d writes https://0.0.0.0:PORT, which connects to this computer. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '0.0.0.0' || host.startsWith('127.');
}

/** Names the tools write (kind-NAME for context, cluster and user alike), checked on the cluster entry first. */
function named(subject: ContextSubject, pattern: RegExp): string | undefined {
  for (const name of [subject.cluster?.name, subject.name]) {
    const match = name === undefined ? null : pattern.exec(name);
    if (match) return match[1] ?? match[0];
  }
  return undefined;
}

/** minikube keeps its CA in ~/.minikube (MINIKUBE_HOME/.minikube): its servers are often a VM's or a container's address. */
function isMinikube(subject: ContextSubject): boolean {
  const ca = subject.cluster?.value.certificateAuthority ?? '';
  return /(^|[\\/])\.minikube[\\/]/.test(ca) || subject.cluster?.name === 'minikube';
}

function localClusterOf(subject: ContextSubject): LocalCluster | undefined {
  const host = endpointOf(subject)?.host;
  if (host === undefined) return undefined;
  if (isMinikube(subject)) return { tool: 'minikube', name: subject.cluster?.name ?? subject.name };
  const dockerDesktop = named(subject, /^docker-(for-)?desktop$/);
  if (dockerDesktop && (isLoopback(host) || host === 'kubernetes.docker.internal')) return { tool: 'docker-desktop' };
  if (!isLoopback(host)) return undefined;
  if (named(subject, /^rancher-desktop$/)) return { tool: 'rancher-desktop' };
  const kind = named(subject, /^kind-(.+)$/);
  if (kind) return { tool: 'kind', name: kind };
  const k3d = named(subject, /^k3d-(.+)$/);
  if (k3d) return { tool: 'k3d', name: k3d };
  return { tool: 'loopback' };
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const NO_ROUTE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/**
 * The local cluster whose server the probe could not connect to because it is stopped: nothing
 * listens (connection refused); for Docker Desktop also kubernetes.docker.internal no longer
 * resolving, and for minikube, whose server is a VM's or a container's address, no route to it or
 * no answer to connecting. Never through a proxy: then the proxy is what failed.
 */
export function stoppedLocalCluster(
  subject: ContextSubject,
  probe: ProbeOf<'network-error'>,
): LocalCluster | undefined {
  if (probe.proxy) return undefined;
  const local = localClusterOf(subject);
  if (!local) return undefined;
  const connecting = probe.stage === undefined || probe.stage === 'dns' || probe.stage === 'connect';
  if (probe.code === 'ECONNREFUSED') return local;
  if (local.tool === 'docker-desktop' && DNS_CODES.has(probe.code)) return local;
  if (local.tool === 'minikube' && connecting && (NO_ROUTE_CODES.has(probe.code) || probe.timedOut)) return local;
  return undefined;
}
