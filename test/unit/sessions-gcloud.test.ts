/**
 * Which gcloud account the gke plugin would ask for, as gcloud resolves its properties, and the cache
 * key the plugin writes. The real tools confirm these in test/integration/gcloud-accounts.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ExecConfig } from '../../shared/kubeconfig/model';
import {
  configurationAccount,
  gcloudActiveConfigName,
  gcloudConfigDir,
  gkePluginAccount,
  gkePluginExtraArgs,
} from '../../shared/sessions/gcloud';
import { parseGkePluginCache } from '../../shared/sessions/gke';

const plugin = (...args: string[]): ExecConfig => ({ command: 'gke-gcloud-auth-plugin', args, env: [] });
const CONFIG = '[core]\naccount = jane@example.com\nproject = proj\n';

describe('gcloudConfigDir', () => {
  it('CLOUDSDK_CONFIG (with ~), else %APPDATA%\\gcloud on Windows, else ~/.config/gcloud', () => {
    expect(gcloudConfigDir({ CLOUDSDK_CONFIG: '~/gc' }, '/home/u', 'linux')).toBe('/home/u/gc');
    expect(gcloudConfigDir({}, '/home/u', 'linux')).toBe('/home/u/.config/gcloud');
    expect(gcloudConfigDir({}, '/Users/u', 'darwin')).toBe('/Users/u/.config/gcloud');
    expect(gcloudConfigDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u', 'win32')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\gcloud',
    );
    expect(gcloudConfigDir({}, 'C:\\Users\\u', 'win32')).toBeUndefined();
  });
});

describe('the active configuration and its account', () => {
  it('CLOUDSDK_ACTIVE_CONFIG_NAME over the active_config file over "default"', () => {
    expect(gcloudActiveConfigName({ CLOUDSDK_ACTIVE_CONFIG_NAME: 'env' }, 'file\n')).toBe('env');
    expect(gcloudActiveConfigName({}, 'reader\n')).toBe('reader');
    expect(gcloudActiveConfigName({}, undefined)).toBe('default');
    expect(gcloudActiveConfigName({}, '  \n')).toBe('default');
  });

  it('reads [core] account; none from another section, an unset one or a file gcloud cannot parse', () => {
    expect(configurationAccount(CONFIG)).toBe('jane@example.com');
    expect(configurationAccount('[compute]\naccount = x@example.com\n')).toBeUndefined();
    expect(configurationAccount('[core]\naccount =\n')).toBeUndefined();
    expect(configurationAccount('[core]\naccount = a\naccount = b\n')).toBeUndefined();
  });

  it('--account over CLOUDSDK_CORE_ACCOUNT over the configuration', () => {
    expect(
      gkePluginAccount(plugin('--account=sa@p.iam.gserviceaccount.com'), { CLOUDSDK_CORE_ACCOUNT: 'env@x' }, CONFIG),
    ).toBe('sa@p.iam.gserviceaccount.com');
    expect(gkePluginAccount(plugin(), { CLOUDSDK_CORE_ACCOUNT: 'env@example.com' }, CONFIG)).toBe('env@example.com');
    expect(gkePluginAccount(plugin(), {}, CONFIG)).toBe('jane@example.com');
    expect(gkePluginAccount(plugin(), {}, undefined)).toBeUndefined();
  });
});

describe('gkePluginExtraArgs', () => {
  it('as getExtraArgs joins them: project, account, impersonation; both pflag spellings; the last wins', () => {
    expect(gkePluginExtraArgs(plugin())).toBe('');
    expect(
      gkePluginExtraArgs(
        plugin(
          '--impersonate_service_account',
          'sa@p.iam.gserviceaccount.com',
          '--account=a@x',
          '--project',
          'p',
          '--project=q',
        ),
      ),
    ).toBe('--project=q --account=a@x --impersonate-service-account=sa@p.iam.gserviceaccount.com');
    expect(gkePluginExtraArgs(plugin('--account='))).toBe('');
    expect(gkePluginExtraArgs(plugin('--use_application_default_credentials'))).toBe('');
  });
});

describe('parseGkePluginCache', () => {
  it('notes the gcloud configuration a strict-invalidation plugin recorded', () => {
    const text = JSON.stringify({
      current_context: 'c',
      access_token: 'ya29.kw-canary-strict-1a2b',
      token_expiry: '2026-06-01T12:59:30Z',
      extra_args: '',
      gcloud_config: { config_dir: '/home/u/.config/gcloud', active_config: 'default', config_hash: 'ab12' },
    });
    const parsed = parseGkePluginCache(text);
    expect(parsed.ok && parsed.cache.gcloudConfig).toBe('default');
    expect(JSON.stringify(parsed)).not.toContain('ya29.');
  });
});
