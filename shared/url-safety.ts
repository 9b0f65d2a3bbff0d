/**
 * Where the window may be, and which links may leave it. The window only ever shows
 * our own renderer (a file:// page when packaged, the Vite dev server in development);
 * links go to the system browser only for https pages on a short allow-list.
 */

/** Documentation hosts the fix guides link to. */
const EXTERNAL_HOSTS: readonly string[] = [
  'kubernetes.io',
  'github.com',
  'docs.aws.amazon.com',
  'cloud.google.com',
  'learn.microsoft.com',
];

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether `candidate` is our renderer page, given the URL the window loads (`entry`).
 * file://: the very same file (any hash or query, which the renderer uses for routing);
 * dev server: the same origin. Anything unparsable is not ours.
 */
export function isOwnPage(candidate: string, entry: string): boolean {
  const url = parse(candidate);
  const own = parse(entry);
  if (!url || !own || url.protocol !== own.protocol) return false;
  if (own.protocol === 'file:') return url.host === own.host && url.pathname === own.pathname;
  if (own.protocol === 'http:' || own.protocol === 'https:') return url.origin === own.origin;
  return false;
}

/** Whether a link may be handed to the system browser: https, no credentials, port 443, allow-listed host. */
export function isAllowedExternal(candidate: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  const url = parse(candidate);
  if (!url || url.protocol !== 'https:') return false;
  if (url.username || url.password || url.port) return false;
  return hosts.includes(url.hostname);
}

/** `scheme://` and then the userinfo: everything up to the last `@` before the path, query or fragment (as Go's url.Parse reads it). */
const USERINFO = /^((?:[a-z][a-z0-9+.-]*:)?\/\/)?([^/?#]*)@/i;

/**
 * A server or proxy URL as it may be shown: without its userinfo (`https://user:password@host:6443`
 * reads `https://host:6443`), and otherwise exactly as written, so a URL without one is unchanged.
 */
export function withoutUserinfo(url: string): string;
export function withoutUserinfo(url: string | undefined): string | undefined;
export function withoutUserinfo(url: string | undefined): string | undefined {
  return url?.replace(USERINFO, '$1');
}

/**
 * The secret part of a URL's userinfo, raw and decoded, for scrubbing it out of messages: the password,
 * or a user part standing alone (a token used as the user name).
 */
export function userinfoSecrets(url: string): string[] {
  const userinfo = USERINFO.exec(url)?.[2];
  if (!userinfo) return [];
  const colon = userinfo.indexOf(':');
  const secret = colon >= 0 ? userinfo.slice(colon + 1) : userinfo;
  return [...new Set([secret, safeDecode(secret)])].filter((part) => part !== '');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The window's Content-Security-Policy, sent as a header too, so a page without the meta tag is still locked down. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
