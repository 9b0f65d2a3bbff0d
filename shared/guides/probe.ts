/** Fix steps the live-probe rules share: look at the server's certificate, then ask the server again. */
import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { shellArg } from './shell';

/** The host and port the probe connected to, for commands (`nc -vz HOST PORT`). */
export function endpointOf(subject: ContextSubject): { host: string; port: string } | undefined {
  const server = subject.cluster?.value.server;
  if (server === undefined) return undefined;
  try {
    const url = new URL(server);
    return {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || (url.protocol === 'http:' ? '80' : '443'),
    };
  } catch {
    return undefined;
  }
}

/** Shows the chain the server sends, to compare with the CA the kubeconfig holds. */
export function inspectCertificateSteps(subject: ContextSubject): FixStep[] {
  const endpoint = endpointOf(subject);
  if (!endpoint) return [];
  const sni = subject.cluster?.value.tlsServerName ?? endpoint.host;
  return [
    {
      title: 'See the certificate the server presents (issuer, dates, names)',
      command:
        `openssl s_client -connect ${shellArg(`${endpoint.host}:${endpoint.port}`)} -servername ${shellArg(sni)} ` +
        '</dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName',
    },
  ];
}

/** The last step of every probe guide: ask the server again, as kubectl would. */
export function recheckStep(subject: ContextSubject): FixStep {
  return {
    title: `Check that the server accepts context ${subject.name} again`,
    command: `kubectl auth whoami --context ${shellArg(subject.name)}`,
  };
}
