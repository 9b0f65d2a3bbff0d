/** The Host (shared/host.ts) this process runs on, read once by each entry point. */
import os from 'node:os';
import type { Platform } from '../../shared/facts';
import type { Host } from '../../shared/host';

function toPlatform(platform: NodeJS.Platform): Platform {
  return platform === 'darwin' || platform === 'linux' || platform === 'win32' ? platform : 'other';
}

export function currentHost(): Host {
  return { env: process.env, homeDir: os.homedir(), platform: toPlatform(process.platform) };
}
