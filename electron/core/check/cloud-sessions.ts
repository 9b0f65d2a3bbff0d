/**
 * Reads the cloud login sessions that exec plugins depend on, from the tools' own
 * caches: AWS SSO tokens, gke-gcloud-auth-plugin's token cache (and gcloud's files that
 * say whose token it holds), and int128's and Azure's kubelogin token caches. Read only,
 * bounded (a few KB per file, a capped number of files), and never throws: an unreadable or
 * corrupt file is simply not a session. Secrets in these files (access, id and refresh
 * tokens, client secrets) are parsed away in shared/sessions; only expiry times and
 * identifiers are kept.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CloudSession, FileRead, GcloudIdentity } from '../../../shared/facts';
import type { Env, Host } from '../../../shared/host';
import type { ExecConfig, MergedKubeconfig } from '../../../shared/kubeconfig/model';
import {
  awsConfigFile,
  awsProfileChoice,
  isAwsCli,
  parseAwsConfig,
  ssoCacheFile,
  ssoLoginFor,
  type AwsConfig,
  type ProfileChoice,
} from '../../../shared/sessions/aws-config';
import { parseSsoTokenCache } from '../../../shared/sessions/aws-sso-cache';
import {
  gcloudAccessTokensDb,
  gcloudActiveConfigFile,
  gcloudActiveConfigName,
  gcloudConfigDir,
  gcloudConfigurationFile,
  gkePluginAccount,
} from '../../../shared/sessions/gcloud';
import {
  gkeCachedAccessToken,
  gkePluginCacheFile,
  isGkePlugin,
  parseGkePluginCache,
  pluginKubeconfigs,
} from '../../../shared/sessions/gke';
import {
  kubeloginClient,
  kubeloginDefaultCacheDir,
  parseKubeloginCache,
  tokenBelongsTo,
  type KubeloginClient,
} from '../../../shared/sessions/kubelogin';
import {
  AZURE_AUTH_RECORD_FILE,
  azureKubeloginLogin,
  parseAzureAuthRecord,
  parseAzureTokenCache,
  type AzureKubeloginLogin,
} from '../../../shared/sessions/azure-kubelogin';
import { pluginEnv } from '../../../shared/sessions/plugin-env';
import { readFileBounded } from '../files/read-file';
import { gcloudTokenOwner } from './gcloud-token-owner';

/** Token caches are a few hundred bytes. */
const SESSION_FILE_LIMIT = 64 * 1024;
/** ~/.aws/config files of large organisations run to hundreds of profiles: still far below this. */
const AWS_CONFIG_LIMIT = 1024 * 1024;
/** Per cache directory (kubelogin) and per AWS config: more logins than anyone has, few enough to read quickly. */
const MAX_SESSION_FILES = 256;

export interface CloudSessionOptions {
  /** Its env is kubeward's environment: exec plugins inherit it, under their own `env` entries. */
  host: Host;
  /** The merged kubeconfig: ties sessions to its users, and adds the caches their plugins name (AWS_CONFIG_FILE, --token-cache-dir). */
  config?: MergedKubeconfig;
}

interface PluginUser {
  name: string;
  exec: ExecConfig;
  env: Env;
}

interface Context extends Host {
  users: PluginUser[];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

async function readText(file: string, limit: number): Promise<string | undefined> {
  const read: FileRead = await readFileBounded(file, { limit });
  return read.state === 'ok' ? read.text : undefined;
}

/** Reads each file once, however many profiles share it, and at most MAX_SESSION_FILES files. */
function onceReader(limit: number): (file: string) => Promise<string | undefined> {
  const reads = new Map<string, Promise<string | undefined>>();
  return (file) => {
    let read = reads.get(file);
    if (!read) {
      read = reads.size < MAX_SESSION_FILES ? readText(file, limit) : Promise.resolve(undefined);
      reads.set(file, read);
    }
    return read;
  };
}

interface AwsTarget {
  user: string;
  configFile: string;
  choice: ProfileChoice;
  env: Env;
}

async function awsSessionsIn(
  ctx: Context,
  configFile: string,
  config: AwsConfig,
  targets: readonly AwsTarget[],
  readToken: (file: string) => Promise<string | undefined>,
): Promise<CloudSession[]> {
  const byProfile = new Map<string, CloudSession>();
  await Promise.all(
    [...config.profiles.keys()].slice(0, MAX_SESSION_FILES).map(async (profile) => {
      const login = ssoLoginFor(config, { profile, explicit: true });
      if (!login) return;
      const file = path.resolve(ssoCacheFile(ctx.homeDir, ctx.platform, login));
      const text = await readToken(file);
      const token = text === undefined ? undefined : parseSsoTokenCache(text, login.sessionName !== undefined);
      if (!token?.ok) return;
      const match: Record<string, string> = {
        configFile,
        profile,
        ssoProfile: login.ssoProfile,
        startUrl: login.startUrl,
        ssoRegion: login.region,
        accountId: login.accountId,
        roleName: login.roleName,
      };
      if (login.sessionName !== undefined) match.ssoSession = login.sessionName;
      const session: CloudSession = { kind: 'aws-sso', file, expiresAt: token.token.expiresAt, match, users: [] };
      if (token.token.refreshableUntil !== undefined) session.renewal = { until: token.token.refreshableUntil };
      byProfile.set(profile, session);
    }),
  );
  for (const target of targets) {
    // The plugin's own environment may put other credentials in front of the SSO profile.
    if (target.configFile === configFile && ssoLoginFor(config, target.choice, target.env)) {
      byProfile.get(target.choice.profile)?.users.push(target.user);
    }
  }
  return [...byProfile.values()];
}

async function awsSessions(ctx: Context): Promise<CloudSession[]> {
  const configFileOf = (env: Env) => path.resolve(awsConfigFile({ ...ctx, env }));
  const targets: AwsTarget[] = ctx.users
    .filter((u) => isAwsCli(u.exec))
    .map((u) => ({
      user: u.name,
      configFile: configFileOf(u.env),
      choice: awsProfileChoice(u.exec, u.env),
      env: u.env,
    }));
  const readToken = onceReader(SESSION_FILE_LIMIT);
  const files = unique([configFileOf(ctx.env), ...targets.map((t) => t.configFile)]);
  const perFile = await Promise.all(
    files.map(async (configFile) => {
      const text = await readText(configFile, AWS_CONFIG_LIMIT);
      const parsed = text === undefined ? undefined : parseAwsConfig(text);
      return parsed?.ok ? awsSessionsIn(ctx, configFile, parsed.config, targets, readToken) : [];
    }),
  );
  return perFile.flat();
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Where the gke plugin keeps its cache under a KUBECONFIG value. */
async function gkeCacheFileFor(ctx: Context, kubeconfigEnv: string | undefined): Promise<string | undefined> {
  const kubeconfigs = pluginKubeconfigs(kubeconfigEnv, ctx.homeDir, ctx.platform).map((p) => path.resolve(p));
  const existing = new Set<string>();
  // Only a list needs the existence check; a single entry is used whether it exists or not.
  if (kubeconfigs.length > 1) {
    for (const file of kubeconfigs.slice(0, MAX_SESSION_FILES)) if (await exists(file)) existing.add(file);
  }
  return gkePluginCacheFile(kubeconfigs, existing, ctx.platform);
}

async function gkeSessions(ctx: Context): Promise<CloudSession[]> {
  const users = await Promise.all(
    ctx.users
      .filter((u) => isGkePlugin(u.exec))
      .map(async (u) => ({ user: u.name, plugin: u, file: await gkeCacheFileFor(ctx, u.env.KUBECONFIG) })),
  );
  const files = unique([await gkeCacheFileFor(ctx, ctx.env.KUBECONFIG), ...users.map((u) => u.file)]);
  const sessions = await Promise.all(
    files.map(async (file): Promise<CloudSession | undefined> => {
      const text = file === undefined ? undefined : await readText(file, SESSION_FILE_LIMIT);
      const parsed = text === undefined ? undefined : parseGkePluginCache(text);
      if (!file || !parsed?.ok) return undefined;
      const match: Record<string, string> = { context: parsed.cache.context };
      if (parsed.cache.extraArgs) match.extraArgs = parsed.cache.extraArgs;
      if (parsed.cache.gcloudConfig) match.gcloudConfig = parsed.cache.gcloudConfig;
      const owners = users.filter((u) => u.file === file);
      const session: CloudSession = {
        kind: 'gke-plugin',
        file,
        expiresAt: parsed.cache.expiresAt,
        match,
        users: owners.map((u) => u.user),
      };
      // An expired token is never served, so whose it is does not matter: spare loading SQLite.
      const token = parsed.cache.expiresAt > Date.now() ? gkeCachedAccessToken(text ?? '') : undefined;
      const identities = token
        ? await gcloudIdentities(
            ctx,
            owners.map((u) => u.plugin),
            token,
          )
        : {};
      if (Object.keys(identities).length > 0) session.gcloud = identities;
      return session;
    }),
  );
  return sessions.filter((s): s is CloudSession => s !== undefined);
}

/**
 * Per user of a gke plugin cache whose token gcloud's files attribute: the account it was issued to
 * (access_tokens.db) and the account the user's plugin would ask gcloud for now, in the gcloud config
 * directory its env selects. Users whose directory holds no row with that token are left out.
 */
async function gcloudIdentities(
  ctx: Context,
  owners: readonly PluginUser[],
  token: string,
): Promise<Record<string, GcloudIdentity>> {
  const read = onceReader(SESSION_FILE_LIMIT);
  const tokenOwners = new Map<string, Promise<string | undefined>>();
  const identities: Record<string, GcloudIdentity> = {};
  for (const user of owners) {
    const configDir = gcloudConfigDir(user.env, ctx.homeDir, ctx.platform);
    if (configDir === undefined) continue;
    const dir = path.resolve(configDir);
    const db = gcloudAccessTokensDb(dir, ctx.platform);
    let owner = tokenOwners.get(db);
    if (!owner) {
      owner = gcloudTokenOwner(db, token);
      tokenOwners.set(db, owner);
    }
    const tokenAccount = await owner;
    if (tokenAccount === undefined) continue;
    const active = gcloudActiveConfigName(user.env, await read(gcloudActiveConfigFile(dir, ctx.platform)));
    const configuration = await read(gcloudConfigurationFile(dir, active, ctx.platform));
    const account = gkePluginAccount(user.exec, user.env, configuration);
    identities[user.name] = { configDir: dir, tokenAccount, ...(account === undefined ? {} : { account }) };
  }
  return identities;
}

/** The regular files of a cache directory, minus kubelogin's lock files; none when it cannot be listed. */
async function cacheFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    const handle = await fs.opendir(dir);
    for await (const entry of handle) {
      if ((entry.isFile() || entry.isSymbolicLink()) && !entry.name.endsWith('.lock') && !entry.name.startsWith('.')) {
        names.push(entry.name);
      }
      // Returning from the loop closes the directory.
      if (names.length >= MAX_SESSION_FILES) break;
    }
  } catch {
    return [];
  }
  return names.sort().map((name) => path.join(dir, name));
}

async function kubeloginSession(
  file: string,
  clients: readonly (KubeloginClient & { user: string })[],
): Promise<CloudSession | undefined> {
  const text = await readText(file, SESSION_FILE_LIMIT);
  const parsed = text === undefined ? undefined : parseKubeloginCache(text);
  if (!parsed?.ok) return undefined;
  const { token } = parsed;
  const dir = path.dirname(file);
  const session: CloudSession = {
    kind: 'kubelogin',
    file,
    expiresAt: token.expiresAt,
    match: { issuer: token.issuer, audience: token.audience.join(' ') },
    users: clients.filter((c) => c.cacheDir === dir && tokenBelongsTo(token, c)).map((c) => c.user),
  };
  if (token.issuedAt !== undefined) session.issuedAt = token.issuedAt;
  if (token.hasRefreshToken) {
    session.renewal = {};
    if (token.refreshExpiresAt !== undefined) session.renewal.until = token.refreshExpiresAt;
    if (token.refreshIssuedAt !== undefined) session.renewal.issuedAt = token.refreshIssuedAt;
  }
  return session;
}

async function kubeloginSessions(ctx: Context): Promise<CloudSession[]> {
  const clients = ctx.users.flatMap((u) => {
    const client = kubeloginClient(u.exec, { ...ctx, env: u.env });
    return client ? [{ ...client, cacheDir: path.resolve(client.cacheDir), user: u.name }] : [];
  });
  const defaultDir = path.resolve(kubeloginDefaultCacheDir(ctx));
  const dirs = unique([defaultDir, ...clients.map((c) => c.cacheDir)]);
  const files = (await Promise.all(dirs.map(cacheFiles))).flat();
  const sessions = await Promise.all(files.map((file) => kubeloginSession(file, clients)));
  return sessions.filter((s): s is CloudSession => s !== undefined);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

type AzureUser = AzureKubeloginLogin & { user: string };

/** A v0.1.x token file of one login: its expiry, and a refresh token the plugin renews it with. */
async function azureTokenSession(file: string, logins: readonly AzureUser[]): Promise<CloudSession | undefined> {
  const text = await readText(file, SESSION_FILE_LIMIT);
  const parsed = text === undefined ? undefined : parseAzureTokenCache(text);
  const [login] = logins;
  if (!parsed?.ok || !login) return undefined;
  const session: CloudSession = {
    kind: 'azure-kubelogin',
    file,
    expiresAt: parsed.value.expiresAt,
    match: { serverId: login.serverId, clientId: login.clientId ?? '', tenantId: login.tenantId ?? '' },
    users: logins.map((l) => l.user),
  };
  if (parsed.value.hasRefreshToken) session.renewal = {};
  return session;
}

/** A v0.2 AuthenticationRecord: someone signed in with this client and tenant, the tokens in the OS's store. */
async function azureRecordSession(dir: string, logins: readonly AzureUser[]): Promise<CloudSession | undefined> {
  const file = path.join(dir, AZURE_AUTH_RECORD_FILE);
  const text = await readText(file, SESSION_FILE_LIMIT);
  const parsed = text === undefined ? undefined : parseAzureAuthRecord(text);
  if (!parsed?.ok) return undefined;
  const { clientId, tenantId } = parsed.value;
  const users = logins.filter((l) => l.clientId === clientId && (l.tenantId ?? tenantId) === tenantId);
  return {
    kind: 'azure-kubelogin',
    file,
    expiresAt: 0,
    renewal: {},
    match: { clientId, tenantId },
    users: users.map((l) => l.user),
  };
}

async function azureSessions(ctx: Context): Promise<CloudSession[]> {
  const logins: AzureUser[] = ctx.users.flatMap((u) => {
    const login = azureKubeloginLogin(u.exec, { ...ctx, env: u.env });
    return login ? [{ ...login, cacheDir: path.resolve(login.cacheDir), user: u.name }] : [];
  });
  const byFile = groupBy(
    logins.filter((l) => l.tokenFile !== undefined),
    (l) => path.resolve(l.tokenFile ?? ''),
  );
  const byDir = groupBy(logins, (l) => l.cacheDir);
  const sessions = await Promise.all([
    ...[...byFile].map(([file, group]) => azureTokenSession(file, group)),
    ...[...byDir].map(([dir, group]) => azureRecordSession(dir, group)),
  ]);
  return sessions.filter((s): s is CloudSession => s !== undefined);
}

function pluginUsers(config: MergedKubeconfig | undefined, env: Env): PluginUser[] {
  if (!config) return [];
  return [...config.users.values()].flatMap(({ name, value }) =>
    value.exec ? [{ name, exec: value.exec, env: pluginEnv(value.exec, env) }] : [],
  );
}

/** Every cloud session found on disk, each with the kubeconfig users whose plugin relies on it. */
export async function readCloudSessions(options: CloudSessionOptions): Promise<CloudSession[]> {
  const ctx: Context = { ...options.host, users: pluginUsers(options.config, options.host.env) };
  const kinds = [awsSessions, gkeSessions, kubeloginSessions, azureSessions].map((read) =>
    // A failure in one kind of cache must not hide the others.
    read(ctx).catch((): CloudSession[] => []),
  );
  return (await Promise.all(kinds)).flat();
}
