import { describe, expect, it } from 'vitest';
import { mergeKubeconfigs } from '../../shared/kubeconfig/merge';
import { parseKubeconfig } from '../../shared/kubeconfig/parse';
import type { KubeconfigDocument } from '../../shared/kubeconfig/model';
import type { Platform } from '../../shared/facts';

function doc(path: string, text: string): KubeconfigDocument {
  const result = parseKubeconfig(text, path);
  if (!result.ok) throw new Error(result.error.message);
  return result.document;
}

const A = doc(
  '/home/dev/.kube/config',
  `current-context: ""
clusters:
- name: shared
  cluster: {server: https://from-a, certificate-authority: ca/a.crt}
- name: only-a
  cluster: {server: https://only-a}
users:
- name: shared
  user: {token: a-token}
contexts:
- name: shared
  context: {cluster: shared, user: shared, namespace: a}
`,
);

const B = doc(
  '/etc/kube/b.yaml',
  `current-context: from-b
clusters:
- name: shared
  cluster: {server: https://from-b, insecure-skip-tls-verify: true, proxy-url: http://proxy}
- name: only-b
  cluster: {server: https://only-b}
users:
- name: shared
  user: {client-certificate: b.crt, client-key: b.key}
contexts:
- name: from-b
  context: {cluster: only-b, user: shared}
- name: shared
  context: {cluster: only-b}
`,
);

const C = doc('/srv/c.yaml', 'current-context: from-c\n');

describe('mergeKubeconfigs', () => {
  it('gives each name to the first file that defines it, whole entry, no field merge', () => {
    const merged = mergeKubeconfigs([A, B], 'linux');
    expect(merged.clusters.get('shared')).toEqual({
      name: 'shared',
      source: '/home/dev/.kube/config',
      value: { server: 'https://from-a', certificateAuthority: '/home/dev/.kube/ca/a.crt' },
    });
    expect(merged.users.get('shared')?.value).toEqual({ token: 'a-token' });
    expect(merged.contexts.get('shared')?.value).toEqual({ cluster: 'shared', user: 'shared', namespace: 'a' });
    expect(mergeKubeconfigs([B, A], 'linux').clusters.get('shared')?.value).toEqual({
      server: 'https://from-b',
      insecureSkipTlsVerify: true,
      proxyUrl: 'http://proxy',
    });
  });

  it('keeps names in the order they were first seen', () => {
    const merged = mergeKubeconfigs([A, B], 'linux');
    expect([...merged.clusters.keys()]).toEqual(['shared', 'only-a', 'only-b']);
    expect([...merged.contexts.keys()]).toEqual(['shared', 'from-b']);
  });

  it('takes the first non-empty current-context and remembers which file set it', () => {
    const merged = mergeKubeconfigs([A, B, C], 'linux');
    expect(merged.currentContext).toBe('from-b');
    expect(merged.currentContextSource).toBe('/etc/kube/b.yaml');
    expect(mergeKubeconfigs([C, B], 'linux').currentContextSource).toBe('/srv/c.yaml');
    const none = mergeKubeconfigs([A], 'linux');
    expect(none.currentContext).toBeUndefined();
    expect(none.currentContextSource).toBeUndefined();
  });

  it('resolves relative references against the defining file, leaving absolute ones and bare commands alone', () => {
    const nested = doc(
      '/home/dev/clusters/eu/kubeconfig',
      `users:
- name: files
  user: {client-certificate: ./certs//me.crt, client-key: ../keys/me.key, tokenFile: /abs/token}
- name: plugin-relative
  user: {exec: {command: bin/get-token, args: [x]}}
- name: plugin-on-path
  user: {exec: {command: aws}}
- name: dir-ref
  user: {tokenFile: tokens/}
clusters:
- name: c
  cluster: {certificate-authority: ca.crt}
`,
    );
    const merged = mergeKubeconfigs([nested], 'linux');
    expect(merged.users.get('files')?.value).toEqual({
      clientCertificate: '/home/dev/clusters/eu/certs/me.crt',
      clientKey: '/home/dev/clusters/keys/me.key',
      tokenFile: '/abs/token',
    });
    expect(merged.users.get('plugin-relative')?.value.exec?.command).toBe('/home/dev/clusters/eu/bin/get-token');
    expect(merged.users.get('plugin-on-path')?.value.exec?.command).toBe('aws');
    // filepath.Join cleans away the trailing separator.
    expect(merged.users.get('dir-ref')?.value.tokenFile).toBe('/home/dev/clusters/eu/tokens');
    expect(merged.clusters.get('c')?.value.certificateAuthority).toBe('/home/dev/clusters/eu/ca.crt');
    // The parsed documents are not modified.
    expect(nested.users[0]?.value.clientCertificate).toBe('./certs//me.crt');
  });

  it('resolves with Windows rules on win32, where only a backslash makes a command a path', () => {
    const win = doc(
      'C:\\Users\\dev\\.kube\\config',
      `users:
- name: u
  user:
    client-certificate: certs/me.crt
    client-key: D:\\keys\\me.key
    tokenFile: \\rooted\\token
    exec: {command: .\\bin\\plugin.exe}
- name: slash-command
  user: {exec: {command: ./bin/plugin}}
`,
    );
    const merged = mergeKubeconfigs([win], 'win32');
    expect(merged.users.get('u')?.value).toEqual({
      clientCertificate: 'C:\\Users\\dev\\.kube\\certs\\me.crt',
      clientKey: 'D:\\keys\\me.key',
      // Go's filepath.IsAbs: without a drive letter it is relative.
      tokenFile: 'C:\\Users\\dev\\.kube\\rooted\\token',
      exec: { command: 'C:\\Users\\dev\\.kube\\bin\\plugin.exe', args: [], env: [] },
    });
    expect(merged.users.get('slash-command')?.value.exec?.command).toBe('./bin/plugin');
  });

  it.each<Platform>(['darwin', 'other'])('uses POSIX rules on %s', (platform) => {
    const merged = mergeKubeconfigs(
      [doc('/Users/dev/k.yaml', 'users:\n- name: u\n  user: {exec: {command: a\\b}}\n')],
      platform,
    );
    expect(merged.users.get('u')?.value.exec?.command).toBe('a\\b');
  });

  it('merges nothing into an empty config', () => {
    const merged = mergeKubeconfigs([], 'linux');
    expect(merged.clusters.size + merged.users.size + merged.contexts.size).toBe(0);
    expect(merged.currentContext).toBeUndefined();
  });
});
