/** "Choose a file…": a picked kubeconfig copied to where kubectl looks, never over a file, never a non-kubeconfig. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptKubeconfig } from '../../electron/core/desktop/adopt-kubeconfig';
import { tempDir } from '../support/temp';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: 'https://127.0.0.1:6443'}
users:
- name: u
  user: {token: abc}
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
`;

describe('adoptKubeconfig', () => {
  it('copies the file byte for byte into a new ~/.kube, readable by the owner only', async () => {
    const dir = tempDir('adopt');
    const chosen = path.join(dir, 'downloaded.yaml');
    writeFileSync(chosen, KUBECONFIG, { mode: 0o644 });
    const target = path.join(dir, 'home', '.kube', 'config');
    const result = await adoptKubeconfig(chosen, target);
    expect(result).toEqual({ ok: true, message: `Copied ${chosen} to ${target}, where kubectl looks for it.` });
    expect(readFileSync(target, 'utf8')).toBe(KUBECONFIG);
    if (process.platform !== 'win32') {
      expect(statSync(target).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(target)).mode & 0o777).toBe(0o700);
    }
  });

  it('never replaces a file that is there, and copies nothing that is not a kubeconfig', async () => {
    const dir = tempDir('adopt');
    const chosen = path.join(dir, 'downloaded.yaml');
    writeFileSync(chosen, KUBECONFIG);
    const target = path.join(dir, 'config');
    writeFileSync(target, 'mine');
    expect(await adoptKubeconfig(chosen, target)).toEqual({
      ok: false,
      message: `Could not copy to ${target}: a file is there now; nothing was replaced`,
    });
    expect(readFileSync(target, 'utf8')).toBe('mine');

    const photo = path.join(dir, 'photo.png');
    writeFileSync(photo, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const fresh = path.join(dir, 'fresh-config');
    const refused = await adoptKubeconfig(photo, fresh);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/^.*photo\.png is not a kubeconfig: /);
    expect(await adoptKubeconfig(path.join(dir, 'gone.yaml'), fresh)).toEqual({
      ok: false,
      message: `Could not read ${path.join(dir, 'gone.yaml')}: missing`,
    });
  });
});
