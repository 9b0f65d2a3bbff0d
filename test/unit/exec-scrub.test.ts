import { describe, expect, it } from 'vitest';
import { execSecrets } from '../../shared/exec/evidence';
import { redactSecretArgs, scrubSecrets, stderrTail } from '../../shared/exec/scrub';
import { selfSigned } from '../fixtures/pki';
import { seconds, signJwt } from '../fixtures/jwt';

// The shape `aws eks get-token` prints (a presigned STS URL, base64url-encoded).
const EKS_TOKEN =
  'k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTU';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE12';

describe('scrubSecrets', () => {
  it('removes tokens in the forms plugins print them', async () => {
    const jwt = await signJwt({ iss: 'https://idp.example.com', sub: 'jane', exp: seconds(Date.now()) });
    const cases: [string, string][] = [
      [`Authorization: Bearer ${jwt}`, 'Authorization: Bearer [redacted]'],
      [`token is ${EKS_TOKEN}`, 'token is k8s-aws-v1.[redacted]'],
      [`got ${jwt} back`, 'got [redacted JWT] back'],
      [`aws_secret_access_key = ${AWS_SECRET}`, 'aws_secret_access_key = [redacted]'],
      [`retrying with password=hunter2`, 'retrying with password=[redacted]'],
      [`{"refresh_token": "1//0gAbCdEf12345"}`, '{"refresh_token": "[redacted]"}'],
      ['GET https://admin:s3cr3t@idp.example.com/x', 'GET https://admin:[redacted]@idp.example.com/x'],
      ['X-Amz-Signature=ab12cd34ef56', 'X-Amz-Signature=[redacted]'],
      [`secret ${AWS_SECRET} leaked`, 'secret [redacted] leaked'],
    ];
    for (const [input, expected] of cases) {
      expect(scrubSecrets(input)).toBe(expected);
      // A run's tail is scrubbed line by line and then again as a whole: the second pass changes nothing.
      expect(scrubSecrets(expected)).toBe(expected);
    }
  });

  it('removes whole PEM blocks, private keys and certificates alike', () => {
    const { certPem, keyPem } = selfSigned({ cn: 'jane' });
    const out = scrubSecrets(`key:\n${keyPem}cert:\n${certPem}done`);
    expect(out).toBe('key:\n[redacted rsa private key]\ncert:\n[redacted certificate]\ndone');
  });

  it('removes a PEM block cut off by the end of the output', () => {
    const { keyPem } = selfSigned({ cn: 'jane' });
    expect(scrubSecrets(keyPem.slice(0, 200))).toBe('[redacted rsa private key]');
  });

  it('removes known values verbatim, e.g. the entry env values', () => {
    expect(scrubSecrets('profile prod-admin: tenant t-123', ['prod-admin', 'x'])).toBe(
      'profile [redacted]: tenant t-123',
    );
  });

  it('keeps ordinary file paths, however long, and still catches a token-shaped piece of one', () => {
    const macTemp = '/var/folders/xy/1a2b3c4d5e6f7g8h9i0jklmn/T/kubeward-files-AbC123/config';
    const line = `Updated context shop in ${macTemp}`;
    expect(scrubSecrets(line)).toBe(line);
    const linuxTemp = '/tmp/kubeward-tmpdir-Xy12Ab/kubeward-fix-Qw34Er/Config2Of3';
    expect(scrubSecrets(`wrote ${linuxTemp}`)).toBe(`wrote ${linuxTemp}`);
    // mktemp -d names its directory tmp.XXXXXXXXXX: the dot splits the run, which is still in a path.
    const mktemp = '/tmp/tmp.D5fciV5ql4/kubeward-test-run-0U0GUI/kubeward-fix-kjqjNm/config';
    expect(scrubSecrets(`Updated context shop in ${mktemp}`)).toBe(`Updated context shop in ${mktemp}`);
    expect(scrubSecrets(`wrote '${mktemp}'`)).toBe(`wrote '${mktemp}'`);
    // Outside a path a slash is base64's: an AWS secret key is one run, and goes.
    expect(scrubSecrets(`key ${AWS_SECRET} rejected`)).toBe('key [redacted] rejected');
    expect(scrubSecrets(`GET /v1/${AWS_SECRET.replace(/\//g, '')}AbCd/x`)).toBe('GET [redacted]');
    expect(scrubSecrets(`/tmp/x/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/y`)).toBe('[redacted]');
  });

  it('removes terminal escape sequences, which could hide a token from the patterns', async () => {
    const jwt = await signJwt({ sub: 'jane' });
    const [head, ...rest] = jwt.split('.');
    const hidden = `${head}\x1b[0m.${rest.join('.')}`;
    expect(scrubSecrets(`\x1b[31merror\x1b[0m ${hidden}`)).toBe('error [redacted JWT]');
  });

  it.each([
    'Unable to locate credentials. You can configure credentials by running "aws configure".',
    'Error when retrieving token from sso: Token has expired and refresh failed',
    'Error loading SSO Token: Token for corp does not exist',
    'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
    'F1128 13:31:49.136526   23857 cred.go:145] print credential failed with error: Failed to retrieve access token:: failure while executing gcloud, with args [config config-helper --format=json]: exit status 1',
    'request id 4f1c2b9e-8d7a-4c3b-9e2f-1a2b3c4d5e6f, cert sha256 3f9a0c4e5b6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f',
  ])('leaves plain messages readable: %s', (message) => {
    expect(scrubSecrets(message)).toBe(message);
  });

  it('stays fast on a hostile megabyte', () => {
    const started = performance.now();
    scrubSecrets(`${'a'.repeat(500_000)}=${'-'.repeat(500_000)}`);
    scrubSecrets('password'.repeat(130_000));
    scrubSecrets('a.'.repeat(500_000));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('stderrTail', () => {
  it('keeps the last 20 non-empty lines, scrubbed', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    lines.push('', `Authorization: Bearer ${AWS_SECRET}`, '   ');
    const tail = stderrTail(lines.join('\r\n'));
    expect(tail.split('\n')).toEqual([...lines.slice(11, 30), 'Authorization: Bearer [redacted]']);
  });

  it('cuts long lines', () => {
    expect(stderrTail('x'.repeat(1_000))).toBe(`${'x'.repeat(400)}…`);
  });

  it('drops the line a flood cut in two, so no piece of a token survives', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    const end = '\nlast words';
    // The 64 KiB window starts 8 characters before the end of the token: too short a piece to recognise.
    const rest = ` ${'y'.repeat(64 * 1024 - 8 - 1 - end.length)}${end}`;
    const tail = stderrTail(`early line\n${token}${rest}`);
    expect(tail.split('\n')).toEqual([`…${'y'.repeat(399)}…`, 'last words']);
    expect(tail).not.toContain(token.slice(-8));
  });

  it('leaves nothing of a single endless word', () => {
    expect(stderrTail('Q1w2E3r4'.repeat(20_000))).toBe('…');
  });
});

describe('the secrets of an exec plugin entry', () => {
  const exec = {
    args: ['get-token', '--client-secret=Cs-one-1234', '--oidc-client-secret', 'Cs-two-5678', '--password', 'pw-9999'],
    env: [
      { name: 'AWS_PROFILE', value: 'prod-admin' },
      { name: 'TMPDIR', value: '/var/folders/xy/1a2b3c4d5e6f7g8h9i0jklmn/T/' },
      { name: 'AWS_SECRET_ACCESS_KEY', value: AWS_SECRET },
      { name: 'VAULT_TOKEN', value: 'hvs-vault-token' },
      { name: 'DB_PASSWORD', value: 'db-pass-word' },
      { name: 'CLIENT_CREDENTIAL', value: 'cred-value-1' },
    ],
  };

  it('are the values of secret-looking flags in both forms and of secret-looking env names, only those', () => {
    expect(execSecrets(exec)).toEqual([
      'Cs-one-1234',
      'Cs-two-5678',
      'pw-9999',
      AWS_SECRET,
      'hvs-vault-token',
      'db-pass-word',
      'cred-value-1',
    ]);
  });

  it('are scrubbed from what the plugin prints, while its profile name and temp directory stay readable', () => {
    const stderr = [
      'The config profile (prod-admin) could not be found',
      'using /var/folders/xy/1a2b3c4d5e6f7g8h9i0jklmn/T/ for the cache',
      'sent client_secret Cs-one-1234 and Cs-two-5678 with pw-9999',
      `env had ${AWS_SECRET}, hvs-vault-token, db-pass-word, cred-value-1`,
    ].join('\n');
    expect(stderrTail(stderr, execSecrets(exec)).split('\n')).toEqual([
      'The config profile (prod-admin) could not be found',
      'using /var/folders/xy/1a2b3c4d5e6f7g8h9i0jklmn/T/ for the cache',
      'sent client_secret [redacted] and [redacted] with [redacted]',
      'env had [redacted], [redacted], [redacted], [redacted]',
    ]);
  });

  it('are redacted from the arguments shown, in both forms', () => {
    expect(redactSecretArgs(exec.args)).toEqual([
      'get-token',
      '--client-secret=[redacted]',
      '--oidc-client-secret',
      '[redacted]',
      '--password',
      '[redacted]',
    ]);
  });

  it("leave kubelogin's cache place readable: a directory and a storage kind are no secret", () => {
    const args = ['oidc-login', 'get-token', '--token-cache-dir', '~/.kube/cache/x', '--token-cache-storage=keyring'];
    expect(redactSecretArgs(args)).toEqual(args);
    expect(redactSecretArgs(['--access-token', 'abc', '--token-cache=abc'])).toEqual([
      '--access-token',
      '[redacted]',
      '--token-cache=[redacted]',
    ]);
  });
});
