/**
 * The differential harness on generated inputs: fast-check builds kubeconfigs across the go-yaml
 * and client-go classes (scalar styles and tags, escapes, merge keys, flow layout, map keys,
 * directives, proxy URLs, impersonation, CA fields) and each one goes to kubectl and to kubeward.
 * A few runs in `npm test`; DIFFERENTIAL_RUNS=N for a longer one. Then kubeconfigs written by real
 * tools (`kubectl config set-*`, an EKS exec entry as `aws eks update-kubeconfig` writes it, a GKE
 * entry as `gcloud container clusters get-credentials` writes it) must raise no false alarm.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KUBECTL } from '../fixtures/kubectl';
import { kubectlVerdict, kubewardVerdict, verdictDifference } from '../support/kubectl-verdict';
import { tempDir } from '../support/temp';

const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 6);

const token = fc.oneof(
  fc.constantFrom('abc', 'yes', '0x1F', '12:30', '2001-01-01', '.inf', '~', '1e3', '0o17', '"<<"'),
  fc.constantFrom('!!str 123', '!!int abc', '!foo tok', '!!binary aGVsbG8=', '!!null ""', '!!bool yes', '! 12'),
  fc
    .constantFrom('x41', 'u00e9', 'N', '_', '/', "'", 'z', 'ud800', 'U0001F600', 'xZZ', 't', '"', '\\')
    .map((escape) => `"a\\${escape}b"`),
  fc.stringMatching(/^[a-z0-9.]{1,12}$/),
);

const userBody = fc.oneof(
  token.map((t) => `    token: ${t}\n`),
  token.map((t) => `    username: me\n    password: ${t}\n`),
  fc.constant('    as: alice\n'),
  fc.constant('    token: t\n    as-groups: [admins]\n'),
  fc.constant('    token: t\n    as: bob\n    as-uid: "7"\n'),
  fc.constant('    token: explicit\n    <<: *shared\n'),
  fc.constant('    <<: *shared\n    token: explicit\n'),
  fc.constant('    <<: [*shared, *other]\n'),
);

const clusterBody = fc.oneof(
  fc.constant('    insecure-skip-tls-verify: true\n'),
  fc
    .constantFrom('http', 'https', 'socks5', 'ftp', 'HTTPS', 'socks4')
    .map((scheme) => `    insecure-skip-tls-verify: true\n    proxy-url: ${scheme}://127.0.0.1:1\n`),
  fc.constant('    certificate-authority: /nonexistent/ca.crt\n    certificate-authority-data: eA==\n'),
);

const contextLayout = fc.constantFrom(
  '- name: x\n  context: {cluster: c, user: u}\n',
  '- name: x\n  context: {\ncluster: c, user: u\n}\n',
  '- name: x\n  context:\n    cluster: c\n    user: u\n',
);

const extra = fc.constantFrom('', '~: y\n', '12: y\n', '18446744073709551615: y\n', 'extra: .nan\n', 'yes: y\n');
const preamble = fc.constantFrom('', '%YAML 1.1\n---\n', '%YAML 1.2\n---\n', '%TAG !e! tag:example.com,2000:\n---\n');

const kubeconfig = fc
  .record({ preamble, clusterBody, userBody, contextLayout, extra })
  .map(
    (p) =>
      `${p.preamble}anchors:\n  a: &shared {token: merged}\n  b: &other {token: other}\napiVersion: v1\nkind: Config\n` +
      `clusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\n${p.clusterBody}` +
      `users:\n- name: u\n  user:\n${p.userBody}contexts:\n${p.contextLayout}current-context: x\n${p.extra}`,
  );

describe.skipIf(!KUBECTL)('differential harness on generated kubeconfigs', () => {
  const dir = tempDir('differential-generated');

  it(`kubectl and kubeward agree on ${RUNS} generated kubeconfigs`, { timeout: 600_000 }, async () => {
    let agreed = 0;
    await fc.assert(
      fc.asyncProperty(kubeconfig, async (input) => {
        const kubectl = await kubectlVerdict(input, dir);
        const kubeward = await kubewardVerdict(input, dir);
        expect(verdictDifference(kubectl, kubeward), input).toBeUndefined();
        agreed++;
      }),
      { numRuns: RUNS },
    );
    if (process.env.DIFFERENTIAL_RUNS) console.log(`differential: ${agreed} of ${RUNS} generated kubeconfigs agreed`);
  });
});

describe.skipIf(!KUBECTL)('kubeconfigs real tools write', () => {
  const home = tempDir('differential-tools');
  const file = path.join(home, 'config');
  const kubectl = (...args: string[]): void => {
    execFileSync(KUBECTL ?? 'kubectl', [...args, '--kubeconfig', file], {
      env: { PATH: process.env.PATH ?? '', HOME: home },
      timeout: 20_000,
    });
  };

  it(
    'raise no false alarm: kubectl config set-*, an EKS exec entry and a GKE entry',
    { timeout: 120_000 },
    async () => {
      kubectl('config', 'set-cluster', 'static', '--server=https://127.0.0.1:1', '--insecure-skip-tls-verify=true');
      kubectl('config', 'set-credentials', 'static', '--token=abc.def.ghi');
      kubectl('config', 'set-context', 'static', '--cluster=static', '--user=static', '--namespace=on');
      kubectl('config', 'use-context', 'static');
      // What `aws eks update-kubeconfig` writes (it needs the EKS API for the endpoint, so its entry is written here).
      kubectl(
        'config',
        'set-cluster',
        'arn:aws:eks:us-east-1:111122223333:cluster/demo',
        '--server=https://127.0.0.1:1',
      );
      kubectl(
        'config',
        'set-credentials',
        'arn:aws:eks:us-east-1:111122223333:cluster/demo',
        '--exec-api-version=client.authentication.k8s.io/v1beta1',
        '--exec-command=aws',
        '--exec-arg=--region',
        '--exec-arg=us-east-1',
        '--exec-arg=eks',
        '--exec-arg=get-token',
        '--exec-arg=--cluster-name',
        '--exec-arg=demo',
        '--exec-arg=--output',
        '--exec-arg=json',
      );
      kubectl(
        'config',
        'set-context',
        'arn:aws:eks:us-east-1:111122223333:cluster/demo',
        '--cluster=arn:aws:eks:us-east-1:111122223333:cluster/demo',
        '--user=arn:aws:eks:us-east-1:111122223333:cluster/demo',
      );
      // What `gcloud container clusters get-credentials` writes.
      kubectl('config', 'set-cluster', 'gke_acme_us-central1_api', '--server=https://127.0.0.1:1');
      kubectl(
        'config',
        'set-credentials',
        'gke_acme_us-central1_api',
        '--exec-api-version=client.authentication.k8s.io/v1beta1',
        '--exec-command=gke-gcloud-auth-plugin',
        '--exec-provide-cluster-info=true',
        '--exec-interactive-mode=IfAvailable',
      );
      kubectl(
        'config',
        'set-context',
        'gke_acme_us-central1_api',
        '--cluster=gke_acme_us-central1_api',
        '--user=gke_acme_us-central1_api',
      );
      const written = readFileSync(file, 'utf8');
      for (const context of ['static', 'arn:aws:eks:us-east-1:111122223333:cluster/demo', 'gke_acme_us-central1_api']) {
        const input = written.replace(/^current-context: .*$/m, `current-context: ${context}`);
        const [kubectlSays, kubewardSays] = [await kubectlVerdict(input, home), await kubewardVerdict(input, home)];
        // kubectl runs the exec plugins (an offline check does not): only the decoding has to agree for them.
        if (context === 'static') expect(verdictDifference(kubectlSays, kubewardSays)).toBeUndefined();
        else expect(kubewardSays.credential).toEqual(kubectlSays.credential);
        expect(kubewardSays.outcome, context).toBe('sends');
      }
    },
  );
});
