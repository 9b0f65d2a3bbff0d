/**
 * How a `kubeward` command was called: the error for a mistake in it, the flag parser every
 * command shares, and the flags more than one command reads, read the same way by each.
 */
import { isIP } from 'node:net';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_TIMEOUT_MS } from '../../shared/defaults';
import { DEFAULT_PUSH_JOB, pushUrlProblem } from '../../shared/metrics/push-url';
import type { ListenAddress } from '../core/metrics/server';
import type { CheckOptions, CheckOutput } from './check';
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

/** `--output FORMAT`, with `--json` as its short form for JSON. */
export function parseOutput(value: string | undefined, json: boolean): CheckOutput {
  if (value === undefined) return json ? 'json' : 'text';
  if (value !== 'text' && value !== 'json' && value !== 'openmetrics')
    throw new UsageError(`--output: expected text, json or openmetrics, got "${value}"`);
  if (json && value !== 'json') throw new UsageError(`--json and --output ${value} exclude each other`);
  return value;
}

/** `--push URL [--push-job NAME]`; the URL is never repeated in a message, it may hold a password. */
export function parsePush(url: string | undefined, job: string | undefined): CheckOptions['push'] {
  if (url === undefined) {
    if (job !== undefined) throw new UsageError('--push-job needs --push URL');
    return undefined;
  }
  const problem = pushUrlProblem(url);
  if (problem) throw new UsageError(`--push: ${problem}`);
  if (job !== undefined && !/^[^/\s]{1,100}$/.test(job))
    throw new UsageError('--push-job: 1 to 100 characters, no "/" and no spaces');
  return { url, job: job ?? DEFAULT_PUSH_JOB };
}

/**
 * `--metrics-listen HOST:PORT`: `[::1]:PORT` for IPv6, and PORT or :PORT alone on 127.0.0.1: only an
 * address given explicitly opens the metrics to the network. Port 0 takes a free one.
 */
export function parseListenAddress(value: string): ListenAddress {
  const match = /^(?:(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]*)):)?(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? (match?.[2] || '127.0.0.1');
  if (!match || port > 65535 || (match[1] !== undefined && isIP(host) !== 6))
    throw new UsageError(
      `--metrics-listen: expected HOST:PORT (e.g. 127.0.0.1:9101, [::1]:9101 or :9101), got "${value}"`,
    );
  return { host, port };
}
