import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountSpawns, backgroundTargets, benchBackground } from '../../bench/background';
import {
  AWS_LIFETIME_MS,
  type BackgroundWorld,
  type PluginContext,
  readSpawns,
  setSimulatedTime,
  writeBackgroundWorld,
} from '../../bench/background-config';
import { parseKubeloginCache } from '../../shared/sessions/kubelogin';
import { tempDir } from '../support/temp';

const AT = Date.UTC(2026, 5, 1, 12, 0);
const MINUTE = 60_000;

interface RawConfig {
  contexts: { name: string }[];
  users: { name: string; user: { exec?: { command: string } } }[];
}

function runStandIn(world: BackgroundWorld, command: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(path.join(world.binDir, command), args, {
    encoding: 'utf8',
    env: { HOME: world.home, KUBEWARD_BENCH_CLOCK: world.clockFile, KUBEWARD_BENCH_SPAWNS: world.spawnLog, ...env },
  });
}

function credentialOf(stdout: string): { token: string; expiresAt: number } {
  const parsed = JSON.parse(stdout) as { kind: string; status: { token: string; expirationTimestamp: string } };
  expect(parsed.kind).toBe('ExecCredential');
  return { token: parsed.status.token, expiresAt: Date.parse(parsed.status.expirationTimestamp) };
}

describe('background bench world', () => {
  let world: BackgroundWorld;

  beforeAll(async () => {
    world = await writeBackgroundWorld(tempDir('bench-background'), AT);
  });

  it('writes 30 contexts: 10 aws, 5 gke-gcloud-auth-plugin, 5 kubelogin, 10 static', () => {
    const config = parse(readFileSync(world.kubeconfig, 'utf8')) as RawConfig;
    expect(config.contexts).toHaveLength(30);
    const commands = config.users.map((u) => u.user.exec?.command ?? 'static');
    const count = (c: string) => commands.filter((x) => x === c).length;
    expect([count('aws'), count('gke-gcloud-auth-plugin'), count('kubelogin'), count('static')]).toEqual([
      10, 5, 5, 10,
    ]);
    expect(world.plugins).toHaveLength(20);
    expect(new Set(world.plugins.map((p) => p.key)).size).toBe(20);
  });

  it('plants kubelogin caches that kubeward reads as valid, refreshable or needing a browser', () => {
    const dir = path.join(world.home, '.kube', 'cache', 'oidc-login');
    const tokens = readdirSync(dir).map((name) => {
      const parsed = parseKubeloginCache(readFileSync(path.join(dir, name), 'utf8'));
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.token;
    });
    const byClient = (clientId: string) => tokens.find((t) => t.audience.includes(clientId));
    for (const plugin of world.plugins.filter((p) => p.kind === 'kubelogin')) {
      const token = byClient(plugin.key);
      expect(token, plugin.key).toBeDefined();
      if (!token) continue;
      const idValid = token.expiresAt > AT;
      const refreshValid = token.hasRefreshToken && (token.refreshExpiresAt ?? Infinity) > AT;
      expect({ idValid, refreshValid }, plugin.cache).toEqual(
        {
          valid: { idValid: true, refreshValid: true },
          refreshable: { idValid: false, refreshValid: true },
          'refreshable-opaque': { idValid: false, refreshValid: true },
          'browser-no-refresh': { idValid: false, refreshValid: false },
          'browser-refresh-expired': { idValid: false, refreshValid: false },
        }[plugin.cache ?? 'valid'],
      );
    }
  });

  it('has stand-ins that print credentials expiring in simulated time and log every spawn', () => {
    const at = AT + 7 * MINUTE;
    setSimulatedTime(world.clockFile, at);
    const aws = runStandIn(world, 'aws', ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'team-0']);
    expect(aws.status).toBe(0);
    const awsCredential = credentialOf(aws.stdout);
    expect(awsCredential.token).toMatch(/^k8s-aws-v1\./);
    expect(awsCredential.expiresAt).toBe(at + AWS_LIFETIME_MS);

    const info = { spec: { cluster: { server: 'https://34.76.12.100' }, interactive: false } };
    const gke = runStandIn(world, 'gke-gcloud-auth-plugin', [], { KUBERNETES_EXEC_INFO: JSON.stringify(info) });
    expect(credentialOf(gke.stdout).expiresAt).toBe(at + 60 * MINUTE);

    const kubelogin = (clientId: string) =>
      runStandIn(world, 'kubelogin', [
        'get-token',
        '--oidc-issuer-url=https://dex.corp.example.com',
        `--oidc-client-id=${clientId}`,
      ]);
    const refreshed = kubelogin('kubernetes-1');
    expect(refreshed.status).toBe(0);
    expect(credentialOf(refreshed.stdout).expiresAt).toBe(at + 60 * MINUTE);
    // Written back to the cache, as kubelogin does: the next run reuses it.
    expect(credentialOf(kubelogin('kubernetes-1').stdout).token).toBe(credentialOf(refreshed.stdout).token);
    const browser = kubelogin('kubernetes-3');
    expect(browser.status).toBe(1);
    expect(browser.stderr).toContain('in your browser');

    expect(readSpawns(world.spawnLog).map((s) => [s.plugin, s.key, s.outcome, s.at])).toEqual([
      ['aws', 'team-0', 'token', at],
      ['gke', 'https://34.76.12.100', 'token', at],
      ['kubelogin', 'kubernetes-1', 'refreshed', at],
      ['kubelogin', 'kubernetes-1', 'cached', at],
      ['kubelogin', 'kubernetes-3', 'browser', at],
    ]);
  });
});

describe('background spawn accounting', () => {
  const aws: PluginContext = { context: 'eks', kind: 'aws', key: 'team-0', lifetimeMs: AWS_LIFETIME_MS };
  const browser: PluginContext = {
    context: 'oidc',
    kind: 'kubelogin',
    key: 'kubernetes-3',
    lifetimeMs: 3_600_000,
    cache: 'browser-no-refresh',
  };

  it('counts a spawn before the last credential expired as early, one at or after it as not (client-go: now after exp)', () => {
    const spawn = (at: number, expiresAt: number) => ({
      plugin: 'aws' as const,
      key: 'team-0',
      at,
      outcome: 'token' as const,
      expiresAt,
    });
    const [account] = accountSpawns({ plugins: [aws] }, [
      spawn(15, 29),
      spawn(0, 14),
      spawn(14, 28),
      spawn(30, 44),
      spawn(45, 59),
      { plugin: 'aws', key: 'team-1', at: 1, outcome: 'token', expiresAt: 15 },
    ]);
    expect(account?.spawns.map((s) => s.at)).toEqual([0, 14, 15, 30, 45]);
    // 14 is not after 14: the first credential was still good; 15 is not after 28 either.
    expect(account?.early).toBe(2);
  });

  it('meets the targets only without early spawns and without browser-bound runs', () => {
    const none = accountSpawns({ plugins: [aws, browser] }, []);
    expect(backgroundTargets(none).map((t) => t.met)).toEqual([true, true]);
    const ran = accountSpawns({ plugins: [aws, browser] }, [
      { plugin: 'kubelogin', key: 'kubernetes-3', at: 0, outcome: 'browser' },
      { plugin: 'kubelogin', key: 'kubernetes-3', at: 60_000, outcome: 'browser' },
    ]);
    const [lifetime, browserTarget] = backgroundTargets(ran);
    expect(lifetime?.met).toBe(true);
    expect(browserTarget).toMatchObject({ met: false, detail: 'spawned: oidc 2' });
  });
});

describe('background bench run', () => {
  it(
    'drives the desktop monitor through a simulated hour: scheduled checks, aws every 15 minutes, gke once',
    { timeout: 120_000 },
    async () => {
      const result = await benchBackground(tempDir('bench-background-run'), { hours: 1 });
      expect(result.timerFires).toBe(4);
      expect(result.failedChecks).toEqual([]);
      expect(result.checks).toBeGreaterThanOrEqual(5);
      const spawnsOf = (kind: string) =>
        result.perContext
          .filter((c) => c.plugin.kind === kind)
          .map((c) => c.spawns.map((s) => (s.at - result.startedAt) / MINUTE));
      // 14-minute tokens: the first check and each of the four scheduled ones run aws; file-change checks reuse them.
      expect(spawnsOf('aws')).toEqual(Array.from({ length: 10 }, () => [0, 15, 30, 45, 60]));
      // An hour-long token is still good at minute 60 (not after its expiry).
      expect(spawnsOf('gke')).toEqual(Array.from({ length: 5 }, () => [0]));
      expect(backgroundTargets(result.perContext)[0]?.met).toBe(true);
      // At minute 60 the gke tokens are at their expiry instant: kubectl still sends them, so they are not expired.
      expect(result.finalFindings.get('exec-credential-expired')).toBeUndefined();
      expect(result.monitorCpuMicros).toBeGreaterThan(0);
    },
  );
});
