/**
 * kubelogin (int128/kubelogin, `kubectl oidc-login`) and its token cache: one JSON file
 * per login, {"id_token", "refresh_token"}, in ~/.kube/cache/oidc-login
 * ($KUBECACHEDIR/oidc-login, or --token-cache-dir). The file name is a sha256 of a
 * Go gob encoding of the login's settings, which differs between versions, so files
 * are matched to a kubeconfig user by what the id_token says: its issuer and audience
 * (kubelogin verifies both against --oidc-issuer-url and --oidc-client-id). Both tokens
 * are secrets: only their claims leave this module.
 */
import { decodeJwt } from '../credentials/jwt';
import { commandName, flagValue, isAzureKubelogin } from '../guides/provider';
import { join } from '../kubeconfig/filepath';
import type { ExecConfig } from '../kubeconfig/model';
import { parseJsonObject } from '../json-object';
import type { Host } from '../host';
import { expandHome } from './plugin-env';

export interface KubeloginClient {
  issuer: string;
  clientId: string;
  /** Where this plugin keeps its token cache. */
  cacheDir: string;
}

/** int128's get-token, under any of its names (Azure's kubelogin takes --server-id instead of an issuer). */
function isOidcGetToken(exec: ExecConfig): boolean {
  const name = commandName(exec.command);
  const args = name === 'kubectl' ? exec.args.slice(1) : exec.args;
  const plugin =
    name === 'kubectl' ? exec.args[0] === 'oidc-login' : ['kubelogin', 'kubectl-oidc_login'].includes(name);
  return plugin && args[0] === 'get-token' && !isAzureKubelogin(exec);
}

/**
 * Whether int128's get-token may open a browser or prompt: every grant type but client-credentials and the
 * password grant (`auto` with --username is the password grant; it prompts for a missing password on stdin,
 * which is closed, and so fails instead).
 */
export function kubeloginMayNeedPerson(exec: ExecConfig): boolean {
  if (!isOidcGetToken(exec)) return false;
  const grant = flagValue(exec.args, '--grant-type') ?? 'auto';
  if (grant === 'client-credentials' || grant === 'password') return false;
  return !(grant === 'auto' && flagValue(exec.args, '--username') !== undefined);
}

/** Tokens kept only in the OS keyring never reach a file. */
export function keyringOnly(args: readonly string[]): boolean {
  return args.includes('--force-keyring') || flagValue(args, '--token-cache-storage') === 'keyring';
}

/** `host.env` is the environment kubelogin runs with ($KUBECACHEDIR). */
export function kubeloginDefaultCacheDir({ env, homeDir, platform }: Host): string {
  return env.KUBECACHEDIR
    ? join(platform, env.KUBECACHEDIR, 'oidc-login')
    : join(platform, homeDir, '.kube', 'cache', 'oidc-login');
}

/**
 * The OIDC client a kubeconfig user's kubelogin logs in with; undefined for other plugins and keyring-only
 * caches. `host.env` is the environment the plugin runs with (pluginEnv).
 */
export function kubeloginClient(exec: ExecConfig, host: Host): KubeloginClient | undefined {
  if (!isOidcGetToken(exec) || keyringOnly(exec.args)) return undefined;
  const issuer = flagValue(exec.args, '--oidc-issuer-url');
  const clientId = flagValue(exec.args, '--oidc-client-id');
  if (!issuer || !clientId) return undefined;
  const dir = flagValue(exec.args, '--token-cache-dir');
  const cacheDir = dir ? expandHome(dir, host.homeDir, host.platform) : kubeloginDefaultCacheDir(host);
  return { issuer, clientId, cacheDir };
}

export interface KubeloginTokenFacts {
  issuer: string;
  audience: string[];
  /** The id_token's exp and iat, epoch ms. */
  expiresAt: number;
  issuedAt?: number;
  hasRefreshToken: boolean;
  /** When the refresh token is a JWT (Keycloak, for one), its exp and iat: the identity provider's session limit. */
  refreshExpiresAt?: number;
  refreshIssuedAt?: number;
}

export type KubeloginTokenParse = { ok: true; token: KubeloginTokenFacts } | { ok: false; reason: string };

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function parseKubeloginCache(text: string): KubeloginTokenParse {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const { id_token: idToken, refresh_token: refreshToken } = parsed.object;
  const id = nonEmptyString(idToken);
  if (!id) return { ok: false, reason: 'no id_token' };
  const decoded = decodeJwt(id);
  if (decoded.format !== 'jwt') return { ok: false, reason: 'the id_token is not a readable JWT' };
  const { iss, aud, exp, iat } = decoded.claims;
  if (!iss || exp === undefined) return { ok: false, reason: 'the id_token has no iss or exp claim' };
  const token: KubeloginTokenFacts = { issuer: iss, audience: aud, expiresAt: exp, hasRefreshToken: false };
  if (iat !== undefined) token.issuedAt = iat;
  const refresh = nonEmptyString(refreshToken);
  if (refresh) {
    token.hasRefreshToken = true;
    const claims = decodeJwt(refresh);
    // Offline tokens (Keycloak) carry exp 0: they have no fixed end.
    if (claims.format === 'jwt' && claims.claims.exp !== undefined && claims.claims.exp > 0) {
      token.refreshExpiresAt = claims.claims.exp;
      if (claims.claims.iat !== undefined) token.refreshIssuedAt = claims.claims.iat;
    }
  }
  return { ok: true, token };
}

const trimSlash = (url: string): string => url.replace(/\/$/, '');

/** kubelogin checks iss against the issuer URL and that aud holds the client id (go-oidc's verifier). */
export function tokenBelongsTo(
  token: Pick<KubeloginTokenFacts, 'issuer' | 'audience'>,
  client: KubeloginClient,
): boolean {
  return trimSlash(token.issuer) === trimSlash(client.issuer) && token.audience.includes(client.clientId);
}
