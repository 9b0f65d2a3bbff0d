/**
 * How a `kubeward` command was called: the error for a mistake in it, and the flags more than
 * one command reads, read the same way by each.
 */

/** A mistake in how the command was called: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--timeout SECONDS` for exec plugin runs and probes: a positive number, 10 when not given. */
export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 10;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout: expected a positive number of seconds, got "${value}"`);
  return seconds;
}
