/**
 * Which proxy kubectl would go through to reach a server: the cluster's `proxy-url`,
 * else the environment (Go's http.ProxyFromEnvironment, which client-go uses:
 * HTTPS_PROXY / HTTP_PROXY by the server's scheme, NO_PROXY, never for localhost or
 * a loopback address).
 */
import { BlockList, isIP } from 'node:net';

export type ProxyRoute =
  | { kind: 'direct' }
  | { kind: 'http'; url: URL }
  /** https:// and socks5:// proxies: kubectl speaks them, the probe does not. */
  | { kind: 'unsupported'; url: URL }
  /** kubectl refuses the proxy-url: `invalid 'proxy-url' ... must be http, https, or socks5`. */
  | { kind: 'invalid'; reason: string };

export type ProxyEnv = Readonly<Record<string, string | undefined>>;

function route(url: URL): ProxyRoute {
  if (url.protocol === 'http:') return { kind: 'http', url };
  if (url.protocol === 'https:' || url.protocol === 'socks5:') return { kind: 'unsupported', url };
  return { kind: 'invalid', reason: `unsupported proxy scheme "${url.protocol.slice(0, -1)}"` };
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** An environment proxy without a scheme is http:// (Go's httpproxy parseProxy). */
function envProxy(value: string): ProxyRoute {
  const direct = parseUrl(value);
  const url = direct && ['http:', 'https:', 'socks5:'].includes(direct.protocol) ? direct : parseUrl(`http://${value}`);
  return url ? route(url) : { kind: 'invalid', reason: 'the proxy environment variable is not a URL' };
}

function envAny(env: ProxyEnv, ...names: string[]): string {
  for (const name of names) {
    const value = env[name];
    if (value) return value;
  }
  return '';
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** The host without IPv6 brackets, lower case. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

function isLoopback(host: string): boolean {
  const family = isIP(host);
  if (family === 4) return host.startsWith('127.');
  if (family === 6) return host === '::1' || /^::ffff:127\./.test(host);
  return false;
}

/** NO_PROXY as Go's httpproxy reads it: `*`, IPs, CIDRs, and domains (with or without a leading `.` or `*.`), each with an optional port. */
function bypassesProxy(noProxy: string, host: string, port: string): boolean {
  const ipFamily = isIP(host);
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr?.[1] && isIP(cidr[1])) {
      if (ipFamily === 0) continue;
      const list = new BlockList();
      const type = isIP(cidr[1]) === 4 ? 'ipv4' : 'ipv6';
      try {
        list.addSubnet(cidr[1], Number(cidr[2]), type);
      } catch {
        continue;
      }
      if (list.check(host, ipFamily === 4 ? 'ipv4' : 'ipv6')) return true;
      continue;
    }
    const hostPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    const entryHost = (hostPort?.[1] ?? entry).replace(/^\[(.*)\]$/, '$1');
    const entryPort = hostPort?.[2] ?? '';
    if (entryPort !== '' && entryPort !== port) continue;
    if (isIP(entryHost)) {
      if (entryHost === host) return true;
      continue;
    }
    const suffix = entryHost.startsWith('*.') ? entryHost.slice(1) : entryHost;
    // "example.com" matches the host itself and its subdomains; ".example.com" only subdomains.
    if (host.endsWith(suffix.startsWith('.') ? suffix : `.${suffix}`)) return true;
    if (!suffix.startsWith('.') && host === suffix) return true;
  }
  return false;
}

/** The route to `server`: the cluster's proxy-url wins; an empty one means the environment decides. */
export function proxyRoute(server: URL, proxyUrl: string | undefined, env: ProxyEnv): ProxyRoute {
  if (proxyUrl) {
    const url = parseUrl(proxyUrl);
    return url ? route(url) : { kind: 'invalid', reason: 'proxy-url is not a URL' };
  }
  const host = bareHost(server);
  if (host === 'localhost' || isLoopback(host)) return { kind: 'direct' };
  const value =
    server.protocol === 'https:' ? envAny(env, 'HTTPS_PROXY', 'https_proxy') : envAny(env, 'HTTP_PROXY', 'http_proxy');
  if (!value) return { kind: 'direct' };
  if (bypassesProxy(envAny(env, 'NO_PROXY', 'no_proxy'), host, defaultPort(server))) return { kind: 'direct' };
  return envProxy(value);
}

/** scheme://host:port of a proxy, for evidence: never its user or password. */
export function proxyLabel(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
