/**
 * How a `kubeward` command was called: the error for a mistake in it, and the flags more than
 * one command reads, read the same way by each.
 */
import { DEFAULT_TIMEOUT_MS } from '../../shared/defaults';

/** A mistake in how the command was called: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * `--timeout SECONDS` for exec plugin runs and probes: a positive number of seconds, read once
 * into the milliseconds every layer below counts in; DEFAULT_TIMEOUT_MS when not given.
 */
export function parseTimeoutMs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout: expected a positive number of seconds, got "${value}"`);
  return seconds * 1000;
}
