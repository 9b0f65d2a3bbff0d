/**
 * Go's path/filepath as client-go uses it, for either platform, without touching the
 * disk: kubectl's path handling differs from Node's in small ways that matter here
 * (a trailing separator is dropped, `\x` is not absolute on Windows).
 */
import path from 'node:path';
import type { Platform } from '../facts';

export function isWindows(platform: Platform): boolean {
  return platform === 'win32';
}

/** filepath.Separator. */
export function separator(platform: Platform): string {
  return isWindows(platform) ? '\\' : '/';
}

// filepath.IsAbs on Windows: a UNC path, or a drive letter followed by a separator.
const WINDOWS_ABSOLUTE = /^(?:[\\/]{2}[^\\/]|[A-Za-z]:[\\/])/;

/** filepath.IsAbs. */
export function isAbsolute(p: string, platform: Platform): boolean {
  return isWindows(platform) ? WINDOWS_ABSOLUTE.test(p) : p.startsWith('/');
}

/** filepath.Clean: like Node's normalize, but without a trailing separator. */
function clean(p: string, platform: Platform): string {
  const api = isWindows(platform) ? path.win32 : path.posix;
  const normalized = api.normalize(p);
  const root = api.parse(normalized).root;
  return normalized.length > root.length ? normalized.replace(/[\\/]+$/, '') : normalized;
}

/** filepath.Join. */
export function join(platform: Platform, ...parts: string[]): string {
  return clean(parts.filter((part) => part !== '').join(separator(platform)), platform);
}

/** filepath.Dir. */
export function dirname(p: string, platform: Platform): string {
  return (isWindows(platform) ? path.win32 : path.posix).dirname(p);
}
