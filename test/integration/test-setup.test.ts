/**
 * What the window's browser tests drive, and `npm run setup`, which installs it where it
 * can: a Chrome or Chromium found where it is usually installed (Debian's chromium, the
 * macOS apps), or the one named by KUBEWARD_CHROMIUM; and a one-line fix when there is none.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromiumCandidates, findChromium, missingChromium } from '../../scripts/chromium.mjs';
import { findPrometheusTool } from '../../scripts/prometheus.mjs';
import { tempDir } from '../support/temp';

const SETUP = fileURLToPath(new URL('../../scripts/setup-tests.mjs', import.meta.url));

function executable(): string {
  const file = path.join(tempDir('chromium'), 'chrome');
  writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
  return file;
}

function setup(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [SETUP], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the browser the window tests drive', () => {
  it('looks where Chrome and Chromium are installed: Debian, and the macOS apps, also under ~/Applications', () => {
    expect(chromiumCandidates('linux', '/home/dev')).toContain('/usr/bin/chromium');
    const mac = chromiumCandidates('darwin', '/Users/dev');
    expect(mac).toEqual(
      expect.arrayContaining([
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Users/dev/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Users/dev/Applications/Chromium.app/Contents/MacOS/Chromium',
      ]),
    );
  });

  it('takes KUBEWARD_CHROMIUM first, and says so when it names nothing', () => {
    const chrome = executable();
    expect(findChromium({ KUBEWARD_CHROMIUM: chrome }, 'darwin')).toBe(chrome);
    expect(() => findChromium({ KUBEWARD_CHROMIUM: path.join(os.tmpdir(), 'no-such-chrome') }, 'linux')).toThrow(
      `KUBEWARD_CHROMIUM=${path.join(os.tmpdir(), 'no-such-chrome')} is not an executable file`,
    );
  });

  it('names the env var and the install command when there is none', () => {
    expect(missingChromium('linux')).toBe(
      'no Chromium or Chrome found: install it with "apt-get install -y chromium" (npm run setup does, as root), ' +
        'or set KUBEWARD_CHROMIUM to a Chrome or Chromium executable',
    );
    expect(missingChromium('darwin')).toBe(
      'no Chrome or Chromium found in /Applications: install Google Chrome or Chromium, ' +
        'or set KUBEWARD_CHROMIUM to a Chrome or Chromium executable',
    );
  });
});

describe('npm run setup', () => {
  it('installs nothing when the browser and Prometheus are there, and says which it found', async () => {
    const chrome = executable();
    const result = await setup({ KUBEWARD_CHROMIUM: chrome });
    expect(result.code).toBe(0);
    expect(result.output).toContain(`setup: Chromium for the window's tests: ${chrome}`);
    const tools = (['prometheus', 'promtool', 'alertmanager', 'amtool', 'pushgateway'] as const).map((tool) =>
      findPrometheusTool(tool),
    );
    expect(result.output).toContain(`setup: Prometheus for the fleet tests: ${tools.join(', ')}`);
    expect(result.output).not.toContain('installing');
  });

  it('fails with the fix in one line when KUBEWARD_CHROMIUM names nothing, installing nothing', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-chrome');
    const result = await setup({ KUBEWARD_CHROMIUM: missing });
    expect(result.code).toBe(1);
    expect(result.output.trimEnd().split('\n').at(-1)).toBe(
      `setup: KUBEWARD_CHROMIUM=${missing} is not an executable file`,
    );
  });
});
