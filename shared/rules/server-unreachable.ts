import type { ContextSubject, Platform } from '../facts';
import type { FixStep } from '../findings';
import { endpointOf, recheckStep } from '../guides/probe';
import { shellArg } from '../guides/shell';
import { stoppedLocalCluster } from './support/local-cluster';
import { probeIn, serverOf, targetEvidence, type ProbeOf } from './support/probe';
import type { ContextRule, FindingDraft, RuleEnv } from './types';
import { clientCertRefusal } from './server-client-cert-required';

const ID = 'server-unreachable';

type NetworkError = ProbeOf<'network-error'>;
type Endpoint = { host: string; port: string };

type Failure =
  | 'dns'
  | 'refused'
  | 'no-route'
  | 'timeout-connect'
  | 'timeout-answer'
  | 'reset'
  | 'not-http'
  | 'tls'
  | 'proxy'
  | 'proxy-down'
  | 'other';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const NO_ROUTE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

function classify(probe: NetworkError): Failure {
  // Before the tunnel, the connection being made is the one to the proxy.
  if (probe.proxy && (probe.stage === 'dns' || probe.stage === 'connect')) return 'proxy-down';
  if (probe.timedOut) {
    return probe.stage === 'dns' || probe.stage === 'connect' || probe.stage === 'proxy'
      ? 'timeout-connect'
      : 'timeout-answer';
  }
  if (probe.code === 'PROXY_CONNECT_FAILED') return 'proxy';
  if (DNS_CODES.has(probe.code)) return 'dns';
  if (probe.code === 'ECONNREFUSED') return 'refused';
  if (NO_ROUTE_CODES.has(probe.code)) return 'no-route';
  if (probe.code.startsWith('HPE_')) return 'not-http';
  if (probe.stage === 'tls' && !RESET_CODES.has(probe.code)) return 'tls';
  if (RESET_CODES.has(probe.code)) return 'reset';
  return 'other';
}

/** Failures a connectivity test from this computer tells apart; the others happen after connecting. */
const REACHABILITY = new Set<Failure>(['dns', 'refused', 'no-route', 'timeout-connect', 'reset', 'other']);

/** kubectl's words for the failure, so users can match what they saw. */
function kubectlSays(failure: Failure, address: string): string {
  if (failure === 'refused') {
    return `kubectl says "The connection to the server ${address} was refused - did you specify the right host or port?".`;
  }
  return 'kubectl fails with "Unable to connect to the server".';
}

function explain(failure: Failure, address: string, endpoint: Endpoint | undefined, probe: NetworkError): string {
  const host = endpoint?.host ?? address;
  const vpn = 'If the cluster is private, connect to its VPN (or bastion) first.';
  switch (failure) {
    case 'dns':
      return `The name ${host} does not resolve (${probe.code}). Private cluster names often resolve only on the VPN; or the cluster was deleted. ${vpn}`;
    case 'refused':
      return `${address} refused the connection: nothing listens on that port. The cluster may be stopped or deleted, or the port in the kubeconfig is wrong.`;
    case 'no-route':
      return `There is no network route to ${host} (${probe.code}). ${vpn}`;
    case 'timeout-connect':
      return `${address} did not accept a connection: ${probe.message}. A firewall drops the packets, or the endpoint is private. ${vpn}`;
    case 'timeout-answer':
      return `${address} accepted the connection but did not answer: ${probe.message}. The API server is overloaded or hung, or a middlebox holds the connection.`;
    case 'reset':
      return `${address} cut the connection (${probe.code}). A proxy, firewall or load balancer in the way, or a server restarting.`;
    case 'not-http':
      return `Something answers at ${address}, but not an API server: ${probe.message}. The server address or port in the kubeconfig points at another service.`;
    case 'tls':
      return `The TLS handshake with ${address} failed (${probe.code}: ${probe.message}). The port may not speak TLS (an http:// server, another service), or a proxy interferes.`;
    case 'proxy':
      return `The proxy refused to open a tunnel to ${address}: ${probe.message}.`;
    case 'proxy-down':
      return `The proxy ${probe.proxy ?? ''} cannot be reached: ${probe.message} (${probe.code}).`;
    case 'other':
      return `The connection to ${address} failed: ${probe.message} (${probe.code}).`;
  }
}

function reachSteps(platform: Platform, endpoint: Endpoint, dns: boolean): FixStep[] {
  const { host, port } = endpoint;
  if (dns) {
    return [
      {
        title: `Check whether ${host} resolves from this computer`,
        command: platform === 'win32' ? `Resolve-DnsName ${shellArg(host)}` : `nslookup ${shellArg(host)}`,
      },
    ];
  }
  return [
    {
      title: `Check whether ${host} port ${port} accepts connections from this computer`,
      command:
        platform === 'win32'
          ? `Test-NetConnection ${shellArg(host)} -Port ${port}`
          : `nc -vz -w 5 ${shellArg(host)} ${port}`,
    },
  ];
}

function steps(subject: ContextSubject, failure: Failure, probe: NetworkError, env: RuleEnv): FixStep[] {
  const endpoint = endpointOf(subject);
  const out: FixStep[] = [];
  if (probe.proxy) out.push({ title: `Check that the proxy ${probe.proxy} is running and allows this destination` });
  if (failure === 'dns' || failure === 'no-route' || failure === 'timeout-connect') {
    out.push({ title: 'If the cluster is private, connect to its VPN or bastion first' });
  }
  if (endpoint && !probe.proxy && REACHABILITY.has(failure)) {
    out.push(...reachSteps(env.platform, endpoint, failure === 'dns'));
  }
  return [...out, recheckStep(subject)];
}

function verdict(subject: ContextSubject, probe: NetworkError, env: RuleEnv): FindingDraft {
  const endpoint = endpointOf(subject);
  const address = endpoint ? `${endpoint.host}:${endpoint.port}` : serverOf(subject);
  const failure = classify(probe);
  const via = probe.proxy ? ` (through the proxy ${probe.proxy})` : '';
  return {
    detail:
      `Context ${subject.name} cannot reach its API server ${serverOf(subject)}${via}. ` +
      `${explain(failure, address, endpoint, probe)} ${kubectlSays(failure, address)}`,
    evidence: {
      ...targetEvidence(subject),
      code: probe.code,
      message: probe.message,
      timedOut: probe.timedOut,
      ...(probe.stage ? { stage: probe.stage } : {}),
      ...(probe.proxy ? { proxy: probe.proxy } : {}),
    },
    fix: steps(subject, failure, probe, env),
  };
}

export default {
  meta: {
    id: ID,
    title: 'API server unreachable',
    severity: 'warning',
    needs: 'probe',
    description: 'The live probe could not reach the API server: DNS failure, connection refused, timeout (VPN down?).',
    explanation:
      'Before any credential matters, kubectl has to reach the API server: resolve its name, open a ' +
      'connection, complete the TLS handshake. Private clusters are often reachable only through a VPN, a ' +
      'bastion or a proxy, and local ones only while they run; otherwise kubectl fails with "Unable to ' +
      'connect to the server" whatever the credentials.',
    remedy:
      'Check the way to the server: connect the VPN or bastion of a private cluster, start a local cluster ' +
      'or its tunnel, check the proxy, and test name resolution and the port from this computer (the ' +
      'finding gives the commands).',
  },
  scope: 'context',
  check(subject, env) {
    const probe = probeIn(subject, 'network-error');
    // A local cluster that is stopped is cluster-not-running's, neutrally: no VPN to connect. A
    // handshake ended over the client certificate reached the server: server-client-cert-required's.
    return probe && !stoppedLocalCluster(subject, probe) && !clientCertRefusal(subject)
      ? [verdict(subject, probe, env)]
      : [];
  },
} satisfies ContextRule;
