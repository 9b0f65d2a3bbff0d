/**
 * `kubeward check --output openmetrics` as a real process on real kubeconfigs: the certificate
 * series are those of the entries kubectl uses after its merge rules (asked of the real kubectl),
 * labelled as x509-certificate-exporter labels them; exec plugin runs are counted by client-go's
 * call status; label values stay bounded; and promtool finds nothing to lint in the exposition of a
 * 1000-context check.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeBenchKubeconfig } from '../../bench/generate';
import { findPrometheusTool } from '../../scripts/prometheus.mjs';
import { createCa, DAY, toData } from '../fixtures/pki';
import { KUBECTL } from '../fixtures/kubectl';
import { runKubeward } from '../support/cli';
import { exposedSamples, samplesOf } from '../support/exposition';
import { closedPort } from '../support/ports';
import { tempDir } from '../support/temp';

const CREDENTIAL_PLUGIN = fileURLToPath(new URL('../fixtures/plugins/credential.mjs', import.meta.url));
const FAILING_PLUGIN = fileURLToPath(new URL('../fixtures/plugins/fail-with-secret.mjs', import.meta.url));

/** A self-signed certificate with every name part the exporter labels, two O and two CN, by openssl. */
function opensslCertificate(dir: string, name: string): { certPem: string; keyPem: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '30',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      `/C=FR/ST=Ile-de-France/L=Paris/O=First Org/O=Second Org/OU=Platform/CN=ignored/CN=${name}`,
    ],
    { stdio: 'ignore' },
  );
  return { certPem: readFileSync(cert, 'utf8'), keyPem: readFileSync(key, 'utf8') };
}

function checkMetrics(args: string[], timeoutMs?: number): string {
  const result = runKubeward(['check', '--output', 'openmetrics', ...args], {}, timeoutMs);
  expect(result.stderr).toBe('');
  expect([0, 1]).toContain(result.code);
  return result.stdout;
}

describe('kubeward check --output openmetrics', () => {
  it('has x509 series for the entries kubectl uses after merging, labelled as x509-certificate-exporter labels them', () => {
    const dir = tempDir('metrics-merge');
    const ca = createCa({ cn: 'merge-ca' });
    const winner = opensslCertificate(dir, 'winner');
    const shadowed = ca.issue({ cn: 'shadowed' });
    const unused = ca.issue({ cn: 'unused' });
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    writeFileSync(
      first,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'prod',
            cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': toData(ca.certPem) },
          },
        ],
        users: [
          {
            name: 'admin',
            user: { 'client-certificate-data': toData(winner.certPem), 'client-key-data': toData(winner.keyPem) },
          },
        ],
        contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'admin' } }],
        'current-context': 'prod',
      }),
    );
    writeFileSync(
      second,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        users: [
          // kubectl's merge: the first file that defines a name wins; these never reach a request.
          {
            name: 'admin',
            user: { 'client-certificate-data': toData(shadowed.certPem), 'client-key-data': toData(shadowed.keyPem) },
          },
          {
            name: 'nobody-uses-me',
            user: { 'client-certificate-data': toData(unused.certPem), 'client-key-data': toData(unused.keyPem) },
          },
        ],
      }),
    );
    const kubeconfig = `${first}${path.delimiter}${second}`;
    const text = checkMetrics(['--offline', '--kubeconfig', kubeconfig]);
    const notAfter = samplesOf(text, 'x509_cert_not_after');

    // kubectl is the truth for which certificate the merged user sends.
    expect(KUBECTL, 'kubectl is needed for this test').toBeTruthy();
    const merged = JSON.parse(
      execFileSync(KUBECTL as string, ['config', 'view', '--raw', '-o', 'json'], {
        env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig },
        encoding: 'utf8',
      }),
    ) as { users: { name: string; user: Record<string, string> }[] };
    const sent = merged.users.find((u) => u.name === 'admin')?.user['client-certificate-data'] as string;
    const kubectlCert = new X509Certificate(Buffer.from(sent, 'base64'));
    const caCert = new X509Certificate(ca.certPem);

    expect(notAfter.map((s) => s.labels)).toEqual([
      {
        filename: 'first',
        filepath: first,
        embedded_kind: 'cluster',
        embedded_key: 'prod',
        serial_number: BigInt(`0x${caCert.serialNumber}`).toString(),
        issuer_CN: 'merge-ca',
        subject_CN: 'merge-ca',
        exporter: 'kubeward',
      },
      {
        filename: 'first',
        filepath: first,
        embedded_kind: 'user',
        embedded_key: 'admin',
        serial_number: BigInt(`0x${kubectlCert.serialNumber}`).toString(),
        // Go's pkix.Name: the first of each part, the last common name.
        issuer_C: 'FR',
        issuer_ST: 'Ile-de-France',
        issuer_L: 'Paris',
        issuer_O: 'First Org',
        issuer_OU: 'Platform',
        issuer_CN: 'winner',
        subject_C: 'FR',
        subject_ST: 'Ile-de-France',
        subject_L: 'Paris',
        subject_O: 'First Org',
        subject_OU: 'Platform',
        subject_CN: 'winner',
        exporter: 'kubeward',
      },
    ]);
    expect(notAfter[1]?.value).toBe(Date.parse(kubectlCert.validTo) / 1000);
    expect(samplesOf(text, 'x509_cert_not_before')[1]?.value).toBe(Date.parse(kubectlCert.validFrom) / 1000);
    expect(samplesOf(text, 'x509_cert_expired').map((s) => s.value)).toEqual([0, 0]);

    // Evaluated after the client certificate's end: expired, and the context's credential says when.
    const later = new Date(Date.parse(kubectlCert.validTo) + DAY).toISOString();
    const afterwards = checkMetrics(['--offline', '--kubeconfig', kubeconfig, '--at', later]);
    expect(samplesOf(afterwards, 'x509_cert_expired').map((s) => [s.labels.embedded_kind, s.value])).toEqual([
      ['cluster', 0],
      ['user', 1],
    ]);
    expect(samplesOf(afterwards, 'kubeward_credential_expiry_timestamp_seconds')).toEqual([
      {
        name: 'kubeward_credential_expiry_timestamp_seconds',
        labels: { context: 'prod', user: 'admin', kind: 'client_certificate' },
        value: Date.parse(kubectlCert.validTo) / 1000,
      },
    ]);
    expect(samplesOf(afterwards, 'kubeward_works_until_timestamp_seconds')).toEqual([
      {
        name: 'kubeward_works_until_timestamp_seconds',
        labels: { context: 'prod', cause: 'client certificate expires', rule: 'client-cert-expiring' },
        value: Date.parse(kubectlCert.validTo) / 1000,
      },
    ]);
    expect(samplesOf(afterwards, 'kubeward_context_status').filter((s) => s.value === 1)).toEqual([
      { name: 'kubeward_context_status', labels: { context: 'prod', status: 'error' }, value: 1 },
    ]);
    expect(samplesOf(afterwards, 'kubeward_findings')).toContainEqual({
      name: 'kubeward_findings',
      labels: { context: 'prod', rule: 'client-cert-expired', severity: 'error' },
      value: 1,
    });

    // Only the checked context's entries: --context picks one.
    expect(checkMetrics(['--offline', '--kubeconfig', kubeconfig, '--context', 'prod'])).toContain(
      'embedded_key="admin"',
    );
  });

  it("counts exec plugin runs by client-go's call_status and exit code, and probes by result", async () => {
    const dir = tempDir('metrics-exec');
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, 'kw-exec-token-not-a-label');
    // Executable, but its interpreter does not exist: execve fails, as Go's exec reports with a PathError.
    const cannotStart = path.join(dir, 'bad-interpreter');
    writeFileSync(cannotStart, '#!/kw/no/such/interpreter\n');
    chmodSync(cannotStart, 0o755);
    const secretFile = path.join(dir, 'secret');
    writeFileSync(secretFile, 'kw-secret-in-stderr');
    const node = process.execPath;
    const exec = (command: string, args: string[]) => ({
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command, args, interactiveMode: 'Never' },
    });
    const port = await closedPort();
    const config = path.join(dir, 'config');
    writeFileSync(
      config,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'closed', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } },
        ],
        users: [
          { name: 'works', user: exec(node, [CREDENTIAL_PLUGIN, '--from', tokenFile]) },
          { name: 'fails', user: exec(node, [FAILING_PLUGIN, secretFile]) },
          { name: 'cannot-start', user: exec(cannotStart, []) },
          { name: 'not-installed', user: exec('kw-no-such-plugin', []) },
        ],
        contexts: ['works', 'fails', 'cannot-start', 'not-installed'].map((user) => ({
          name: user,
          context: { cluster: 'closed', user },
        })),
        'current-context': 'works',
      }),
    );
    const text = checkMetrics(['--kubeconfig', config, '--timeout', '5']);
    const calls = samplesOf(text, 'kubeward_exec_plugin_calls_total').map((s) => [
      s.labels.call_status,
      s.labels.code,
      s.value,
    ]);
    // A plugin not on PATH is never started: kubeward finds that out before, and counts no call.
    expect(calls.sort()).toEqual([
      ['no_error', '0', 1],
      ['plugin_execution_error', '1', 1],
      ['plugin_not_found_error', '1', 1],
    ]);
    expect(samplesOf(text, 'kubeward_probe_result').find((s) => s.labels.context === 'works')?.labels.result).toBe(
      'unreachable',
    );
    expect(text).not.toContain('kw-exec-token-not-a-label');
    expect(text).not.toContain('kw-secret-in-stderr');
  });

  it('keeps label values bounded: long names are cut, control characters replaced', () => {
    const dir = tempDir('metrics-bounds');
    const long = `ctx-${'x'.repeat(400)}`;
    const config = path.join(dir, 'config');
    writeFileSync(
      config,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
        users: [{ name: 'u', user: { token: 'kw-bounded-token' } }],
        contexts: [
          { name: long, context: { cluster: 'c', user: 'u' } },
          { name: 'line\nbreak', context: { cluster: 'c', user: 'u' } },
        ],
      }),
    );
    const contexts = samplesOf(checkMetrics(['--offline', '--kubeconfig', config]), 'kubeward_context_status').map(
      (s) => s.labels.context,
    );
    expect(new Set(contexts)).toEqual(new Set([`${long.slice(0, 197)}...`, 'line?break']));
  });

  it('is clean for promtool check metrics at 1000 contexts, as OpenMetrics', async () => {
    const dir = tempDir('metrics-1000');
    // The bench's generator signs each certificate: 8 contexts of it, each repeated 125 times under new names.
    const bench = await writeBenchKubeconfig(path.join(dir, 'bench'), Date.now(), {
      contexts: 8,
      distinctKeys: false,
    });
    const config = parse(readFileSync(bench.path, 'utf8')) as Record<
      string,
      { name: string; [key: string]: unknown }[]
    >;
    const copies = <T extends { name: string }>(list: T[], rename: (entry: T, n: number) => T) =>
      Array.from({ length: 125 }, (_, n) => list.map((entry) => rename(entry, n))).flat();
    const big = {
      ...config,
      clusters: copies(config.clusters ?? [], (c, n) => ({ ...c, name: `${c.name}-${n}` })),
      users: copies(config.users ?? [], (u, n) => ({ ...u, name: `${u.name}-${n}` })),
      contexts: copies(config.contexts ?? [], (c, n) => {
        const context = c.context as { cluster: string; user: string };
        return {
          ...c,
          name: `${c.name}-${n}`,
          context: { ...context, cluster: `${context.cluster}-${n}`, user: `${context.user}-${n}` },
        };
      }),
    };
    const file = path.join(dir, 'config');
    writeFileSync(file, stringify(big, { lineWidth: 0 }), { mode: 0o600 });
    // A few seconds on an idle machine; a loaded CI runner gets room.
    const text = checkMetrics(['--offline', '--kubeconfig', file], 90_000);
    expect(samplesOf(text, 'kubeward_context_status')).toHaveLength(4000);
    // A CA per cluster, a client certificate for every other user.
    expect(samplesOf(text, 'x509_cert_not_after')).toHaveLength(1000 + 500);
    expect(exposedSamples(text).every((s) => Number.isFinite(s.value))).toBe(true);
    const lint = spawnSync(findPrometheusTool('promtool'), ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  }, 180_000);
});
