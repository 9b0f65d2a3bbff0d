#!/usr/bin/env node
/**
 * Fetches Electron's binary before `npm start` needs it. Electron 45's package no longer
 * fetches it on install, and electron-vite only reads node_modules/electron/path.txt
 * (written once the binary is there): without this, a fresh `npm ci && npm start` stops
 * at "Error: Electron uninstall". Runs Electron's own installer (its `install-electron`
 * bin, which honours ELECTRON_MIRROR and the cache) and, when that fails, says why in
 * one line instead of its stack.
 * Run: node scripts/ensure-electron.mjs (npm start does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const electronPackage = createRequire(import.meta.url).resolve('electron/package.json');
const electronDir = path.dirname(electronPackage);
const { version, bin } = JSON.parse(readFileSync(electronPackage, 'utf8'));

function readOrEmpty(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
}

/** What Electron's installer checks, minus the platform: this version's binary is where path.txt says. */
function fetched() {
  const executable = readOrEmpty(path.join(electronDir, 'path.txt'));
  const distVersion = readOrEmpty(path.join(electronDir, 'dist', 'version')).replace(/^v/, '');
  return executable !== '' && distVersion === version && existsSync(path.join(electronDir, 'dist', executable));
}

// electron-vite's own override: a binary of the developer's choosing needs no download.
if (!process.env.ELECTRON_EXEC_PATH && !fetched()) {
  console.log(`npm start: fetching Electron ${version} (once, about 100 MB)`);
  const install = spawnSync(process.execPath, [path.join(electronDir, bin['install-electron'])], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (install.status !== 0) {
    // The installer's error is its first line; the rest is a stack.
    const reason =
      install.error?.message || install.stderr.trim().split('\n')[0] || `exit ${install.signal ?? install.status}`;
    console.error(
      `npm start: could not download Electron ${version}, which it fetches once (${reason}); ` +
        'check the network (or ELECTRON_MIRROR) and run it again',
    );
    process.exit(1);
  }
}
