import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedKubeconfig, writeBenchKubeconfig, writeMixedKubeconfig } from '../../bench/generate';
import { resolveKubectl } from '../../bench/kubectl';
import { findExecutable } from '../../bench/measure';
import { median } from '../../bench/stats';
import { countLeaks } from '../../bench/verify';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { tempDir } from '../support/temp';

const AT = Date.UTC(2026, 5, 1, 12, 0);
const CONTEXTS = 40;
const onPath = findExecutable('kubectl');
// gcloud's dispatcher would run the mixed file's current exec plugin (aws) first.
const kubectl = onPath ? resolveKubectl(onPath).path : null;

interface RawConfig {
  'current-context': string;
  clusters: { name: string; cluster: Record<string, string> }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  users: { name: string; user: Record<string, string> }[];
}

const pem = (data: string): string => Buffer.from(data, 'base64').toString();

function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

describe('bench kubeconfig generator', () => {
  let dir: string;
  let bench: GeneratedKubeconfig;
  let config: RawConfig;

  beforeAll(async () => {
    dir = tempDir('bench-test');
    bench = await writeBenchKubeconfig(path.join(dir, 'bench'), AT, { contexts: CONTEXTS, distinctKeys: false });
    config = parse(readFileSync(bench.path, 'utf8')) as RawConfig;
  });

  it('writes distinct clusters, users and contexts that reference each other, private to the owner', () => {
    expect(bench.contexts).toBe(CONTEXTS);
    expect(statSync(bench.path).mode & 0o777).toBe(0o600);
    for (const list of [config.clusters, config.users, config.contexts]) {
      expect(new Set(list.map((e) => e.name)).size).toBe(CONTEXTS);
    }
    const clusters = new Set(config.clusters.map((c) => c.name));
    const users = new Set(config.users.map((u) => u.name));
    for (const { context } of config.contexts) {
      expect(clusters.has(context.cluster) && users.has(context.user)).toBe(true);
    }
    expect(config['current-context']).toBe(config.contexts[0]?.name);
    expect(config.users.filter((u) => u.user['client-certificate-data']).length).toBe(CONTEXTS / 2);
    expect(config.users.filter((u) => u.user.token).length).toBe(CONTEXTS / 2);
  });

  it('plants real client certificates, signed by their cluster CA, with the expiries it announces', () => {
    const clusterOf = new Map(config.contexts.map((c) => [c.context.user, c.context.cluster]));
    const caOf = new Map(config.clusters.map((c) => [c.name, c.cluster['certificate-authority-data'] ?? '']));
    let expired = 0;
    let expiring = 0;
    let masters = 0;
    for (const { name, user } of config.users) {
      if (!user['client-certificate-data']) continue;
      const cert = new X509Certificate(pem(user['client-certificate-data']));
      const ca = new X509Certificate(pem(caOf.get(clusterOf.get(name) ?? '') ?? ''));
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(pem(user['client-key-data'] ?? '')))).toBe(true);
      const notAfter = Date.parse(cert.validTo);
      if (notAfter < AT) expired++;
      else if (notAfter < AT + 14 * 86_400_000) expiring++;
      if (cert.subject.includes('O=system:masters')) masters++;
    }
    expect(expired).toBeGreaterThan(0);
    expect(expiring).toBeGreaterThan(0);
    expect(bench.expected['client-cert-expired']).toBe(expired);
    expect(bench.expected['client-cert-expiring']).toBe(expiring);
    expect(bench.expected['client-cert-system-masters'] ?? 0).toBe(masters);
  });

  it('plants ServiceAccount and OIDC tokens with the expiries it announces', () => {
    const tokens = config.users.flatMap((u) => (u.user.token ? [jwtClaims(u.user.token)] : []));
    expect(tokens.some((c) => String(c.sub).startsWith('system:serviceaccount:'))).toBe(true);
    expect(tokens.some((c) => typeof c.email === 'string')).toBe(true);
    const exp = (c: Record<string, unknown>): number => Number(c.exp) * 1000;
    const { shortLivedToken, token } = DEFAULT_EXPIRY_WARNING_WINDOWS;
    const warningWindow = (c: Record<string, unknown>): number =>
      (Number(c.exp) - Number(c.iat)) * 1000 < 86_400_000 ? shortLivedToken : token;
    expect(tokens.filter((c) => exp(c) <= AT).length).toBe(bench.expected['token-expired']);
    expect(tokens.filter((c) => exp(c) > AT && exp(c) - AT <= warningWindow(c)).length).toBe(
      bench.expected['token-expiring'],
    );
    expect(tokens.every((c) => Number(c.iat) * 1000 <= AT)).toBe(true);
  });

  it('lists every secret it wrote, so the bench can look for them in the output', () => {
    const written = config.users.flatMap((u) => Object.values(u.user));
    expect(countLeaks(readFileSync(bench.path, 'utf8'), bench.secrets)).toBe(bench.secrets.length);
    expect(written.every((value) => bench.secrets.includes(value))).toBe(true);
    expect(countLeaks(JSON.stringify(config.contexts), bench.secrets)).toBe(0);
  });

  it.skipIf(!kubectl)('is a kubeconfig kubectl lists in full', async () => {
    const mixed = await writeMixedKubeconfig(path.join(dir, 'mixed'), AT);
    for (const file of [bench, mixed]) {
      const result = spawnSync(kubectl ?? 'kubectl', ['config', 'get-contexts', '--kubeconfig', file.path], {
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout.trim().split('\n')).toHaveLength(file.contexts + 1);
    }
    expect(mixed.contexts).toBe(30);
  });
});

describe('bench kubeconfig generator with --distinct-keys', () => {
  it('gives every certificate user its own key, and the pool otherwise repeats keys', async () => {
    const dir = tempDir('bench-test');
    const keysOf = async (distinctKeys: boolean): Promise<string[]> => {
      const file = await writeBenchKubeconfig(path.join(dir, String(distinctKeys)), AT, {
        contexts: 12,
        distinctKeys,
      });
      const config = parse(readFileSync(file.path, 'utf8')) as RawConfig;
      return config.users.flatMap((u) => (u.user['client-key-data'] ? [u.user['client-key-data']] : []));
    };
    const distinct = await keysOf(true);
    expect(distinct).toHaveLength(6);
    expect(new Set(distinct).size).toBe(6);
    expect(new Set(await keysOf(false)).size).toBeLessThan(6);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});
