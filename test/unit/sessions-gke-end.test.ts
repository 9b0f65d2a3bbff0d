import { describe, expect, it } from 'vitest';
import type { CloudSession } from '../../shared/facts';
import { sessionEnd, sessionFor, warningWindow } from '../../shared/sessions/end';
import { gkePluginCacheFile, parseGkePluginCache, pluginKubeconfigs } from '../../shared/sessions/gke';
import { ENV, NOW } from '../support/rules';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CANARY = 'ya29.kw-canary-gke-token';

describe('gke-gcloud-auth-plugin cache', () => {
  it('sits beside ~/.kube/config without KUBECONFIG', () => {
    const kubeconfigs = pluginKubeconfigs(undefined, '/home/u', 'linux');
    expect(gkePluginCacheFile(kubeconfigs, new Set(), 'linux')).toBe('/home/u/.kube/gke_gcloud_auth_plugin_cache');
  });

  it('sits beside the first existing KUBECONFIG entry, else the last', () => {
    const kubeconfigs = pluginKubeconfigs('/a/config:/b/config:/c/config', '/home/u', 'linux');
    expect(gkePluginCacheFile(kubeconfigs, new Set(['/b/config', '/c/config']), 'linux')).toBe(
      '/b/gke_gcloud_auth_plugin_cache',
    );
    expect(gkePluginCacheFile(kubeconfigs, new Set(), 'linux')).toBe('/c/gke_gcloud_auth_plugin_cache');
    const windows = pluginKubeconfigs('C:\\k\\one;D:\\two\\config', 'C:\\Users\\u', 'win32');
    expect(gkePluginCacheFile(windows, new Set(), 'win32')).toBe('D:\\two\\gke_gcloud_auth_plugin_cache');
  });

  it('reads token_expiry, current_context and extra_args, and never the token', () => {
    const text = JSON.stringify({
      current_context: 'gke_proj_europe-west1_prod',
      access_token: CANARY,
      token_expiry: '2026-06-01T12:59:30.123456789Z',
      extra_args: '--account=jane@example.com',
    });
    const parsed = parseGkePluginCache(text);
    expect(parsed).toEqual({
      ok: true,
      cache: {
        expiresAt: Date.parse('2026-06-01T12:59:30.123Z'),
        context: 'gke_proj_europe-west1_prod',
        extraArgs: '--account=jane@example.com',
      },
    });
    expect(JSON.stringify(parsed)).not.toContain(CANARY);
  });

  it.each([
    ['not JSON', 'nope'],
    ['no token (the plugin ignores it)', '{"token_expiry":"2026-06-01T12:00:00Z"}'],
    ['a non-RFC 3339 expiry', `{"access_token":"${CANARY}","token_expiry":"2026-06-01 12:00"}`],
  ])('rejects %s', (_, text) => {
    const parsed = parseGkePluginCache(text);
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain(CANARY);
  });
});

function session(fields: Partial<CloudSession> & Pick<CloudSession, 'kind'>): CloudSession {
  return { file: '/f', expiresAt: NOW + HOUR, match: {}, users: ['u'], ...fields };
}

describe('sessionEnd', () => {
  it('never gives an end for the gke plugin: its hour-long token is renewed from gcloud', () => {
    expect(sessionEnd(session({ kind: 'gke-plugin', expiresAt: NOW - HOUR }))).toBeUndefined();
  });

  it('ends an AWS SSO session with its access token, unless a later registration lets the CLI refresh it', () => {
    expect(sessionEnd(session({ kind: 'aws-sso' }))).toEqual({
      at: NOW + HOUR,
      basis: 'access-token',
      shortLived: true,
    });
    expect(sessionEnd(session({ kind: 'aws-sso', renewal: { until: NOW + 80 * DAY } }))).toEqual({
      at: NOW + 80 * DAY,
      basis: 'registration',
      shortLived: false,
    });
    expect(sessionEnd(session({ kind: 'aws-sso', renewal: { until: NOW + HOUR / 2 } }))?.basis).toBe('access-token');
  });

  it('ends a kubelogin session with its id_token, or its JWT refresh token, and not at all with an opaque one', () => {
    expect(sessionEnd(session({ kind: 'kubelogin', issuedAt: NOW }))).toEqual({
      at: NOW + HOUR,
      basis: 'id-token',
      shortLived: true,
    });
    expect(sessionEnd(session({ kind: 'kubelogin', renewal: { until: NOW + 30 * DAY, issuedAt: NOW - DAY } }))).toEqual(
      { at: NOW + 30 * DAY, basis: 'refresh-token', shortLived: false },
    );
    expect(sessionEnd(session({ kind: 'kubelogin', renewal: {} }))).toBeUndefined();
    expect(sessionEnd(session({ kind: 'kubelogin', renewal: { until: NOW } }))?.basis).toBe('id-token');
  });

  it('gives lifetimes of a day or more the long expiry warning window', () => {
    const long = sessionEnd(session({ kind: 'kubelogin', issuedAt: NOW - 2 * DAY, expiresAt: NOW + HOUR }));
    expect(long?.shortLived).toBe(false);
    expect(long && warningWindow(long, ENV.expiryWarningWindows)).toBe(ENV.expiryWarningWindows.token);
    const short = sessionEnd(session({ kind: 'aws-sso' }));
    expect(short && warningWindow(short, ENV.expiryWarningWindows)).toBe(ENV.expiryWarningWindows.shortLivedToken);
  });
});

describe('sessionFor', () => {
  it('picks the session ending last, an unknown end counting as last', () => {
    const early = session({ kind: 'kubelogin', file: '/early', expiresAt: NOW + HOUR });
    const late = session({ kind: 'kubelogin', file: '/late', expiresAt: NOW + 2 * HOUR });
    const unknown = session({ kind: 'kubelogin', file: '/unknown', renewal: {} });
    expect(sessionFor([early, late])?.session.file).toBe('/late');
    expect(sessionFor([late, early])?.session.file).toBe('/late');
    expect(sessionFor([early, unknown, late])).toEqual({ session: unknown });
    expect(sessionFor([])).toBeUndefined();
  });
});
