/** The phrase for a core that does not answer; the window never shows "Failed to fetch". */
export const NOT_RESPONDING = "Kubeward's checker isn't responding";

/** What a transport says when the core is gone: Chromium's fetch, Firefox's, Safari's. */
const UNREACHABLE = /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed)$/;

/**
 * One line for the window from whatever a failed call threw, without the transport's wrapping:
 * Electron's "Error invoking remote method 'check:now': Error: …" becomes the core's own reason.
 */
export function errorMessage(error: unknown): string {
  const raw = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const reason = raw
    .replace(/^Error invoking remote method '[^']*':\s*/, '')
    .replace(/^(\w*Error):\s*/, '')
    .trim();
  if (reason === '' || UNREACHABLE.test(reason)) return NOT_RESPONDING;
  return reason;
}
