/**
 * kubectl is the oracle for what file-reference-missing quotes: each case names a missing file or a
 * directory where kubectl expects a file, in a real kubeconfig whose server is a closed local port,
 * and the finding's detail must carry kubectl's own error line word for word.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import fileReferenceMissing from '../../shared/rules/file-reference-missing';
import { KUBECTL } from '../fixtures/kubectl';
import { hostWith } from '../support/host';
import { runRule, subjectsOf } from '../support/rules';
import { tempDir } from '../support/temp';

if (!KUBECTL) console.warn('file-reference-kubectl: kubectl is not on PATH, skipping the kubectl oracle tests');

const dir = tempDir('file-refs');
const MISSING = path.join(dir, 'gone');
const DIRECTORY = path.join(dir, 'a-directory');
const KEY = path.join(dir, 'client.key');
mkdirSync(DIRECTORY);
writeFileSync(KEY, 'not read before the failure\n', { mode: 0o600 });

function kubeconfig(cluster: string, user: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:1", ${cluster}}
users:
- name: u
  user: {${user}}
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
`;
}

const INSECURE = 'insecure-skip-tls-verify: true';

let counter = 0;

describe.skipIf(!KUBECTL)('file-reference-missing quotes what kubectl prints', () => {
  it.each([
    ['a missing certificate-authority', `certificate-authority: ${MISSING}`, 'token: abc'],
    ['a certificate-authority that is a directory', `certificate-authority: ${DIRECTORY}`, 'token: abc'],
    ['a missing client-certificate', INSECURE, `client-certificate: ${MISSING}, client-key: ${KEY}`],
    ['a missing client-key', INSECURE, `client-certificate: ${KEY}, client-key: ${MISSING}`],
    ['a missing tokenFile', INSECURE, `tokenFile: ${MISSING}`],
    ['a tokenFile that is a directory', INSECURE, `tokenFile: ${DIRECTORY}`],
  ])('%s', async (_name, cluster, user) => {
    const file = path.join(dir, `config-${counter++}`);
    writeFileSync(file, kubeconfig(cluster, user), { mode: 0o600 });
    const result = spawnSync(KUBECTL ?? 'kubectl', ['get', '--raw', '/api', '--request-timeout=5s'], {
      encoding: 'utf8',
      input: '',
      timeout: 20_000,
      env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: file },
    });
    const said = /^error: (.+)$/m.exec(`${result.stdout}${result.stderr}`)?.[1];
    expect(said).toBeDefined();
    const snapshot = await gatherSnapshot({ kubeconfig: file, host: hostWith(dir, {}) });
    const [subject] = subjectsOf(snapshot);
    const findings = subject ? runRule(fileReferenceMissing, subject) : [];
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain(`("error: ${said ?? ''}")`);
  });
});
