/**
 * The Chrome or Chromium the window's browser tests drive: an installed browser, never a
 * downloaded one. KUBEWARD_CHROMIUM names one; otherwise the usual places are searched
 * (Debian's chromium, the macOS apps). Shared by test/e2e/support/browser.ts and
 * scripts/setup-tests.mjs, so both find the same browser and give the same advice.
 */
import { accessSync, constants, statSync } from 'node:fs';
import os from 'node:os';

const OVERRIDE = 'KUBEWARD_CHROMIUM';
const MAC_APPS = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium'];

/** Where Chrome or Chromium is usually installed, in the order they are tried. */
export function chromiumCandidates(platform, home) {
  if (platform === 'darwin') {
    return [...MAC_APPS.map((app) => `/Applications/${app}`), ...MAC_APPS.map((app) => `${home}/Applications/${app}`)];
  }
  if (platform === 'win32') {
    return [
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    ];
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
}

/** A file this process may execute (not a directory). */
export function isExecutableFile(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** What to do when no browser is found, in one line. */
export function missingChromium(platform) {
  const override = `or set ${OVERRIDE} to a Chrome or Chromium executable`;
  if (platform === 'darwin')
    return `no Chrome or Chromium found in /Applications: install Google Chrome or Chromium, ${override}`;
  if (platform === 'win32') return `no Chrome found in Program Files: install Google Chrome, ${override}`;
  return `no Chromium or Chrome found: install it with "apt-get install -y chromium" (npm run setup does, as root), ${override}`;
}

/** The browser's path; throws the one-line fix when there is none (a KUBEWARD_CHROMIUM naming nothing is not skipped). */
export function findChromium(env = process.env, platform = process.platform) {
  const chosen = env[OVERRIDE];
  if (chosen) {
    if (isExecutableFile(chosen)) return chosen;
    throw new Error(`${OVERRIDE}=${chosen} is not an executable file`);
  }
  const found = chromiumCandidates(platform, env.HOME ?? os.homedir()).find(isExecutableFile);
  if (!found) throw new Error(missingChromium(platform));
  return found;
}
