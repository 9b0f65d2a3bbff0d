/**
 * Which IAM Identity Center (SSO) login an `aws eks get-token` plugin depends on, read
 * from ~/.aws/config the way botocore does: the profile map (configloader
 * build_profile_map), the profile the CLI picks (`--profile`, else AWS_DEFAULT_PROFILE,
 * else AWS_PROFILE, else `default`), and the credential chain in front of the SSO
 * provider (environment keys, assume-role through `source_profile`, web identity), so a
 * session is only tied to a plugin that would really use it.
 */
import { createHash } from 'node:crypto';
import type { Platform } from '../facts';
import { commandName, flagValue } from '../guides/provider';
import { join } from '../kubeconfig/filepath';
import type { ExecConfig } from '../kubeconfig/model';
import { parseIni } from './ini';
import type { Env, Host } from '../host';
import { expandHome } from './plugin-env';

type Section = ReadonlyMap<string, string>;

export interface AwsConfig {
  profiles: ReadonlyMap<string, Section>;
  ssoSessions: ReadonlyMap<string, Section>;
}

export type AwsConfigParse = { ok: true; config: AwsConfig } | { ok: false; reason: string };

/** Python's shlex.split, enough for section names: whitespace-separated words, quotes and backslashes. */
function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i] ?? '';
      else word += c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      word = (word ?? '') + (text[++i] ?? '');
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) return undefined;
  if (word !== undefined) words.push(word);
  return words;
}

/** configloader._parse_section: `[profile NAME]` needs exactly two words, else the section is ignored. */
function sectionName(key: string): string | undefined {
  const words = shellWords(key);
  return words?.length === 2 ? words[1] : undefined;
}

export function parseAwsConfig(text: string): AwsConfigParse {
  const ini = parseIni(text);
  if (!ini.ok) return ini;
  const profiles = new Map<string, Section>();
  const ssoSessions = new Map<string, Section>();
  // Later sections replace earlier ones of the same name ([default] and [profile default] included).
  for (const [key, values] of ini.sections) {
    if (key.startsWith('profile')) {
      const name = sectionName(key);
      if (name !== undefined) profiles.set(name, values);
    } else if (key.startsWith('sso-session')) {
      const name = sectionName(key);
      if (name !== undefined) ssoSessions.set(name, values);
    } else if (key === 'default') {
      profiles.set(key, values);
    }
  }
  return { ok: true, config: { profiles, ssoSessions } };
}

/** The login an SSO profile uses, and the token cache file botocore reads for it. */
export interface SsoLogin {
  /** The profile that holds the sso_* settings (the `source_profile` of a role profile). */
  ssoProfile: string;
  startUrl: string;
  region: string;
  accountId: string;
  roleName: string;
  /** The `[sso-session NAME]` the profile refers to: only those logins are refreshable. */
  sessionName?: string;
  /** ~/.aws/sso/cache/<cacheKey>.json */
  cacheKey: string;
}

/** SSOTokenLoader._generate_cache_key: sha1 of the sso-session name, or of the start URL for legacy profiles. */
export function ssoCacheKey(startUrl: string, sessionName?: string): string {
  return createHash('sha1')
    .update(sessionName ?? startUrl, 'utf8')
    .digest('hex');
}

export function ssoCacheFile(homeDir: string, platform: Platform, login: SsoLogin): string {
  return join(platform, homeDir, '.aws', 'sso', 'cache', `${login.cacheKey}.json`);
}

/** SSOProvider._load_sso_config: undefined when the profile is not an SSO profile or the CLI rejects its settings. */
function ssoLoginOf(config: AwsConfig, name: string): SsoLogin | undefined {
  const profile = config.profiles.get(name);
  if (!profile || (!profile.has('sso_role_name') && !profile.has('sso_account_id'))) return undefined;
  const settings = new Map(profile);
  const sessionName = profile.get('sso_session');
  if (sessionName !== undefined) {
    const session = config.ssoSessions.get(sessionName);
    if (!session) return undefined;
    for (const [key, value] of session) {
      // botocore refuses a profile whose values contradict its sso-session.
      if ((settings.get(key) ?? value) !== value) return undefined;
      settings.set(key, value);
    }
  }
  const startUrl = settings.get('sso_start_url');
  const region = settings.get('sso_region');
  const accountId = settings.get('sso_account_id');
  const roleName = settings.get('sso_role_name');
  if (startUrl === undefined || region === undefined || accountId === undefined || roleName === undefined) {
    return undefined;
  }
  const login: SsoLogin = { ssoProfile: name, startUrl, region, accountId, roleName, cacheKey: '' };
  if (sessionName !== undefined) login.sessionName = sessionName;
  login.cacheKey = ssoCacheKey(startUrl, sessionName);
  return login;
}

function hasStaticKeys(profile: Section): boolean {
  return profile.has('aws_access_key_id') || profile.has('aws_secret_access_key');
}

function assumesRole(profile: Section): boolean {
  return profile.has('role_arn') && !profile.has('web_identity_token_file');
}

/** AssumeRoleProvider: the credentials of a role profile come from its source_profile chain. */
function viaRole(config: AwsConfig, name: string, visited: string[]): SsoLogin | undefined {
  const profile = config.profiles.get(name);
  const source = profile?.get('source_profile');
  if (!profile || profile.has('credential_source') || source === undefined) return undefined;
  const sourceProfile = config.profiles.get(source);
  // A profile may name itself only to use its own static keys; any other repeat is a loop botocore refuses.
  if (!sourceProfile || (visited.includes(source) && !(source === name && hasStaticKeys(sourceProfile)))) {
    return undefined;
  }
  if (hasStaticKeys(sourceProfile) || !assumesRole(sourceProfile)) {
    // The source profile's own chain (environment variables disabled): web identity, then SSO.
    return sourceProfile.has('role_arn') && sourceProfile.has('web_identity_token_file')
      ? undefined
      : ssoLoginOf(config, source);
  }
  return viaRole(config, source, [...visited, source]);
}

export interface ProfileChoice {
  profile: string;
  /** Named by `--profile`: botocore then ignores credentials in environment variables. */
  explicit: boolean;
}

/**
 * The SSO login behind a profile, following botocore's credential chain: environment
 * keys, then assume-role, then web identity, then SSO. `env` is the plugin's environment.
 */
export function ssoLoginFor(config: AwsConfig, choice: ProfileChoice, env: Env = {}): SsoLogin | undefined {
  const useEnv = !choice.explicit;
  if (useEnv && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return undefined;
  const profile = config.profiles.get(choice.profile);
  if (!profile) return undefined;
  if (assumesRole(profile)) return viaRole(config, choice.profile, [choice.profile]);
  const tokenFile = (useEnv ? env.AWS_WEB_IDENTITY_TOKEN_FILE : undefined) ?? profile.get('web_identity_token_file');
  const roleArn = (useEnv ? env.AWS_ROLE_ARN : undefined) ?? profile.get('role_arn');
  if (tokenFile && roleArn) return undefined;
  return ssoLoginOf(config, choice.profile);
}

/** Only the AWS CLI's `eks get-token` is followed: other AWS plugins resolve profiles their own way. */
export function isAwsCli(exec: ExecConfig): boolean {
  return commandName(exec.command) === 'aws';
}

/** The profile `aws` runs with: `--profile`, else AWS_DEFAULT_PROFILE, else AWS_PROFILE (a set but empty one means default). */
export function awsProfileChoice(exec: ExecConfig, env: Env): ProfileChoice {
  const flag = flagValue(exec.args, '--profile');
  if (flag !== undefined) return { profile: flag, explicit: true };
  const fromEnv = env.AWS_DEFAULT_PROFILE ?? env.AWS_PROFILE;
  return { profile: fromEnv || 'default', explicit: false };
}

/** AWS_CONFIG_FILE (in the environment `aws` runs with, `host.env`), else ~/.aws/config. */
export function awsConfigFile({ env, homeDir, platform }: Host): string {
  const configured = env.AWS_CONFIG_FILE;
  return configured ? expandHome(configured, homeDir, platform) : join(platform, homeDir, '.aws', 'config');
}
