import { describe, expect, it } from 'vitest';
import { credentialKind, credentialRefusals, credentialSetup } from '../../shared/credentials/kind';
import type { User } from '../../shared/kubeconfig/model';
import { subjectOf } from '../support/rules';

/** The user entry parsed from YAML (the body under `user:`, indented by 4). */
function user(body: string): User {
  const text = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
users:
- name: u
  user:
${body}
`;
  const parsed = subjectOf({ sources: { '/home/u/.kube/config': text } }).user?.value;
  if (!parsed) throw new Error('no user parsed');
  return parsed;
}

const EXEC = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token, --cluster-name, prod]`;
const OIDC = `    auth-provider:
      name: oidc
      config: {idp-issuer-url: "https://idp.example.com", client-id: k8s}`;

describe('credentialKind', () => {
  it.each([
    ['    {}', 'none'],
    ['    token: abc', 'token'],
    ['    tokenFile: /t', 'token'],
    ['    username: admin\n    password: pw', 'basic'],
    ['    client-certificate-data: eA==\n    client-key-data: eA==', 'client-certificate'],
    [EXEC, 'exec'],
    [OIDC, 'oidc'],
    ['    auth-provider: {name: gcp}', 'auth-provider'],
    // Static credentials win over a plugin: client-go never runs exec then.
    [`${EXEC}\n    token: abc`, 'token'],
    [`${EXEC}\n    client-certificate: /c\n    client-key: /k`, 'client-certificate'],
    [`${OIDC}\n    username: admin`, 'basic'],
    // Half a credential is no credential.
    ['    client-key-data: eA==', 'none'],
    ['    password: pw', 'none'],
    // A certificate without its key is not sent; the plugin runs (if kubectl accepted the entry at all).
    [`${EXEC}\n    client-certificate-data: eA==`, 'exec'],
  ])('%s -> %s', (body, kind) => {
    expect(credentialKind(user(body))).toBe(kind);
  });

  it('is none for a missing user', () => {
    expect(credentialKind(undefined)).toBe('none');
  });
});

describe('credentialSetup', () => {
  it('shadows exec behind a token, a full client cert, or basic auth', () => {
    expect(credentialSetup(user(`${EXEC}\n    tokenFile: /t`))).toEqual({
      configured: ['token', 'exec'],
      wins: 'token',
      sent: ['token'],
      shadowed: ['exec'],
      ignored: [],
    });
    expect(credentialSetup(user(`${EXEC}\n    client-certificate-data: eA==\n    client-key: /k`)).shadowed).toEqual([
      'exec',
    ]);
    expect(credentialSetup(user(`${EXEC}\n    username: a\n    password: b`)).shadowed).toEqual(['exec']);
  });

  it('does not shadow exec behind a password alone or a certificate without key', () => {
    expect(credentialSetup(user(`${EXEC}\n    password: b`))).toEqual({
      configured: ['basic', 'exec'],
      wins: 'exec',
      sent: [],
      shadowed: [],
      ignored: ['password'],
    });
    expect(credentialSetup(user(`${EXEC}\n    client-certificate-data: eA==`)).shadowed).toEqual([]);
  });

  it('shadows oidc behind an Authorization header only, not behind a client cert', () => {
    expect(credentialSetup(user(`${OIDC}\n    token: abc`)).shadowed).toEqual(['oidc']);
    const withCert = credentialSetup(user(`${OIDC}\n    client-certificate-data: eA==\n    client-key-data: eA==`));
    expect(withCert.shadowed).toEqual([]);
    expect(withCert.wins).toBe('client-certificate');
  });

  it('names a key without a certificate as ignored', () => {
    expect(credentialSetup(user('    client-key: /k')).ignored).toEqual(['client-key']);
  });
});

describe('credentialRefusals', () => {
  const codes = (body: string) => credentialRefusals('u', user(body)).map((r) => r.code);

  it('accepts each single method and the shadowing combinations kubectl accepts', () => {
    for (const body of [
      '    token: abc',
      '    tokenFile: /t\n    token: abc',
      '    username: a\n    password: b',
      '    client-certificate: /c\n    client-key: /k',
      `${EXEC}\n    token: abc`,
      `${OIDC}\n    token: abc`,
      '    tokenFile: /t\n    password: b',
      '    client-key: /k',
    ]) {
      expect(codes(body), body).toEqual([]);
    }
  });

  it('refuses what validation.go and the transport refuse, in kubectl`s words', () => {
    expect(credentialRefusals('u', user('    token: abc\n    username: a'))).toEqual([
      {
        code: 'token-and-basic',
        message: 'more than one authentication method found for u; found [token basicAuth], only one is allowed',
      },
    ]);
    expect(codes('    token: abc\n    password: b')).toEqual(['token-and-basic']);
    expect(codes('    tokenFile: /t\n    username: a')).toEqual(['token-file-and-basic']);
    expect(codes('    client-certificate: /c')).toEqual(['cert-without-key']);
    expect(codes('    client-certificate: /c\n    client-certificate-data: eA==\n    client-key: /k')).toEqual([
      'cert-file-and-data',
    ]);
    expect(codes('    client-certificate: /c\n    client-key-data: eA==\n    client-key: /k')).toEqual([
      'key-file-and-data',
    ]);
    expect(codes(`${EXEC}\n${OIDC}`)).toEqual(['exec-and-auth-provider']);
    expect(codes('    exec: {apiVersion: client.authentication.k8s.io/v1beta1}')).toEqual(['exec-without-command']);
    expect(codes('    exec: {command: aws}')).toEqual(['exec-without-api-version', 'exec-interactive-mode-missing']);
    expect(codes('    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}')).toEqual([
      'exec-interactive-mode-missing',
    ]);
    expect(
      codes('    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1, interactiveMode: Sometimes}'),
    ).toEqual(['exec-interactive-mode-invalid']);
    expect(
      codes('    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1, env: [{value: x}]}'),
    ).toEqual(['exec-env-without-name']);
  });
});
