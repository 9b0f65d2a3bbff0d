/** Flags more than one `kubeward` command takes, read the same way by each. */
import { UsageError } from './usage-error';

/** `--timeout SECONDS` for exec plugin runs and probes: a positive number, 10 when not given. */
export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 10;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout: expected a positive number of seconds, got "${value}"`);
  return seconds;
}
