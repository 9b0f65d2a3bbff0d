/**
 * Known plugin failures through the real pipeline: the real aws CLI with a profile that does not
 * exist, the real gke-gcloud-auth-plugin with no gcloud account, and a file that is not a program.
 * The finding names the cause, shows the line that says it (names readable, secrets not), and fixes it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/findings';
import { checkExecUser } from '../support/exec-check';
import { tempDir } from '../support/temp';

const SECRET = 'kw-canary-plugin-secret-Mv62Qp9Rt3Xa';

function installed(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch (error) {
    return (error as { status?: number }).status !== undefined;
  }
}

async function failed(exec: Record<string, unknown>, env: Record<string, string | undefined> = {}): Promise<Finding> {
  const report = await checkExecUser(exec, { env: { PATH: process.env.PATH, ...env }, timeoutMs: 30_000 });
  const found = report.contexts.flatMap((c) => c.findings).find((f) => f.rule === 'exec-plugin-failed');
  if (!found) throw new Error(`no exec-plugin-failed finding: ${JSON.stringify(report.contexts)}`);
  expect(JSON.stringify(report)).not.toContain(SECRET);
  return found;
}

describe.skipIf(!installed('aws', ['--version']))('aws', () => {
  it('a profile that does not exist: its name readable, how to create it', async () => {
    const finding = await failed(
      {
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', 'prod', '--region', 'eu-west-1'],
        env: [
          { name: 'AWS_PROFILE', value: 'AdministratorAccess-123456789012' },
          { name: 'AWS_SECRET_ACCESS_KEY', value: SECRET },
        ],
      },
      { AWS_CONFIG_FILE: '/nonexistent/config' },
    );
    expect(finding.evidence).toMatchObject({
      signature: 'aws-profile-not-found',
      causeLine: 'The config profile (AdministratorAccess-123456789012) could not be found',
    });
    expect(finding.detail).toContain('the AWS profile it is told to use is not defined');
    expect(finding.detail).toContain(
      'It said: The config profile (AdministratorAccess-123456789012) could not be found',
    );
    expect(JSON.stringify(finding)).not.toContain('[redacted]');
    expect(finding.fix.steps.map((s) => s.command)).toEqual([
      'aws configure list-profiles',
      'aws configure sso --profile AdministratorAccess-123456789012',
      'kubectl auth whoami --context ctx',
    ]);
  }, 60_000);
});

describe.skipIf(!installed('gke-gcloud-auth-plugin', ['--version']))('gke-gcloud-auth-plugin', () => {
  it('no gcloud account: the line that says so, not its closing parenthesis', async () => {
    const dir = tempDir('gcloud');
    const finding = await failed({ command: 'gke-gcloud-auth-plugin' }, { CLOUDSDK_CONFIG: dir });
    expect(finding.evidence.signature).toBe('gcloud-no-active-account');
    expect(finding.detail).toMatch(/It said: .*You do not currently have an active account selected\./);
    expect(finding.detail).not.toMatch(/: \)$/);
    expect(finding.fix.steps.map((s) => s.command)).toContain('gcloud auth login');
  }, 60_000);
});

describe('a file that is not a program', () => {
  // Node (libuv's execvp) hands a file the kernel refuses (ENOEXEC) to /bin/sh, which says "1: ELF: not found".
  it('exec format error: what it is built for', async () => {
    const dir = tempDir('not-a-program');
    const plugin = path.join(dir, 'plugin');
    writeFileSync(plugin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x03]), { mode: 0o700 });
    const finding = await failed({ command: plugin });
    expect(finding.evidence.signature).toBe('exec-format-error');
    expect(finding.detail).toContain('is not a program this system can run');
    expect(finding.fix.steps[0]?.command).toBe(`file ${plugin}`);
  });
});
