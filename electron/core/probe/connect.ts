/**
 * Opens the connection a probe request goes over: TCP to the server or through an
 * http:// proxy's CONNECT tunnel, then TLS, verified before the socket is handed to
 * the HTTP client. Verification runs in the 'secureConnect' handler (Node verifies
 * with rejectUnauthorized false and reports `authorized`), so the server certificate
 * can be read on a failed verification from the same handshake, and nothing of the
 * request (the Authorization header) has been written by then.
 */
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { ProbeStage, ServerCertificate } from '../../../shared/facts';
import { bareHost } from './proxy';
import type { ProbeTarget, TlsSettings } from './target';

/** The server certificate did not verify; the credential was not sent. */
export class TlsVerifyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly serverCertificate: ServerCertificate | undefined,
  ) {
    super(message);
  }
}

/** The proxy refused or mangled the CONNECT. */
export class ProxyConnectError extends Error {
  readonly code = 'PROXY_CONNECT_FAILED';
}

const PROXY_HEAD_LIMIT = 16 * 1024;

// OpenSSL's words for the verification codes Node reports (X509_verify_cert_error_string).
const VERIFY_MESSAGES: Record<string, string> = {
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_UNTRUSTED: 'certificate not trusted',
  CERT_REJECTED: 'certificate rejected',
  INVALID_CA: 'invalid CA certificate',
  INVALID_PURPOSE: 'unsupported certificate purpose',
  CERT_CHAIN_TOO_LONG: 'certificate chain too long',
  PATH_LENGTH_EXCEEDED: 'path length constraint exceeded',
  CERT_REVOKED: 'certificate revoked',
};

function serverCertificate(socket: TLSSocket): ServerCertificate | undefined {
  const x509 = socket.getPeerX509Certificate();
  if (!x509) return undefined;
  return {
    subject: x509.subject.split('\n').join(', '),
    issuer: x509.issuer.split('\n').join(', '),
    notBefore: Date.parse(x509.validFrom),
    notAfter: Date.parse(x509.validTo),
    ...(x509.subjectAltName ? { subjectAltName: x509.subjectAltName } : {}),
    fingerprint256: x509.fingerprint256,
  };
}

function verificationError(socket: TLSSocket, tls: TlsSettings): TlsVerifyError {
  const code = String(socket.authorizationError ?? 'CERT_UNTRUSTED');
  const peer: PeerCertificate = socket.getPeerCertificate();
  const message =
    code === 'ERR_TLS_CERT_ALTNAME_INVALID'
      ? (checkServerIdentity(tls.verifyName, peer)?.message ?? code)
      : (VERIFY_MESSAGES[code] ?? code);
  return new TlsVerifyError(code, message, serverCertificate(socket));
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

/** Settles on the first of: the socket's `done` event, an error, close, or abort. */
function until<T>(
  socket: Socket,
  signal: AbortSignal,
  wire: (resolve: (value: T) => void, reject: (error: unknown) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      socket.off('error', onError);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('the connection closed early'), { code: 'ECONNRESET' }));
    };
    const onAbort = () => {
      cleanup();
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    socket.once('error', onError);
    socket.once('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
    wire(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error) => {
        cleanup();
        socket.destroy();
        reject(error);
      },
    );
  });
}

async function openTcp(
  host: string,
  port: number,
  signal: AbortSignal,
  stage: (s: ProbeStage) => void,
): Promise<Socket> {
  stage(isIP(host) ? 'connect' : 'dns');
  const socket = tcpConnect({ host, port });
  socket.once('lookup', (error: Error | null) => {
    if (!error) stage('connect');
  });
  await until<true>(socket, signal, (resolve) => socket.once('connect', () => resolve(true)));
  // Past this point errors surface through the TLS socket or the HTTP client; an unheard one would crash the process.
  socket.on('error', () => undefined);
  return socket;
}

function proxyAuthorization(proxy: URL): string[] {
  if (!proxy.username) return [];
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return [`Proxy-Authorization: Basic ${Buffer.from(credentials).toString('base64')}`];
}

/** An HTTP CONNECT tunnel through `proxy` to host:port (what Go's transport does for proxy-url http://). */
async function tunnel(socket: Socket, proxy: URL, server: URL, signal: AbortSignal): Promise<void> {
  const authority = `${server.hostname}:${portOf(server)}`;
  const head = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`, ...proxyAuthorization(proxy)];
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  const status = await until<number>(socket, signal, (resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (received.length > PROXY_HEAD_LIMIT) reject(new ProxyConnectError('the proxy answered an endless header'));
        return;
      }
      socket.off('data', onData);
      socket.pause();
      // The client speaks first through a fresh tunnel: bytes already waiting are the proxy's garbage.
      if (received.length > end + 4) return reject(new ProxyConnectError('the proxy sent data past its answer'));
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received.subarray(0, end).toString('latin1'));
      if (!match) reject(new ProxyConnectError('the proxy did not answer the CONNECT in HTTP'));
      else resolve(Number(match[1]));
    };
    socket.on('data', onData);
  });
  if (status !== 200) throw new ProxyConnectError(`the proxy answered ${status} to CONNECT ${authority}`);
}

async function handshake(socket: Socket, tls: TlsSettings, signal: AbortSignal): Promise<TLSSocket> {
  const secure = tlsConnect({
    socket,
    secureContext: tls.secureContext,
    ...(tls.servername ? { servername: tls.servername } : {}),
    // Verified below, before anyone writes to the socket: see the module comment.
    rejectUnauthorized: false,
    checkServerIdentity: (_host, cert) => checkServerIdentity(tls.verifyName, cert),
    ALPNProtocols: ['http/1.1'],
  });
  return until<TLSSocket>(secure, signal, (resolve, reject) =>
    secure.once('secureConnect', () => {
      if (tls.insecure || secure.authorized) resolve(secure);
      else reject(verificationError(secure, tls));
    }),
  );
}

/**
 * A connected, verified socket to the target's server, or a rejection: a
 * TlsVerifyError, a ProxyConnectError, a Node network error, or the signal's reason.
 */
export async function openConnection(
  target: ProbeTarget,
  signal: AbortSignal,
  stage: (s: ProbeStage) => void,
): Promise<Socket> {
  const hop = target.proxy.kind === 'http' ? target.proxy.url : target.server;
  const socket = await openTcp(bareHost(hop), portOf(hop), signal, stage);
  try {
    if (target.proxy.kind === 'http') {
      stage('proxy');
      await tunnel(socket, target.proxy.url, target.server, signal);
    }
    if (!target.tls) return socket;
    stage('tls');
    return await handshake(socket, target.tls, signal);
  } catch (error) {
    socket.destroy();
    throw error;
  }
}
