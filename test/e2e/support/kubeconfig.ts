/**
 * The kubeconfig the window's browser tests open: an expired client certificate, a
 * token that expires in two days, a healthy certificate, and a current-context that
 * names no context. Real certificates and a real signed JWT; comments to keep.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serviceAccountToken } from '../../fixtures/jwt';
import { createCa, DAY, toData } from '../../fixtures/pki';
import { tempDir } from '../../support/temp';

export interface E2eKubeconfig {
  dir: string;
  file: string;
  text: string;
  /** Values that must never reach the window: the token, its signature, key bodies. */
  secrets: string[];
}

/** Line of a PEM body: long enough to be unmistakable in a page. */
function pemLine(pem: string): string {
  return pem.split('\n').find((line) => line.length >= 60) ?? pem;
}

export async function writeE2eKubeconfig(now: number): Promise<E2eKubeconfig> {
  const dir = tempDir('e2e');
  const ca = createCa({ cn: 'e2e-ca' });
  const expired = ca.issue({ cn: 'alice', notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 3 * DAY) });
  const healthy = ca.issue({ cn: 'carol', notBefore: new Date(now - DAY), notAfter: new Date(now + 60 * DAY) });
  const token = await serviceAccountToken({ issuedAt: now - DAY, lifetime: DAY + 20 * 3_600_000, name: 'deployer' });
  const [, , signature = ''] = token.split('.');
  const caData = toData(ca.certPem);
  const text = `# Kubeward browser test kubeconfig: this comment must survive every fix.
apiVersion: v1
kind: Config
clusters:
- name: alpha # the cluster with the expired certificate
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: ${caData}
- name: beta
  cluster:
    server: https://127.0.0.1:6444
    certificate-authority-data: ${caData}
- name: gamma
  cluster:
    server: https://127.0.0.1:6445
    certificate-authority-data: ${caData}
users:
- name: alice
  user:
    client-certificate-data: ${toData(expired.certPem)}
    client-key-data: ${toData(expired.keyPem)}
- name: deployer
  user:
    token: ${token}
- name: carol
  user:
    client-certificate-data: ${toData(healthy.certPem)}
    client-key-data: ${toData(healthy.keyPem)}
contexts:
- name: alpha-admin
  context:
    cluster: alpha
    user: alice
- name: beta-deploy
  context:
    cluster: beta
    user: deployer
    namespace: prod
- name: gamma-carol
  context:
    cluster: gamma
    user: carol
# kubectl fails on this one: no context has this name.
current-context: alpha-admni
preferences: {}
`;
  const file = path.join(dir, 'config');
  await writeFile(file, text, { mode: 0o600 });
  return {
    dir,
    file,
    text,
    secrets: [token, signature, pemLine(expired.keyPem), pemLine(healthy.keyPem), toData(expired.keyPem).slice(0, 80)],
  };
}
