/**
 * exec-plugin-gui-path and its fix on real files: a plugin only the login shell's PATH has, the
 * check run with a GUI app's short PATH, the absolute path pinned through the safe writer, and
 * the real kubectl, with that short PATH, getting a credential from the plugin afterwards. Undo
 * puts the file back byte for byte.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkOnce } from '../../electron/core/check/check-once';
import { cliExecPolicy } from '../../electron/core/exec/policy';
import { FixEngine } from '../../electron/core/fix/engine';
import { startApiServer, type ApiServer } from '../fixtures/apiserver';
import { KUBECTL } from '../fixtures/kubectl';
import { toData } from '../fixtures/pki';
import { hostWith } from '../support/host';
import { tempDir } from '../support/temp';
import { execFile } from 'node:child_process';

const TOKEN = 'kw-canary-gui-token-Nc47Wq2Zp8';
/** What a GUI app on macOS gets from launchd. */
const GUI_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';
const servers: ApiServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function kubectlWhoami(kubeconfig: string, home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL ?? 'kubectl',
      ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}', '--kubeconfig', kubeconfig],
      { env: { PATH: GUI_PATH, HOME: home }, timeout: 20_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!KUBECTL)('a plugin only the login shell finds', () => {
  it('is a warning, and pinning its absolute path lets a GUI-PATH kubectl run it; Undo restores the file', async () => {
    const api = await startApiServer({ tokens: { [TOKEN]: { username: 'gui-user' } } });
    servers.push(api);
    const dir = tempDir('gui-path');
    const bin = path.join(dir, 'login-only-bin');
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, 'kw-gui-plugin'),
      `#!/bin/sh\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}'\n`,
      { mode: 0o700 },
    );
    const file = path.join(dir, 'config');
    const text = `# kept as written\n${stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: api.url, 'certificate-authority-data': toData(api.caPem) } }],
      users: [
        {
          name: 'u',
          user: {
            exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'kw-gui-plugin', interactiveMode: 'Never' },
          },
        },
      ],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    })}`;
    writeFileSync(file, text, { mode: 0o600 });

    // Before: kubectl with a GUI app's PATH cannot find the plugin.
    const before = await kubectlWhoami(file, dir);
    expect(before.code).not.toBe(0);
    expect(before.stderr).toContain('executable kw-gui-plugin not found');

    const host = hostWith(dir, { PATH: GUI_PATH, HOME: dir });
    const loginShellPath = `${bin}:${GUI_PATH}`;
    const check = () =>
      checkOnce({
        kubeconfig: file,
        selection: { kind: 'all' },
        now: Date.now(),
        offline: false,
        timeoutMs: 10_000,
        host,
        policy: cliExecPolicy,
        loginShellPath,
      });
    const { report, snapshot } = await check();
    const finding = report.contexts[0]?.findings.find((f) => f.rule === 'exec-plugin-gui-path');
    expect(finding?.severity).toBe('warning');
    // Kubeward itself runs the plugin with the login shell's PATH: the probe got through.
    expect(snapshot.probes?.get('ctx')).toMatchObject({ status: 201, identity: { username: 'gui-user' } });

    const engine = new FixEngine({ host, kubeconfig: file, loginShellPath, commandTimeoutMs: 10_000 });
    const result = await engine.run(report, { context: 'ctx', rule: 'exec-plugin-gui-path', step: 0 });
    expect(result).toMatchObject({ ok: true });
    const pinned = readFileSync(file, 'utf8');
    expect(pinned).toContain(`command: ${path.join(bin, 'kw-gui-plugin')}`);
    expect(pinned.startsWith('# kept as written\n')).toBe(true);

    // After: the same kubectl, the same short PATH, runs the plugin and is let in.
    const after = await kubectlWhoami(file, dir);
    expect(after).toMatchObject({ code: 0, stdout: 'gui-user' });
    const again = await check();
    expect(again.report.contexts[0]?.findings.map((f) => f.rule)).not.toContain('exec-plugin-gui-path');

    if (!result.undoId) throw new Error('no undo id');
    expect(await engine.undo(result.undoId)).toMatchObject({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe(text);
  }, 60_000);
});
