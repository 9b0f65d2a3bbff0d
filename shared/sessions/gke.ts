/**
 * gke-gcloud-auth-plugin's token cache (kubernetes/cloud-provider-gcp,
 * cmd/gke-gcloud-auth-plugin/cred.go): `gke_gcloud_auth_plugin_cache` beside the
 * kubeconfig file client-go would write to (PathOptions.GetDefaultFilename), not in the
 * gcloud config directory. It holds the plugin's own access token (a secret: never
 * kept), its `token_expiry`, and the current-context and extra args it was issued for:
 * not the gcloud account, so the plugin serves it whichever account gcloud has active now.
 * That token lives about an hour and the plugin asks gcloud for a new one by itself, so
 * its expiry is routine. gcloud's own login records no end to predict: credentials.db
 * (SQLite) holds each account's refresh token or key with no expiry, and access_tokens.db
 * its last access token, that token's expiry (an hour) and an opaque rapt_token. When the
 * organisation's session length (Google's reauthentication policy, set by its admin, in
 * no file) runs out, Google refuses the refresh with invalid_rapt and gcloud, unable to
 * prompt under the plugin, says "Reauthentication failed": exec-plugin-failed's to report.
 */
import type { Platform } from '../facts';
import { commandName } from '../guides/provider';
import { dirname, join } from '../kubeconfig/filepath';
import type { ExecConfig } from '../kubeconfig/model';
import { kubeconfigPaths } from '../kubeconfig/paths';
import { jsonObject, parseJsonObject } from '../json-object';

const GKE_PLUGIN_CACHE_FILE = 'gke_gcloud_auth_plugin_cache';

export function isGkePlugin(exec: ExecConfig): boolean {
  return commandName(exec.command) === 'gke-gcloud-auth-plugin';
}

/** The kubeconfig files the plugin's choice depends on: its KUBECONFIG list, or ~/.kube/config. */
export function pluginKubeconfigs(kubeconfigEnv: string | undefined, homeDir: string, platform: Platform): string[] {
  return kubeconfigPaths(kubeconfigEnv, homeDir, platform).paths;
}

/**
 * GetDefaultFilename: a single KUBECONFIG entry; else the first entry that exists; else
 * the last. The cache file sits in that file's directory.
 */
export function gkePluginCacheFile(
  kubeconfigs: readonly string[],
  existing: ReadonlySet<string>,
  platform: Platform,
): string | undefined {
  const chosen = kubeconfigs.find((c) => existing.has(c)) ?? kubeconfigs.at(-1);
  return chosen === undefined ? undefined : join(platform, dirname(chosen, platform), GKE_PLUGIN_CACHE_FILE);
}

interface GkeCacheFacts {
  /** epoch ms */
  expiresAt: number;
  /** The kubeconfig current-context the token was issued under: the plugin ignores it under another. */
  context: string;
  /** The plugin's --account/--project/... arguments the token was issued with. */
  extraArgs: string;
  /**
   * The gcloud configuration the token was issued under, recorded only by plugins run with
   * GKE_AUTH_PLUGIN_STRICT_CACHE_INVALIDATION=true (cloud-provider-gcp 2026-07): those discard the
   * cache once that configuration changes.
   */
  gcloudConfig?: string;
}

export type GkeCacheParse = { ok: true; cache: GkeCacheFacts } | { ok: false; reason: string };

// Go's time.RFC3339Nano, as the plugin parses token_expiry.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export function parseGkePluginCache(text: string): GkeCacheParse {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const cache = parsed.object;
  // The plugin ignores a cache without a token.
  if (typeof cache.access_token !== 'string' || cache.access_token === '')
    return { ok: false, reason: 'no access_token' };
  const expiry =
    typeof cache.token_expiry === 'string' && RFC3339.test(cache.token_expiry) ? Date.parse(cache.token_expiry) : NaN;
  if (Number.isNaN(expiry)) return { ok: false, reason: 'token_expiry is not an RFC 3339 time' };
  const facts: GkeCacheFacts = {
    expiresAt: expiry,
    context: typeof cache.current_context === 'string' ? cache.current_context : '',
    extraArgs: typeof cache.extra_args === 'string' ? cache.extra_args : '',
  };
  const gcloudConfig = jsonObject(cache.gcloud_config)?.active_config;
  if (typeof gcloudConfig === 'string' && gcloudConfig !== '') facts.gcloudConfig = gcloudConfig;
  return { ok: true, cache: facts };
}

/**
 * The cached access token itself, a secret apart from the facts above: core only asks gcloud's
 * access_tokens.db whose it is, and keeps it nowhere.
 */
export function gkeCachedAccessToken(text: string): string | undefined {
  const parsed = parseJsonObject(text);
  const token = parsed.ok ? parsed.object.access_token : undefined;
  return typeof token === 'string' && token !== '' ? token : undefined;
}
