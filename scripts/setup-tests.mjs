#!/usr/bin/env node
/**
 * Installs what the tests need beyond node_modules, where it can: Chromium for the
 * window's browser tests and Prometheus, Alertmanager and the Pushgateway for the fleet
 * tests (with apt-get, when running as root on a Debian-like system), and says what is
 * missing otherwise: the one command to run, or what the tests skip.
 * Run: npm run setup (README "Run it"; .ci/run does too).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findChromium } from './chromium.mjs';
import { findPrometheusTool, missingPrometheusPackages, PROMETHEUS_TOOLS } from './prometheus.mjs';

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

function canApt() {
  return process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get');
}

/** The package lists are refreshed only when the install needs it. */
function aptInstall(...args) {
  return apt('install', '-y', ...args) || (apt('update') && apt('install', '-y', ...args));
}

/** Debian's Chromium, never a downloaded browser. */
function installChromium() {
  if (!canApt() || process.env.KUBEWARD_CHROMIUM) return false;
  say('installing Chromium for the window tests: apt-get install -y chromium');
  return aptInstall('chromium');
}

function chromium() {
  try {
    return findChromium();
  } catch (error) {
    if (!installChromium()) throw error;
    return findChromium();
  }
}

/**
 * Debian's prometheus, prometheus-alertmanager and prometheus-pushgateway, without their
 * recommends (node-exporter). Their services, where the init system starts them, do not matter:
 * the tests start instances of their own on free loopback ports the system assigns (never the
 * services' 9090, 9093, 9094, 9091), with their own data directories and Alertmanager's
 * clustering off (test/support/prometheus.ts).
 */
function prometheusTools() {
  const missing = missingPrometheusPackages();
  if (missing.length > 0 && canApt()) {
    say(`installing Prometheus for the fleet tests: apt-get install -y --no-install-recommends ${missing.join(' ')}`);
    aptInstall('--no-install-recommends', ...missing);
  }
  return Object.keys(PROMETHEUS_TOOLS).map((tool) => findPrometheusTool(tool));
}

try {
  say(`Chromium for the window's tests: ${chromium()}`);
  say(`Prometheus for the fleet tests: ${prometheusTools().join(', ')}`);
} catch (error) {
  console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
// kubectl is the oracle for kubeconfig semantics: without it those tests are skipped, not failed.
if (!onPath('kubectl')) say('kubectl not found: the kubectl oracle tests will be skipped');
