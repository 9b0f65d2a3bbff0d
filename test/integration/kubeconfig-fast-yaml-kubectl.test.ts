/**
 * What `kubectl config set-*` writes must take the fast YAML path: kubectl's own layout
 * is the common case the fast path exists for, so a bail here would be a silent slowdown.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadFastYaml } from '../../shared/kubeconfig/fast-yaml';
import { GO_YAML_SCHEMA } from '../../shared/kubeconfig/goyaml';
import { parseKubeconfig } from '../../shared/kubeconfig/parse';
import { KUBECTL } from '../fixtures/kubectl';
import { tempDir } from '../support/temp';

const home = tempDir('fastyaml');
const kubeconfig = path.join(home, '.kube', 'config');

function kubectl(...args: string[]): string {
  return execFileSync(KUBECTL ?? 'kubectl', args, {
    env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe.skipIf(!KUBECTL)('the fast YAML path on kubectl output', () => {
  it('accepts `kubectl config view --raw` and loads what js-yaml loads', () => {
    const ca = Buffer.from('-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n').toString('base64');
    kubectl('config', 'set-cluster', 'prod', '--server=https://prod.example:6443', '--tls-server-name=api.prod');
    kubectl('config', 'set', 'clusters.prod.certificate-authority-data', ca);
    kubectl('config', 'set-cluster', 'yes', '--server=https://10.0.0.1', '--insecure-skip-tls-verify=true');
    kubectl('config', 'set-credentials', 'basic', '--username=on', '--password=0o17');
    kubectl('config', 'set-credentials', 'static', '--token=abc.def.ghi');
    kubectl(
      'config',
      'set-credentials',
      'eks',
      '--exec-api-version=client.authentication.k8s.io/v1beta1',
      '--exec-command=aws',
      '--exec-arg=eks',
      '--exec-arg=get-token',
      '--exec-arg=--cluster-name',
      '--exec-arg=010',
      '--exec-env=AWS_PROFILE=it has spaces: and a colon',
      '--exec-interactive-mode=Never',
    );
    kubectl('config', 'set-context', 'dev', '--cluster=prod', '--user=eks', '--namespace=null');
    kubectl('config', 'set-context', 'ops', '--cluster=yes', '--user=static', '--namespace=1e3');
    kubectl('config', 'use-context', 'dev');
    const text = kubectl('config', 'view', '--raw');

    const fast = loadFastYaml(text);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(loadAll(text, { schema: GO_YAML_SCHEMA, json: true })[0]);

    const result = parseKubeconfig(text, kubeconfig);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.clusters.map((c) => c.name)).toEqual(['prod', 'yes']);
    expect(result.document.clusters[0]?.value.certificateAuthorityData).toBe(ca);
    expect(result.document.users.find((u) => u.name === 'eks')?.value.exec?.args).toEqual([
      'eks',
      'get-token',
      '--cluster-name',
      '010',
    ]);
    expect(result.document.users.find((u) => u.name === 'basic')?.value).toMatchObject({
      username: 'on',
      password: '0o17',
    });
    expect(result.document.contexts.find((c) => c.name === 'ops')?.value.namespace).toBe('1e3');
    expect(result.document.currentContext).toBe('dev');
  });
});
