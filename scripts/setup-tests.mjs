#!/usr/bin/env node
/**
 * Installs what the tests need beyond node_modules, where it can: Chromium for the
 * window's browser tests (with apt-get, when running as root on a Debian-like system),
 * and says what is missing otherwise: the one command to run, or what the tests skip.
 * Run: npm run setup (README "Run it"; .ci/run does too).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findChromium } from './chromium.mjs';

function say(line) {
  console.log(`setup: ${line}`);
}

function onPath(command) {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return dirs.some((dir) => existsSync(path.join(dir, command)) || existsSync(path.join(dir, `${command}.exe`)));
}

function apt(...args) {
  return (
    spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0
  );
}

/** Debian's Chromium (never a downloaded browser); the package lists are refreshed only when the install needs it. */
function installChromium() {
  const asRoot = process.getuid?.() === 0;
  if (process.platform !== 'linux' || !asRoot || !onPath('apt-get') || process.env.KUBEWARD_CHROMIUM) return false;
  say('installing Chromium for the window tests: apt-get install -y chromium');
  return apt('install', '-y', 'chromium') || (apt('update') && apt('install', '-y', 'chromium'));
}

function chromium() {
  try {
    return findChromium();
  } catch (error) {
    if (!installChromium()) throw error;
    return findChromium();
  }
}

try {
  say(`Chromium for the window's tests: ${chromium()}`);
} catch (error) {
  console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
// kubectl is the oracle for kubeconfig semantics: without it those tests are skipped, not failed.
if (!onPath('kubectl')) say('kubectl not found: the kubectl oracle tests will be skipped');
