import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCommand } from '../../electron/core/exec/find-command';
import { resolveLoginShellPath } from '../../electron/core/exec/login-shell-path';
import { tempDir } from '../support/temp';

describe('login shell PATH', () => {
  it('reads the PATH a login shell builds, past whatever its rc files print', async () => {
    const dir = tempDir('login-shell');
    const bin = path.join(dir, 'bin');
    // A login shell that prints a banner and extends PATH, as ~/.zprofile with Homebrew does.
    const shell = path.join(dir, 'fake-login-shell');
    writeFileSync(shell, `#!/bin/sh\necho "Welcome!"\nPATH="${bin}:$PATH"\nexport PATH\nshift\nexec /bin/sh -c "$1"\n`);
    chmodSync(shell, 0o755);
    const loginPath = await resolveLoginShellPath({ SHELL: shell, PATH: '/usr/bin:/bin' }, 'linux');
    expect(loginPath).toBe(`${bin}:/usr/bin:/bin`);
  });

  it('finds a plugin only the login shell PATH has, and says so', async () => {
    const dir = tempDir('login-shell');
    const plugin = path.join(dir, 'kubeward-test-only-plugin');
    writeFileSync(plugin, '#!/bin/sh\nexit 0\n');
    chmodSync(plugin, 0o755);
    const lookup = await findCommand('kubeward-test-only-plugin', {
      path: '/usr/bin:/bin',
      loginShellPath: dir,
      platform: 'linux',
    });
    expect(lookup).toEqual({ command: 'kubeward-test-only-plugin', resolved: plugin, via: 'login-shell' });
  });

  it('gives up on a shell that hangs, and has nothing to ask on Windows', async () => {
    const dir = tempDir('login-shell');
    const shell = path.join(dir, 'hanging-shell');
    writeFileSync(shell, '#!/bin/sh\nsleep 30\n');
    chmodSync(shell, 0o755);
    const started = Date.now();
    expect(await resolveLoginShellPath({ SHELL: shell }, 'linux', 300)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await resolveLoginShellPath({ SHELL: '/bin/sh' }, 'win32')).toBeUndefined();
  });
});
