/**
 * How a `kubeward` command was called: the error for a mistake in it, the flag parser every
 * command shares, and the flags more than one command reads, read the same way by each.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_TIMEOUT_MS } from '../../shared/defaults';
import { didYouMean } from './suggest';

/** A mistake in how the command was called: one line on stderr (then `details`, if any), exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';

  constructor(
    message: string,
    /** Lines printed after the error line, e.g. the names that would have been valid. */
    readonly details?: string,
  ) {
    super(message);
  }
}

/**
 * Rejects a flag the command does not have, suggesting the nearest one ("unknown flag --contxt;
 * did you mean --context?"). A first lenient pass lists the flags given, since the strict pass's
 * own error neither names the command nor suggests anything.
 */
function rejectUnknownFlags(command: string, config: ParseArgsConfig): void {
  const options = config.options ?? {};
  const { tokens } = parseArgs({ ...config, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option' || Object.hasOwn(options, token.name)) continue;
    const flag = token.rawName;
    // A one-letter flag is too short to guess from.
    const hint = flag.startsWith('--') ? didYouMean(token.name, Object.keys(options), '--') : '';
    throw new UsageError(`${command}: unknown flag ${flag}${hint || ` (kubeward ${command} --help lists the flags)`}`);
  }
}

/**
 * node:util's parseArgs, strict, for one command: an unknown flag is a UsageError that suggests the
 * nearest flag; the other mistakes (a missing value, a stray argument) throw parseArgs' own errors,
 * which the CLI prints as usage errors too.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  rejectUnknownFlags(command, config);
  return parseArgs<T>({ ...config, strict: true });
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
