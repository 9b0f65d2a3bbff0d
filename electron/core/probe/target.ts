/**
 * What a probe of one context sends and how it connects, decided the way kubectl
 * decides it: the server URL, TLS settings (CA data over file, tls-server-name,
 * insecure-skip-tls-verify), the proxy, and the credential kubectl would present
 * (static client certificate / token / basic auth, else the exec plugin's or the oidc
 * id-token). Entries kubectl refuses before sending anything are `invalid-config`:
 * offline rules already say why. The target holds secrets and never leaves core.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { fileAt, type ProbeCredential, type ProbeResult, type Snapshot } from '../../../shared/facts';
import { credentialRefusals, credentialSetup } from '../../../shared/credentials/kind';
import { OIDC_EXPIRY_DELTA_MS, readUserTokens } from '../../../shared/credentials/token';
import type { Cluster, Named, User } from '../../../shared/kubeconfig/model';
import { userinfoSecrets } from '../../../shared/url-safety';
import { bareHost, proxyRoute, type ProxyEnv, type ProxyRoute } from './proxy';

export type Skipped = Extract<ProbeResult, { state: 'skipped' }>;

export interface TlsSettings {
  secureContext: SecureContext;
  /** The name the server certificate must carry: tls-server-name, else the server's host. */
  verifyName: string;
  /** SNI; absent for an IP address (RFC 6066 allows host names only). */
  servername?: string;
  insecure: boolean;
  /** The same trust without the client certificate (present only with one): tells a refused certificate from a dropped connection. */
  withoutClientCert?: () => SecureContext;
}

export interface ProbeTarget {
  /** Contexts with the same cluster and user get the same answer: probed once. */
  key: string;
  server: URL;
  /** Absent for an http:// server. */
  tls?: TlsSettings;
  proxy: Extract<ProxyRoute, { kind: 'direct' | 'http' }>;
  authorization?: string;
  credential: ProbeCredential;
  /** Every secret the target holds, to scrub from whatever the server says back. */
  secrets: string[];
}

export interface TargetOptions {
  /** The proxy environment (HTTPS_PROXY, NO_PROXY...). */
  env: ProxyEnv;
  /** Roots for a cluster without a CA in its kubeconfig. */
  systemRoots: readonly string[];
  now: number;
}

class Refused extends Error {
  constructor(readonly reason: Skipped['reason']) {
    super(reason);
  }
}

const skip = (reason: Skipped['reason']): Skipped => ({ state: 'skipped', reason });

function fromBase64(data: string): string {
  return Buffer.from(data, 'base64').toString('utf8');
}

/** `*-data` wins over the file, as in client-go's dataFromSliceOrFile; an unreadable file fails the load. */
function dataOrFile(snapshot: Snapshot, data: string | undefined, file: string | undefined): string | undefined {
  if (data) return fromBase64(data);
  if (!file) return undefined;
  const read = fileAt(snapshot, file);
  if (read.state !== 'ok') throw new Refused('invalid-config');
  return read.text;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Go's AppendCertsFromPEM must find at least one certificate: "unable to load root certificates". */
function caCertificates(pem: string): string[] {
  const certs = (pem.match(PEM_CERTIFICATE) ?? []).filter((block) => {
    try {
      new X509Certificate(block);
      return true;
    } catch {
      return false;
    }
  });
  if (certs.length === 0) throw new Refused('invalid-config');
  return certs;
}

/** DefaultServerURL: a server without a scheme is https when TLS is configured, else http. */
function serverUrl(cluster: Cluster): URL {
  const server = cluster.server ?? '';
  const tlsConfigured =
    Boolean(cluster.certificateAuthority || cluster.certificateAuthorityData) || cluster.insecureSkipTlsVerify;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(server)
    ? server
    : `${tlsConfigured ? 'https' : 'http'}://${server}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Refused('invalid-config');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Refused('invalid-config');
  return url;
}

function tlsSettings(
  snapshot: Snapshot,
  cluster: Cluster,
  url: URL,
  client: ClientCert | undefined,
  roots: readonly string[],
): TlsSettings {
  const caPem = dataOrFile(snapshot, cluster.certificateAuthorityData, cluster.certificateAuthority);
  const insecure = cluster.insecureSkipTlsVerify === true;
  // "specifying a root certificates file with the insecure flag is not allowed"
  if (insecure && caPem !== undefined) throw new Refused('invalid-config');
  const verifyName = cluster.tlsServerName || bareHost(url);
  const ca = caPem === undefined ? [...roots] : caCertificates(caPem);
  let secureContext: SecureContext;
  try {
    secureContext = createSecureContext({ ca, ...(client ? { cert: client.cert, key: client.key } : {}) });
  } catch {
    // A key that does not match its certificate, or PEM that does not parse (offline rules explain).
    throw new Refused('invalid-config');
  }
  return {
    secureContext,
    verifyName,
    ...(isIP(verifyName) ? {} : { servername: verifyName }),
    insecure,
    ...(client ? { withoutClientCert: () => createSecureContext({ ca }) } : {}),
  };
}

interface ClientCert {
  cert: string;
  key: string;
}

interface Credential {
  client?: ClientCert;
  authorization?: string;
  presented: ProbeCredential['presented'];
  from?: ProbeCredential['from'];
  secrets: string[];
}

function bearer(token: string): Pick<Credential, 'authorization' | 'secrets'> {
  return { authorization: `Bearer ${token}`, secrets: [token] };
}

/** client-go reads the token file per request and falls back to the inline token when that fails. */
function staticToken(snapshot: Snapshot, user: User): string {
  if (user.tokenFile) {
    const read = fileAt(snapshot, user.tokenFile);
    const fromFile = read.state === 'ok' ? read.text.trim() : '';
    if (fromFile) return fromFile;
  }
  if (user.token) return user.token;
  // "read empty token from file", or an unreadable file with nothing to fall back to.
  throw new Refused('invalid-config');
}

function staticCredential(snapshot: Snapshot, user: User, sent: readonly string[]): Credential {
  const out: Credential = { presented: [], secrets: [] };
  if (sent.includes('client-certificate')) {
    const cert = dataOrFile(snapshot, user.clientCertificateData, user.clientCertificate);
    const key = dataOrFile(snapshot, user.clientKeyData, user.clientKey);
    if (!cert || !key) throw new Refused('invalid-config');
    out.client = { cert, key };
    out.presented.push('client-certificate');
    out.secrets.push(key);
  }
  if (sent.includes('token')) {
    const token = staticToken(snapshot, user);
    out.authorization = `Bearer ${token}`;
    out.presented.push('token');
    out.secrets.push(token);
  } else if (sent.includes('basic')) {
    const basic = Buffer.from(`${user.username ?? ''}:${user.password ?? ''}`).toString('base64');
    out.authorization = `Basic ${basic}`;
    out.presented.push('basic');
    out.secrets.push(basic, ...(user.password ? [user.password] : []));
  }
  return out;
}

function execCredential(snapshot: Snapshot, user: Named<User>): Credential {
  const run = snapshot.execRuns?.get(user.name);
  if (run?.state !== 'ok') throw new Refused('no-credential');
  const { token, clientCertificateData: cert, clientKeyData: key } = run.credential;
  // An ExecCredential holds PEM in its *Data fields (not base64, unlike the kubeconfig's).
  if (cert && key) return { client: { cert, key }, presented: ['client-certificate'], from: 'exec', secrets: [key] };
  if (token) return { ...bearer(token), presented: ['token'], from: 'exec' };
  throw new Refused('no-credential');
}

function oidcCredential(snapshot: Snapshot, user: Named<User>, now: number): Credential {
  const oidc = readUserTokens(snapshot, user.value).oidc;
  const raw = user.value.authProvider?.config['id-token'];
  const decoded = oidc?.idToken?.decoded;
  if (!oidc || !raw || decoded?.format !== 'jwt') throw new Refused('no-credential');
  const exp = decoded.claims.exp;
  if (exp !== undefined && exp - OIDC_EXPIRY_DELTA_MS < now) {
    throw new Refused(oidc.hasRefreshToken ? 'oidc-refresh' : 'no-credential');
  }
  return { ...bearer(raw), presented: ['token'], from: 'oidc' };
}

function credentialOf(snapshot: Snapshot, user: Named<User> | undefined, now: number): Credential {
  if (!user) return { presented: [], secrets: [] };
  if (credentialRefusals(user.name, user.value).length > 0) throw new Refused('invalid-config');
  const setup = credentialSetup(user.value);
  if (setup.sent.length > 0) return staticCredential(snapshot, user.value, setup.sent);
  switch (setup.wins) {
    case 'exec':
      return execCredential(snapshot, user);
    case 'oidc':
      return oidcCredential(snapshot, user, now);
    case 'auth-provider':
      // gcp and azure were removed from kubectl in 1.26: it sends nothing.
      throw new Refused('no-credential');
    default:
      return { presented: [], secrets: [] };
  }
}

/** The probe of one context, or why there is none. */
export function resolveTarget(snapshot: Snapshot, contextName: string, options: TargetOptions): ProbeTarget | Skipped {
  const { config } = snapshot;
  const context = config.contexts.get(contextName)?.value;
  if (!context) return skip('invalid-config');
  const cluster = context.cluster === undefined ? undefined : config.clusters.get(context.cluster);
  if (!cluster?.value.server) return skip('no-server');
  const user = context.user ? config.users.get(context.user) : undefined;
  // kubectl prompts for a username when the context names a user that is not defined.
  if (context.user && !user) return skip('invalid-config');
  try {
    const server = serverUrl(cluster.value);
    const proxy = proxyRoute(server, cluster.value.proxyUrl, options.env);
    if (proxy.kind === 'invalid') return skip('invalid-config');
    if (proxy.kind === 'unsupported') return skip('unsupported-proxy');
    const credential = credentialOf(snapshot, user, options.now);
    const tls =
      server.protocol === 'https:'
        ? tlsSettings(snapshot, cluster.value, server, credential.client, options.systemRoots)
        : undefined;
    return {
      key: `${cluster.name}\u0000${user?.name ?? ''}`,
      server,
      ...(tls ? { tls } : {}),
      proxy,
      ...(credential.authorization ? { authorization: credential.authorization } : {}),
      credential: { presented: credential.presented, ...(credential.from ? { from: credential.from } : {}) },
      // A password in the server or proxy URL is sent as written; no message may repeat it.
      secrets: [
        ...credential.secrets,
        ...userinfoSecrets(cluster.value.server),
        ...userinfoSecrets(cluster.value.proxyUrl ?? ''),
      ],
    };
  } catch (error) {
    if (error instanceof Refused) return skip(error.reason);
    throw error;
  }
}
