/**
 * The plugin error-signature table against stderr recorded from the real tools
 * (test/fixtures/exec-samples/*.stderr: aws with a missing profile, gcloud and
 * gke-gcloud-auth-plugin without an account, the plugin after an invalid_rapt refusal) and the tools' documented messages
 * (documented.json), and the start failures Node reports for real files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../shared/exec/classify';
import { stderrTail } from '../../shared/exec/scrub';
import { ERROR_SIGNATURES, findSignature, missingTool, SIGNATURE_IDS } from '../../shared/exec/signatures';

const SAMPLES = path.join(__dirname, '../fixtures/exec-samples');
const sample = (name: string) => readFileSync(path.join(SAMPLES, name), 'utf8');
const documented = JSON.parse(sample('documented.json')) as { id: string; source: string; stderr: string }[];

describe('recorded from the real tools', () => {
  it('aws with a profile that does not exist: the profile line, the profile name readable', () => {
    const stderr = sample('aws-sso-profile-not-found.stderr');
    const match = findSignature(stderr);
    expect(match?.signature.id).toBe('aws-profile-not-found');
    expect(match?.line).toBe('The config profile (AdministratorAccess-123456789012) could not be found');
    expect(classifyFailure({ command: 'aws', exitCode: 255, timedOut: false, stderr })).toBe('no-cloud-credentials');
    // A random-looking run is redacted unless it is a name the plugin was given.
    expect(stderrTail(stderr)).toContain('[redacted]');
    expect(stderrTail(stderr, [], ['AdministratorAccess-123456789012'])).toBe(match?.line);
  });

  it('gke-gcloud-auth-plugin without an account: the line with the cause, not the closing parenthesis', () => {
    const stderr = sample('gke-no-active-account.stderr');
    expect(stderr.trim().split('\n').at(-1)).toBe(')');
    const match = findSignature(stderr);
    expect(match?.signature.id).toBe('gcloud-no-active-account');
    expect(match?.line).toMatch(/cred\.go.*You do not currently have an active account selected\.$/);
  });

  it('gke-gcloud-auth-plugin after Google refused a refresh with invalid_rapt: gcloud cannot prompt, so it says "Reauthentication failed"', () => {
    // Recorded from gcloud 528 behind the real plugin, its token endpoint a stand-in answering
    // {"error": "invalid_grant", "error_subtype": "invalid_rapt"}: the word invalid_rapt never reaches stderr.
    const stderr = sample('gke-reauth-invalid-rapt.stderr');
    expect(stderr).not.toContain('invalid_rapt');
    const match = findSignature(stderr);
    expect(match?.signature.id).toBe('gcloud-reauth-required');
    expect(match?.signature.cause).toBe('gcloud-reauth');
    expect(match?.line).toMatch(/Reauthentication failed\. cannot prompt during non-interactive execution\.$/);
  });

  it('gcloud without an account', () => {
    expect(findSignature(sample('gcloud-no-active-account.stderr'))?.signature.id).toBe('gcloud-no-active-account');
  });
});

describe('documented messages', () => {
  for (const { id, source, stderr } of documented) {
    it(`${id}: ${source}`, () => {
      const match = findSignature(stderr);
      expect(match?.signature.id).toBe(id);
      expect(stderr.split('\n')).toContain(match?.line);
    });
  }

  it('every signature has a sample', () => {
    const recorded = [
      'aws-profile-not-found',
      'gcloud-no-active-account',
      'gcloud-reauth-required',
      'exec-format-error',
      'permission-denied',
    ];
    const covered = new Set([...documented.map((d) => d.id), ...recorded]);
    expect(SIGNATURE_IDS.filter((id) => !covered.has(id))).toEqual([]);
    expect(ERROR_SIGNATURES.map((s) => s.id)).toEqual([...SIGNATURE_IDS]);
  });

  it('names the missing tool; a missing browser opener is a login that wanted a browser', () => {
    const line = documented.find((d) => d.id === 'tool-not-found')?.stderr ?? '';
    expect(missingTool(line)).toBe('gcloud');
    const browser = 'error: could not open the browser: exec: "xdg-open": executable file not found in $PATH';
    expect(findSignature(browser)).toBeUndefined();
  });

  it('"permission denied" in stderr is about the executable only in a start failure or fork/exec', () => {
    expect(findSignature('open /home/u/.aws/config: permission denied')).toBeUndefined();
    expect(findSignature('EACCES: permission denied, spawn', false)?.signature.id).toBe('permission-denied');
    expect(findSignature('exec: fork/exec /usr/bin/gcloud: permission denied')?.signature.id).toBe('permission-denied');
    expect(findSignature('spawn /x ENOEXEC', false)?.signature.id).toBe('exec-format-error');
  });

  it('invalid_rapt wins over invalid_grant in the same text', () => {
    expect(findSignature(documented.find((d) => d.id === 'gcloud-invalid-rapt')?.stderr ?? '')?.signature.id).toBe(
      'gcloud-invalid-rapt',
    );
  });
});
