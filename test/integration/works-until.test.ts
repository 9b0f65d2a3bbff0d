/**
 * "Works until" through the built CLI on a real kubeconfig: a real client certificate, signed JWTs
 * (a ServiceAccount token, an OIDC id-token with a JWT refresh token), an AWS SSO session cache behind
 * an `aws eks get-token` plugin, and an opaque token whose end nobody knows. Then the tray's tooltip
 * and the metrics from the same check, which promtool finds clean.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findPrometheusTool } from '../../scripts/prometheus.mjs';
import { trayModel } from '../../shared/alerts/tray';
import type { Report } from '../../shared/findings';
import { formatInstant } from '../../shared/time';
import { createCa, DAY, toData } from '../fixtures/pki';
import { oidcIdToken, serviceAccountToken, signJwt, seconds } from '../fixtures/jwt';
import { runKubeward } from '../support/cli';
import { samplesOf } from '../support/exposition';
import { tempDir } from '../support/temp';

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / 1000) * 1000;
const START_URL = 'https://example.awsapps.com/start';

async function setup(): Promise<{ home: string; config: string }> {
  const home = tempDir('works-until');
  const ca = createCa({ cn: 'works-until-ca' });
  const cert = ca.issue({ cn: 'alice', notBefore: new Date(NOW - DAY), notAfter: new Date(NOW + 30 * DAY) });
  const saToken = await serviceAccountToken({ issuedAt: NOW - HOUR / 2, lifetime: HOUR + 2 * HOUR });
  const idToken = await oidcIdToken({ issuedAt: NOW - HOUR / 2 });
  const refreshToken = await signJwt({
    iss: 'https://accounts.example.com',
    iat: seconds(NOW),
    exp: seconds(NOW + 7 * DAY),
  });
  // A legacy SSO profile: its cached access token is the session, nothing renews it.
  mkdirSync(path.join(home, '.aws/sso/cache'), { recursive: true });
  writeFileSync(
    path.join(home, '.aws/config'),
    `[profile corp]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n`,
  );
  writeFileSync(
    path.join(home, `.aws/sso/cache/${createHash('sha1').update(START_URL).digest('hex')}.json`),
    JSON.stringify({
      startUrl: START_URL,
      region: 'us-east-1',
      accessToken: 'kw-canary-sso-access-token',
      expiresAt: new Date(NOW + 3 * HOUR).toISOString().replace(/\.\d+Z$/, 'Z'),
    }),
  );
  const cluster = { server: 'https://k8s.example.test:6443', 'certificate-authority-data': toData(ca.certPem) };
  const users = {
    cert: { 'client-certificate-data': toData(cert.certPem), 'client-key-data': toData(cert.keyPem) },
    sa: { token: saToken },
    oidc: {
      'auth-provider': {
        name: 'oidc',
        config: {
          'idp-issuer-url': 'https://accounts.example.com',
          'client-id': 'kubernetes',
          'id-token': idToken,
          'refresh-token': refreshToken,
        },
      },
    },
    eks: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', 'prod', '--region', 'us-east-1'],
        env: [{ name: 'AWS_PROFILE', value: 'corp' }],
        interactiveMode: 'Never',
      },
    },
    opaque: { token: 'kw-canary-opaque-token' },
  };
  const names = Object.keys(users);
  const config = path.join(home, 'config');
  writeFileSync(
    config,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster }],
      users: Object.entries(users).map(([name, user]) => ({ name, user })),
      contexts: names.map((name) => ({ name, context: { cluster: 'c', user: name } })),
      'current-context': 'cert',
    }),
    { mode: 0o600 },
  );
  return { home, config };
}

describe('works until', () => {
  it('says per context when kubectl stops working and why, in JSON, text, the tray and metrics', async () => {
    const { home, config } = await setup();
    const args = ['check', '--offline', '--kubeconfig', config, '--at', new Date(NOW).toISOString()];
    const json = runKubeward([...args, '--json'], { HOME: home });
    expect(json.stderr).toBe('');
    const report = JSON.parse(json.stdout) as Report;
    const until = Object.fromEntries(report.contexts.map((c) => [c.name, c.worksUntil]));
    const at = (ms: number) => new Date(ms).toISOString();
    expect(until).toEqual({
      cert: { at: at(NOW + 30 * DAY), cause: 'client certificate expires', rule: 'client-cert-expiring' },
      sa: { at: at(NOW - HOUR / 2 + 3 * HOUR), cause: 'token expires', rule: 'token-expiring' },
      oidc: { at: at(NOW + 7 * DAY), cause: 'OIDC refresh token expires', rule: 'oidc-token-expired' },
      eks: { at: at(NOW + 3 * HOUR), cause: 'AWS SSO session ends', rule: 'exec-credential-expiring' },
      opaque: undefined,
    });
    expect(json.stdout).not.toContain('kw-canary');

    const text = runKubeward(args, { HOME: home }).stdout;
    expect(text).toContain(`works until ${formatInstant(NOW + 3 * HOUR, NOW)}: AWS SSO session ends`);
    expect(text).toMatch(/^cert \(current\) +OK +works until .*\(in 30 days\): client certificate expires$/m);

    // Without warnings the tray says which context stops working first; with them, the problem comes first.
    const calm = JSON.parse(runKubeward([...args, '--json', '--context', 'cert'], { HOME: home }).stdout) as Report;
    expect(trayModel(calm, NOW, { checking: false }).tooltip).toMatch(
      /; cert stops working in 30 days: client certificate expires$/,
    );

    const metrics = runKubeward([...args, '--output', 'openmetrics'], { HOME: home }).stdout;
    expect(samplesOf(metrics, 'kubeward_works_until_timestamp_seconds')).toContainEqual({
      name: 'kubeward_works_until_timestamp_seconds',
      labels: { context: 'eks', cause: 'AWS SSO session ends', rule: 'exec-credential-expiring' },
      value: (NOW + 3 * HOUR) / 1000,
    });
    expect(metrics).not.toContain('kw-canary');
    const lint = spawnSync(findPrometheusTool('promtool'), ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });
});
