import { describe, expect, it } from 'vitest';
import { decodeKubeconfig } from '../../shared/kubeconfig/decode';
import { parseKubeconfig } from '../../shared/kubeconfig/parse';
import type { KubeconfigDocument, ParseError } from '../../shared/kubeconfig/model';

const FILE = '/home/dev/.kube/config';
const CANARY = 'CANARY-s3cr3t-7f1d2c';

function parsed(text: string): KubeconfigDocument {
  const result = parseKubeconfig(text, FILE);
  if (!result.ok) throw new Error(`expected a valid kubeconfig, got: ${result.error.message}`);
  return result.document;
}

function failure(text: string): ParseError {
  const result = parseKubeconfig(text, FILE);
  if (result.ok) throw new Error('expected the kubeconfig to be rejected');
  return result.error;
}

const FULL = `apiVersion: v1
kind: Config
current-context: dev
preferences: {}
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
    certificate-authority: ca.crt
    certificate-authority-data: aGVsbG8=
    insecure-skip-tls-verify: false
    tls-server-name: api.prod
    proxy-url: socks5://localhost:1080
    some-future-field: ignored
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token, --cluster-name, prod, --region, eu-west-1]
      env:
      - name: AWS_PROFILE
        value: admin
      installHint: install the aws CLI
      provideClusterInfo: true
      interactiveMode: Never
- name: static
  user:
    client-certificate: certs/me.crt
    client-certificate-data: Y2VydA==
    client-key: certs/me.key
    client-key-data: a2V5
    token: ${CANARY}
    tokenFile: /var/run/token
    username: admin
    password: ${CANARY}
- name: oidc
  user:
    auth-provider:
      name: oidc
      config:
        idp-issuer-url: https://issuer.example
        id-token: ${CANARY}
contexts:
- name: dev
  context:
    cluster: prod
    user: eks
    namespace: team-a
`;

describe('parseKubeconfig: the model', () => {
  it('maps every kebab-case field onto the camelCase model and tags entries with their file', () => {
    const doc = parsed(FULL);
    expect(doc.path).toBe(FILE);
    expect(doc.currentContext).toBe('dev');
    expect(doc.clusters).toEqual([
      {
        name: 'prod',
        source: FILE,
        value: {
          server: 'https://prod.example:6443',
          certificateAuthority: 'ca.crt',
          certificateAuthorityData: 'aGVsbG8=',
          insecureSkipTlsVerify: false,
          tlsServerName: 'api.prod',
          proxyUrl: 'socks5://localhost:1080',
        },
      },
    ]);
    expect(doc.users.map((u) => u.name)).toEqual(['eks', 'static', 'oidc']);
    expect(doc.users[0]?.value.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', 'prod', '--region', 'eu-west-1'],
      env: [{ name: 'AWS_PROFILE', value: 'admin' }],
      installHint: 'install the aws CLI',
      provideClusterInfo: true,
      interactiveMode: 'Never',
    });
    expect(doc.users[1]?.value).toEqual({
      clientCertificate: 'certs/me.crt',
      clientCertificateData: 'Y2VydA==',
      clientKey: 'certs/me.key',
      clientKeyData: 'a2V5',
      token: CANARY,
      tokenFile: '/var/run/token',
      username: 'admin',
      password: CANARY,
    });
    expect(doc.users[2]?.value.authProvider).toEqual({
      name: 'oidc',
      config: { 'idp-issuer-url': 'https://issuer.example', 'id-token': CANARY },
    });
    expect(doc.contexts).toEqual([
      { name: 'dev', source: FILE, value: { cluster: 'prod', user: 'eks', namespace: 'team-a' } },
    ]);
  });

  it('reads JSON, which is YAML', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://c', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { exec: { command: 'gke-gcloud-auth-plugin', args: null } } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    });
    const doc = parsed(json);
    expect(doc.clusters[0]?.value).toEqual({ server: 'https://c', insecureSkipTlsVerify: true });
    expect(doc.users[0]?.value.exec).toEqual({ command: 'gke-gcloud-auth-plugin', args: [], env: [] });
    expect(doc.currentContext).toBe('x');
  });

  it.each([
    ['an empty file', ''],
    ['only comments and blank lines', '# managed by hand\n\n   \n# nothing yet\n'],
    ['an explicit null document', '---\n~\n'],
    ['an empty mapping', '{}\n'],
    ['empty kind and apiVersion', 'kind: ""\napiVersion: ""\n'],
  ])('accepts %s as an empty config, like kubectl', (_label, text) => {
    expect(parsed(text)).toEqual({ path: FILE, clusters: [], users: [], contexts: [] });
  });

  it('treats null fields and null list items as unset, like Go', () => {
    const doc = parsed(
      'clusters:\n- null\n- name: a\n  cluster:\n    server:\n    proxy-url: null\nusers:\ncontexts: ~\n',
    );
    expect(doc.clusters).toEqual([
      { name: '', source: FILE, value: {} },
      { name: 'a', source: FILE, value: {} },
    ]);
    expect(doc.users).toEqual([]);
    expect(doc.currentContext).toBeUndefined();
  });

  it('lets a repeated key override the earlier one, as kubectl does', () => {
    const doc = parsed('current-context: a\ncurrent-context: b\n');
    expect(doc.currentContext).toBe('b');
  });

  it('follows anchors and merge keys, with explicit keys winning over merged ones', () => {
    const doc = parsed(
      'base: &b {server: https://shared, tls-server-name: shared}\nclusters:\n- name: c\n  cluster:\n    <<: *b\n    server: https://own\n',
    );
    expect(doc.clusters[0]?.value).toEqual({ server: 'https://own', tlsServerName: 'shared' });
  });

  it('reads only the first YAML document, ignoring later ones even when they are broken', () => {
    expect(parsed('current-context: first\n---\ncurrent-context: second\n').currentContext).toBe('first');
    expect(parsed('---\ncurrent-context: first\n...\n---\n: : [ broken\n').currentContext).toBe('first');
  });

  it('types scalars like YAML 1.1 as kubectl does: timestamps and 12:30 stay strings, yes is a boolean', () => {
    const doc = parsed(
      'contexts:\n- name: c\n  context: {namespace: 2001-12-14, cluster: 12:30, user: !!str 5}\n' +
        'clusters:\n- name: k\n  cluster: {insecure-skip-tls-verify: yes, server: !custom https://x}\n',
    );
    expect(doc.contexts[0]?.value).toEqual({ namespace: '2001-12-14', cluster: '12:30', user: '5' });
    expect(doc.clusters[0]?.value).toEqual({ insecureSkipTlsVerify: true, server: 'https://x' });
  });

  it('keeps base64 data without its line breaks and drops empty data, as kubectl does', () => {
    const doc = parsed(
      'users:\n- name: u\n  user:\n    client-key-data: |\n      aGVs\n      bG8=\n    client-certificate-data: ""\n',
    );
    expect(doc.users[0]?.value).toEqual({ clientKeyData: 'aGVsbG8=' });
  });
});

describe('parseKubeconfig: errors', () => {
  it('points at YAML syntax errors by line and column', () => {
    const error = failure('apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: "unterminated\n');
    expect(error.message).toMatch(/^not valid YAML: /);
    expect(error.position?.line).toBeGreaterThanOrEqual(4);
    expect(error.position?.column).toBeGreaterThanOrEqual(1);
    const tab = failure('clusters:\n\t- name: a\n');
    expect(tab.position).toEqual({ line: 2, column: 1 });
  });

  it('names the field path and locates the node for a wrong type', () => {
    const text =
      'users:\n- name: a\n  user: {}\n- name: b\n  user: {}\n- name: c\n  user:\n    exec:\n      command: aws\n      args: --region\n';
    expect(failure(text)).toEqual({
      message: 'users[2].user.exec.args: expected a list, got a string',
      position: { line: 10, column: 13 },
    });
    expect(failure('users:\n- name: a\n  user:\n    exec:\n      command: aws\n      args: [1]\n')).toEqual({
      message:
        'users[0].user.exec.args[0]: expected a string, got a number (kubectl reads it as a number: quote the value)',
      position: { line: 6, column: 14 },
    });
  });

  it('locates a wrong type through an alias, in a flow mapping, and at the quote of a quoted scalar', () => {
    expect(failure('base: &b {server: [x]}\nclusters:\n- name: c\n  cluster: *b\n')).toEqual({
      message: 'clusters[0].cluster.server: expected a string, got a list',
      position: { line: 1, column: 19 },
    });
    expect(failure('clusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify:   "no"\n').position).toEqual({
      line: 4,
      column: 33,
    });
  });

  it('explains YAML 1.1 booleans when a string was expected', () => {
    const error = failure('contexts:\n- name: c\n  context:\n    namespace: no\n');
    expect(error.message).toMatch(/^contexts\[0\]\.context\.namespace: expected a string, got a boolean .*quote/);
    expect(error.position).toEqual({ line: 4, column: 16 });
  });

  it('rejects a quoted boolean where kubectl wants a real one', () => {
    expect(failure('clusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify: "true"\n').message).toBe(
      'clusters[0].cluster.insecure-skip-tls-verify: expected a boolean (true or false, unquoted), got a string',
    );
  });

  it('never echoes a secret value in an error', () => {
    const texts = [
      `users:\n- name: u\n  user:\n    token: [${CANARY}]\n`,
      `users:\n- name: u\n  user:\n    client-key-data: ${CANARY}\n`,
      `users:\n- name: u\n  user:\n    password: {p: ${CANARY}}\n`,
      `users:\n- name: u\n  user:\n    token: ${CANARY}\n- name: u\n  user:\n    token: ${CANARY}\n`,
      `users:\n- name: u\n  user:\n    token: "${CANARY}\n`,
    ];
    for (const text of texts) expect(JSON.stringify(failure(text))).not.toContain('CANARY');
  });

  it('rejects invalid base64 in *-data fields, like kubectl', () => {
    expect(failure('clusters:\n- name: c\n  cluster:\n    certificate-authority-data: aGVsbG8\n')).toEqual({
      message: 'clusters[0].cluster.certificate-authority-data: not valid base64 (kubectl: "illegal base64 data")',
      position: { line: 4, column: 33 },
    });
  });

  it.each([
    ['kind: Pod\n', 'kind: expected "Config", got "Pod"'],
    ['kind: config\n', 'kind: expected "Config", got "config"'],
    ['apiVersion: v2\nkind: Config\n', 'apiVersion: expected "v1", got "v2"'],
    ['apiVersion: apps/v1\n', 'apiVersion: expected "v1", got "apps/v1"'],
    ['kind: 5\n', 'kind: expected a string, got a number'],
  ])('rejects a wrong header %j', (text, start) => {
    const error = failure(text);
    expect(error.message.startsWith(start)).toBe(true);
    expect(error.position?.line).toBe(1);
  });

  it('points at the second of two entries with the same name', () => {
    const error = failure('contexts:\n- name: a\n- name: b\n- name: a\n');
    expect(error.message).toBe(
      'contexts[2].name: duplicate name "a" (also contexts[0]); kubectl refuses a file that repeats a name',
    );
    expect(error.position).toEqual({ line: 4, column: 9 });
  });

  it.each([
    ['a list', '- name: a\n'],
    ['a string', 'just some text\n'],
    ['a number', '42\n'],
  ])('rejects a top level that is %s', (kind, text) => {
    expect(failure(text)).toEqual({
      message: `not a kubeconfig: the top level is ${kind}, expected a mapping`,
      position: { line: 1, column: 1 },
    });
  });

  it('says binary data for NUL bytes and for invalid UTF-8', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]).toString('utf8');
    expect(failure(png)).toEqual({ message: 'not a kubeconfig: the file contains binary data' });
    const latin1 = Buffer.from('current-context: caf\xe9\n', 'latin1').toString('utf8');
    expect(failure(latin1)).toEqual({ message: 'not a kubeconfig: the file contains binary data' });
  });

  it('rejects infinities and NaN anywhere, even in fields kubectl does not know', () => {
    const error = failure(
      'clusters:\n- name: c\n  cluster:\n    extensions:\n    - name: e\n      extension: {weight: .inf}\n',
    );
    expect(error.message).toBe('not valid YAML: json: unsupported value: +Inf');
    expect(error.position).toEqual({ line: 6, column: 27 });
  });

  it('rejects a wrong type in fields the model does not keep but kubectl checks', () => {
    expect(failure('users:\n- name: u\n  user:\n    as-groups: 5\n').message).toBe(
      'users[0].user.as-groups: expected a list, got a number',
    );
    expect(failure('preferences: 5\n').message).toBe('preferences: expected a mapping, got a number');
  });

  // The YAML library reads junk with an error on every line in linear time, but slowly (it recovers at
  // each one): 1 MB of it, then 50 MB that fail without a parse.
  it('gives up quickly on junk', () => {
    const lines = 'x: [1, 2\n  ] ::: "q\\" -- {{ }}\n'.repeat(32_000);
    const cases = [lines, 'a'.repeat(50_000_000), `${'b'.repeat(50_000_000)}\u0000`];
    for (const junk of cases) {
      const started = performance.now();
      const result = parseKubeconfig(junk, FILE);
      expect(result.ok).toBe(false);
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  });
});

describe('decodeKubeconfig', () => {
  const text = 'current-context: café\n';

  it('reads UTF-16 when a byte order mark says so, as kubectl does', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    expect(decodeKubeconfig(le)).toBe(text);
    expect(decodeKubeconfig(be)).toBe(text);
    expect(parsed(decodeKubeconfig(le)).currentContext).toBe('café');
  });

  it('reads UTF-8 with or without its byte order mark', () => {
    expect(decodeKubeconfig(Buffer.from(text))).toBe(text);
    expect(decodeKubeconfig(Buffer.from(`\uFEFF${text}`))).toBe(text);
  });

  it('leaves UTF-16 without a byte order mark and invalid UTF-8 to be reported as binary', () => {
    expect(failure(decodeKubeconfig(Buffer.from(text, 'utf16le'))).message).toBe(
      'not a kubeconfig: the file contains binary data',
    );
    expect(failure(decodeKubeconfig(Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]))).message).toBe(
      'not a kubeconfig: the file contains binary data',
    );
  });
});
