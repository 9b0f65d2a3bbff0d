/** Shell words for the commands in fix steps: copied into a POSIX shell, so they must survive one. */

const SAFE_SHELL_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word for POSIX shells only when it needs it, so common commands stay readable. */
export function shellArg(word: string): string {
  return SAFE_SHELL_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
