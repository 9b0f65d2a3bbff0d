import { describe, expect, it } from 'vitest';
import { classifyFailure, type FailureSignals } from '../../shared/exec/classify';

function failed(stderr: string, extra: Partial<FailureSignals> = {}): FailureSignals {
  return { command: 'aws', exitCode: 1, timedOut: false, stderr, ...extra };
}

// What the real tools print (captured from aws-cli 1.x / botocore and gke-gcloud-auth-plugin in this image,
// and from kubelogin's documentation for the browser and device-code flows).
const GKE_NO_ACCOUNT = `F1128 13:31:49.136526   23857 cred.go:145] print credential failed with error: Failed to retrieve access token:: failure while executing gcloud, with args [config config-helper --format=json]: exit status 1 (err: ERROR: (gcloud.config.config-helper) You do not currently have an active account selected.
Please run:

  $ gcloud auth login

to obtain new credentials.
)`;

describe('classifyFailure', () => {
  it.each([
    [
      '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n',
      'no-cloud-credentials',
    ],
    ['\nThe config profile (prod) could not be found\n', 'no-cloud-credentials'],
    ['NoCredentialProviders: no valid providers in chain. Deprecated.', 'no-cloud-credentials'],
    [
      '\nThe SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.\n',
      'aws-sso-expired',
    ],
    ['\nError when retrieving token from sso: Token has expired and refresh failed\n', 'aws-sso-expired'],
    ['\nError loading SSO Token: Token for corp does not exist\n', 'aws-sso-expired'],
    [GKE_NO_ACCOUNT, 'gcloud-no-account'],
    [
      'ERROR: (gcloud.config.config-helper) There was a problem refreshing your current auth tokens: Reauthentication failed. cannot prompt during non-interactive execution.',
      'gcloud-reauth',
    ],
    [
      'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD1234 to authenticate.',
      'interactive-login-required',
    ],
    [
      'error: could not open the browser: exec: "xdg-open": executable file not found in $PATH',
      'interactive-login-required',
    ],
    ['something went wrong', 'unknown'],
  ])('%s -> %s', (stderr, cause) => {
    expect(classifyFailure(failed(stderr))).toBe(cause);
  });

  it('reads invalid_grant as a gcloud re-login for the gke plugin, a login otherwise', () => {
    const stderr = 'oauth2: cannot fetch token: 400 Bad Request\nResponse: {"error": "invalid_grant"}';
    expect(classifyFailure(failed(stderr, { command: '/usr/bin/gke-gcloud-auth-plugin' }))).toBe('gcloud-reauth');
    expect(classifyFailure(failed(stderr, { command: 'kubelogin' }))).toBe('interactive-login-required');
  });

  it('is a timeout when the plugin was stopped, unless it was waiting for a login', () => {
    expect(classifyFailure(failed('still working', { exitCode: null, timedOut: true }))).toBe('timeout');
    const waiting = 'Please visit the following URL in your browser: http://localhost:8000';
    expect(classifyFailure(failed(waiting, { exitCode: null, timedOut: true }))).toBe('interactive-login-required');
  });

  it('is a crash when a signal ended it or a runtime reported one', () => {
    expect(classifyFailure(failed('', { exitCode: null, signal: 'SIGSEGV' }))).toBe('crashed');
    expect(classifyFailure(failed('panic: runtime error: invalid memory address\n\ngoroutine 1 [running]:'))).toBe(
      'crashed',
    );
    expect(classifyFailure(failed('Traceback (most recent call last):\n  File "aws", line 1'))).toBe('crashed');
  });

  it('puts the runner limits first', () => {
    expect(classifyFailure(failed('Unable to locate credentials', { spawnFailed: true }))).toBe('spawn-failed');
    expect(classifyFailure(failed('Unable to locate credentials', { outputTooLarge: true }))).toBe('output-too-large');
  });

  it('looks at the end of a flood only, and fast', () => {
    const started = performance.now();
    const cause = classifyFailure(failed(`The config profile ${'('.repeat(500_000)}\nUnable to locate credentials`));
    expect(cause).toBe('no-cloud-credentials');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
