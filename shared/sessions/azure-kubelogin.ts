/**
 * Azure's kubelogin (`kubelogin get-token --server-id …`, github.com/Azure/kubelogin) and what it keeps
 * in its cache directory: --cache-dir (or the deprecated --token-cache-dir), else $KUBECACHEDIR itself
 * (no subdirectory, unlike int128's), else ~/.kube/cache/kubelogin.
 * - Up to v0.1.x: one adal token per login, `<environment>-<server-id>-<client-id>-<tenant-id>.json`
 *   (`…_legacy.json` with --legacy), {access_token, refresh_token, expires_on: epoch seconds, …}. The
 *   plugin returns the token while it is valid, refreshes it with the refresh token, and only then
 *   starts a new login (a device code or a browser).
 * - From v0.2.0 (Azure/kubelogin#608): `auth.json`, azidentity's AuthenticationRecord (account, client
 *   and tenant ids: no token, no expiry); the tokens sit in the OS's secure storage, out of reach. With a
 *   record the plugin first tries a silent refresh; without one it goes straight to the login.
 * The login mode is `--login`/`-l`, which $AAD_LOGIN_METHOD overrides unless --disable-environment-override
 * is given; get-token's default is devicecode. Tokens are secrets: only expiry times and ids leave here.
 */
import { flagValue, isAzureKubelogin } from '../guides/provider';
import { join } from '../kubeconfig/filepath';
import type { ExecConfig } from '../kubeconfig/model';
import { parseJsonObject } from '../json-object';
import type { Env, Host } from '../host';
import { expandHome } from './plugin-env';

/** Login modes that show a device code or open a browser: a person has to be there. */
const PERSON_MODES: ReadonlySet<string> = new Set(['devicecode', 'interactive']);

/** The file azidentity's AuthenticationRecord is kept in (v0.2.0 on). */
export const AZURE_AUTH_RECORD_FILE = 'auth.json';

export interface AzureKubeloginLogin {
  /** devicecode, interactive, spn, ropc, msi, azurecli, azd, workloadidentity, azurepipelines */
  mode: string;
  serverId: string;
  clientId?: string;
  tenantId?: string;
  cacheDir: string;
  /** The v0.1.x token file of this login, when client and tenant ids are known. */
  tokenFile?: string;
}

/** The login mode of an Azure kubelogin get-token entry; undefined for anything else. `env`: the plugin's environment. */
export function azureLoginMode(exec: ExecConfig, env: Env): string | undefined {
  if (!isAzureKubelogin(exec) || exec.args[0] !== 'get-token') return undefined;
  const fromEnv = exec.args.includes('--disable-environment-override') ? undefined : env.AAD_LOGIN_METHOD;
  return fromEnv ?? flagValue(exec.args, '--login', '-l') ?? 'devicecode';
}

/** How an Azure kubelogin entry logs in; undefined for anything else. `host.env` is the env the plugin runs with. */
export function azureKubeloginLogin(exec: ExecConfig, host: Host): AzureKubeloginLogin | undefined {
  const mode = azureLoginMode(exec, host.env);
  if (mode === undefined) return undefined;
  const { args } = exec;
  const serverId = flagValue(args, '--server-id') ?? '';
  const dir = flagValue(args, '--cache-dir', '--token-cache-dir');
  const cacheDir = dir
    ? expandHome(dir, host.homeDir, host.platform)
    : (host.env.KUBECACHEDIR ?? join(host.platform, host.homeDir, '.kube', 'cache', 'kubelogin'));
  const login: AzureKubeloginLogin = { mode, serverId, cacheDir };
  const clientId = flagValue(args, '--client-id');
  const tenantId = flagValue(args, '--tenant-id', '-t');
  if (clientId) login.clientId = clientId;
  if (tenantId) login.tenantId = tenantId;
  if (clientId && tenantId) {
    const environment = flagValue(args, '--environment', '-e') ?? 'AzurePublicCloud';
    const legacy = args.includes('--legacy') ? '_legacy' : '';
    login.tokenFile = join(host.platform, cacheDir, `${environment}-${serverId}-${clientId}-${tenantId}${legacy}.json`);
  }
  return login;
}

/** Whether this login mode may show a device code or open a browser. */
export function azureModeNeedsPerson(mode: string): boolean {
  return PERSON_MODES.has(mode);
}

export interface AzureTokenFacts {
  /** epoch ms */
  expiresAt: number;
  hasRefreshToken: boolean;
}

type Parse<T> = { ok: true; value: T } | { ok: false; reason: string };

/** adal writes expires_on as a JSON string of epoch seconds (json.Number); a number is read too. */
function epochSeconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
}

/** A v0.1.x adal token file: its expiry and whether it holds a refresh token. */
export function parseAzureTokenCache(text: string): Parse<AzureTokenFacts> {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const expiresAt = epochSeconds(parsed.object.expires_on);
  if (expiresAt === undefined) return { ok: false, reason: 'no expires_on' };
  const refresh = parsed.object.refresh_token;
  return { ok: true, value: { expiresAt, hasRefreshToken: typeof refresh === 'string' && refresh !== '' } };
}

/** A v0.2 AuthenticationRecord: which client and tenant signed in (it holds no token). */
export function parseAzureAuthRecord(text: string): Parse<{ clientId: string; tenantId: string }> {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const { clientId, tenantId } = parsed.object;
  if (typeof clientId !== 'string' || typeof tenantId !== 'string' || clientId === '' || tenantId === '') {
    return { ok: false, reason: 'no clientId or tenantId' };
  }
  return { ok: true, value: { clientId, tenantId } };
}
