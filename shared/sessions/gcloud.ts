/**
 * Which gcloud account gke-gcloud-auth-plugin would ask gcloud for, from gcloud's own files and the
 * plugin's args and environment (gcloud's properties: an `--account` flag over CLOUDSDK_CORE_ACCOUNT
 * over the active configuration's `[core] account`; the active configuration named by
 * CLOUDSDK_ACTIVE_CONFIG_NAME over the `active_config` file, "default" when neither). gcloud's
 * configuration files are INI read by Python's configparser, as parseIni reads them.
 */
import type { Platform } from '../facts';
import type { Env } from '../host';
import { join } from '../kubeconfig/filepath';
import type { ExecConfig } from '../kubeconfig/model';
import { parseIni } from './ini';
import { expandHome } from './plugin-env';

/** gcloud's user config directory: CLOUDSDK_CONFIG, else %APPDATA%\gcloud on Windows, else ~/.config/gcloud. */
export function gcloudConfigDir(env: Env, homeDir: string, platform: Platform): string | undefined {
  if (env.CLOUDSDK_CONFIG) return expandHome(env.CLOUDSDK_CONFIG, homeDir, platform);
  if (platform === 'win32') return env.APPDATA ? join(platform, env.APPDATA, 'gcloud') : undefined;
  return join(platform, homeDir, '.config', 'gcloud');
}

/** gcloud's access token cache (SQLite): one row per account, with the access token it last issued. */
export function gcloudAccessTokensDb(configDir: string, platform: Platform): string {
  return join(platform, configDir, 'access_tokens.db');
}

/** The file that names the active configuration (when CLOUDSDK_ACTIVE_CONFIG_NAME does not). */
export function gcloudActiveConfigFile(configDir: string, platform: Platform): string {
  return join(platform, configDir, 'active_config');
}

/** The active configuration's name: the environment's, else the active_config file's, else "default". */
export function gcloudActiveConfigName(env: Env, activeConfigText: string | undefined): string {
  return env.CLOUDSDK_ACTIVE_CONFIG_NAME || activeConfigText?.trim() || 'default';
}

export function gcloudConfigurationFile(configDir: string, name: string, platform: Platform): string {
  return join(platform, configDir, 'configurations', `config_${name}`);
}

/** The `[core] account` of a configuration file; undefined when unset or the file does not parse (gcloud fails then too). */
export function configurationAccount(text: string): string | undefined {
  const parsed = parseIni(text);
  return (parsed.ok && parsed.sections.get('core')?.get('account')) || undefined;
}

/** A pflag value of the plugin's args: `--name=value` or `--name value`; the last one wins, as in pflag. */
function flagValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
    else if (arg === `--${name}` && i + 1 < args.length) value = args[++i];
  }
  return value;
}

/**
 * The args the plugin passes on to `gcloud config config-helper`, joined as it stores them in its cache's
 * `extra_args` (gcloud_token_provider.go getExtraArgs): a cached token is reused only under the same ones.
 */
export function gkePluginExtraArgs(exec: ExecConfig): string {
  const project = flagValue(exec.args, 'project');
  const account = flagValue(exec.args, 'account');
  const impersonate = flagValue(exec.args, 'impersonate_service_account');
  return [
    project ? `--project=${project}` : '',
    account ? `--account=${account}` : '',
    impersonate ? `--impersonate-service-account=${impersonate}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The account gcloud would issue the plugin's token for: its --account, else CLOUDSDK_CORE_ACCOUNT, else the configuration's. */
export function gkePluginAccount(
  exec: ExecConfig,
  env: Env,
  configurationText: string | undefined,
): string | undefined {
  return (
    flagValue(exec.args, 'account') ||
    env.CLOUDSDK_CORE_ACCOUNT ||
    (configurationText === undefined ? undefined : configurationAccount(configurationText))
  );
}
