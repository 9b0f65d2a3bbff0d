/**
 * kubectl is the oracle for which user entries it refuses before any request
 * (credentials-conflict, exec-config-invalid), which it rejects for a removed
 * auth-provider or exec apiVersion, and which credential it sends when several are
 * set (credential-shadowed). Each entry is written to a real kubeconfig whose
 * server is a closed local port: a config kubectl accepts gets as far as the
 * network (or running the plugin); a refused one fails with the validation error.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialRefusals, credentialSetup } from '../../shared/credentials/kind';
import authProviderRemoved from '../../shared/rules/auth-provider-removed';
import execApiVersionUnsupported from '../../shared/rules/exec-api-version-unsupported';
import { KUBECTL } from '../fixtures/kubectl';
import { runRule, subjectOf } from '../support/rules';
import { tempDir } from '../support/temp';

if (!KUBECTL) console.warn('credentials-kubectl: kubectl is not on PATH, skipping the kubectl oracle tests');

const dir = tempDir('creds');
const CERT = path.join(dir, 'client.crt');
const KEY = path.join(dir, 'client.key');
const TOKEN_FILE = path.join(dir, 'token');
const NO_PLUGIN = path.join(dir, 'no-such-plugin');
for (const file of [CERT, KEY, TOKEN_FILE]) writeFileSync(file, 'not used before the request\n', { mode: 0o600 });

/** A kubeconfig with one context on a closed port, the user entry's YAML body indented by 4. */
function kubeconfig(user: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: u
  user:
${user}
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
`;
}

let counter = 0;
/** kubectl's combined output for one request with this kubeconfig (stdin closed: no prompt waits). */
function kubectlSays(text: string): string {
  const file = path.join(dir, `config-${counter++}`);
  writeFileSync(file, text, { mode: 0o600 });
  const result = spawnSync(KUBECTL ?? 'kubectl', ['get', '--raw', '/api', '--request-timeout=5s'], {
    encoding: 'utf8',
    input: '',
    timeout: 20_000,
    env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: file },
  });
  return `${result.stdout}${result.stderr}`;
}

// What kubectl prints once it has accepted the config and tries to act on it.
const GOT_PAST_VALIDATION = /127\.0\.0\.1:1|getting credentials|Please enter Username/;

const exec = (fields: string) => `    exec:\n      command: ${NO_PLUGIN}\n${fields}`;
const V1BETA1 = '      apiVersion: client.authentication.k8s.io/v1beta1';
const V1 = '      apiVersion: client.authentication.k8s.io/v1';
const OIDC =
  '    auth-provider:\n      name: oidc\n      config: {idp-issuer-url: "https://127.0.0.1:2", client-id: k}';

const ENTRIES: [string, string][] = [
  ['token', '    token: abc'],
  ['token + username', '    token: abc\n    username: a\n    password: b'],
  ['token + password only', '    token: abc\n    password: b'],
  ['tokenFile + username', `    tokenFile: ${TOKEN_FILE}\n    username: a\n    password: b`],
  ['tokenFile + password only', `    tokenFile: ${TOKEN_FILE}\n    password: b`],
  ['token + tokenFile', `    token: abc\n    tokenFile: ${TOKEN_FILE}`],
  ['basic auth', '    username: a\n    password: b'],
  ['cert + key', `    client-certificate: ${CERT}\n    client-key: ${KEY}`],
  ['cert without key', `    client-certificate: ${CERT}`],
  ['cert data without key', '    client-certificate-data: eA=='],
  ['key without cert', `    client-key: ${KEY}`],
  ['cert file + data', `    client-certificate: ${CERT}\n    client-certificate-data: eA==\n    client-key: ${KEY}`],
  ['key file + data', `    client-certificate: ${CERT}\n    client-key: ${KEY}\n    client-key-data: eA==`],
  ['key file + data without cert', `    client-key: ${KEY}\n    client-key-data: eA==`],
  ['tokenFile + username only', `    tokenFile: ${TOKEN_FILE}\n    username: a`],
  ['cert + token', `    client-certificate: ${CERT}\n    client-key: ${KEY}\n    token: abc`],
  ['exec v1beta1', exec(V1BETA1)],
  ['exec + auth-provider', `${exec(V1BETA1)}\n${OIDC}`],
  ['exec without command', `    exec:\n${V1BETA1}`],
  ['exec without apiVersion', exec('      args: [x]')],
  ['exec v1 without interactiveMode', exec(V1)],
  ['exec v1 IfAvailable', exec(`${V1}\n      interactiveMode: IfAvailable`)],
  ['exec invalid interactiveMode', exec(`${V1BETA1}\n      interactiveMode: Sometimes`)],
  ['exec env without name', exec(`${V1BETA1}\n      env: [{value: x}]`)],
  ['exec + token', `${exec(V1BETA1)}\n    token: abc`],
  ['exec + cert without key', `${exec(V1BETA1)}\n    client-certificate-data: eA==`],
];

describe.skipIf(!KUBECTL)('kubectl refuses exactly the entries credentialRefusals names', () => {
  it.each(ENTRIES)('%s', (_name, body) => {
    const user = subjectOf({ sources: { '/k/config': kubeconfig(body) } }).user?.value;
    expect(user).toBeDefined();
    const refusals = credentialRefusals('u', user ?? {});
    const output = kubectlSays(kubeconfig(body));
    if (refusals.length === 0) {
      expect(output).toMatch(GOT_PAST_VALIDATION);
    } else {
      expect(output).not.toMatch(GOT_PAST_VALIDATION);
      for (const refusal of refusals) expect(output).toContain(refusal.message);
    }
  });
});

describe.skipIf(!KUBECTL)('kubectl sends the credential credentialSetup says wins', () => {
  it.each([
    ['exec + token', `${exec(V1BETA1)}\n    token: abc`],
    ['exec + tokenFile', `${exec(V1BETA1)}\n    tokenFile: ${TOKEN_FILE}`],
    ['exec + basic auth', `${exec(V1BETA1)}\n    username: a\n    password: b`],
    ['exec + cert + key', `${exec(V1BETA1)}\n    client-certificate: ${CERT}\n    client-key: ${KEY}`],
    ['exec + password only', `${exec(V1BETA1)}\n    password: b`],
    ['exec alone', exec(V1BETA1)],
    ['oidc + token', `${OIDC}\n    token: abc`],
    ['oidc + cert + key', `${OIDC}\n    client-certificate: ${CERT}\n    client-key: ${KEY}`],
  ])('%s', (_name, body) => {
    const text = kubeconfig(body);
    const setup = credentialSetup(subjectOf({ sources: { '/k/config': text } }).user?.value);
    const output = kubectlSays(text);
    // A plugin that runs fails here (the exec command does not exist; the IdP is a closed port).
    const ranPlugin = /getting credentials|id-token|refresh/.test(output);
    expect(ranPlugin).toBe(setup.shadowed.length === 0);
  });
});

describe.skipIf(!KUBECTL)('the rules quote what kubectl prints', () => {
  it.each([
    ['gcp', '    auth-provider: {name: gcp}'],
    ['azure', '    auth-provider: {name: azure}'],
  ])('auth-provider %s', (_name, body) => {
    const text = kubeconfig(body);
    const [finding] = runRule(authProviderRemoved, subjectOf({ sources: { '/k/config': text } }));
    const firstLine =
      kubectlSays(text)
        .split('\n')[0]
        ?.replace(/^error: /, '') ?? '';
    expect(firstLine).toMatch(/auth plugin has been removed/);
    expect(finding?.detail).toContain(firstLine);
  });

  it.each(['client.authentication.k8s.io/v1alpha1', 'client.authentication.k8s.io/v2'])('exec %s', (apiVersion) => {
    const text = kubeconfig(exec(`      apiVersion: ${apiVersion}\n      interactiveMode: Never`));
    const [finding] = runRule(execApiVersionUnsupported, subjectOf({ sources: { '/k/config': text } }));
    const said = kubectlSays(text)
      .trim()
      .replace(/^error: /, '');
    expect(said).toBe(`exec plugin: invalid apiVersion "${apiVersion}"`);
    expect(finding?.detail).toContain(said);
  });
});
