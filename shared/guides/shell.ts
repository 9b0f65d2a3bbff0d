/** Shell words for the commands in fix steps: copied into a POSIX shell, so they must survive one. */

import type { Platform } from '../facts';

const SAFE_SHELL_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word for POSIX shells only when it needs it, so common commands stay readable. */
export function shellArg(word: string): string {
  return SAFE_SHELL_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A copyable removal of one file: `rm -f` in a POSIX shell, `del` in Windows' cmd. */
export function removeFileCommand(file: string, platform: Platform): string {
  return platform === 'win32' ? `del "${file}"` : `rm -f ${shellArg(file)}`;
}
