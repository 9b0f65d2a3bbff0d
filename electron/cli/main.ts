/**
 * `kubeward` command line (docs/cli.md). Plain Node, never Electron: it runs the same
 * core as the app. Errors are one line on stderr, no stack unless --debug.
 */
import type { ParseArgsConfig } from 'node:util';
import { version } from '../../package.json';
import type { ContextSelection } from '../../shared/diagnose';
import type { Severity } from '../../shared/findings';
import { UnknownContextError } from '../core/check/check-once';
import { runCheck } from './check';
import { defaultStatePath } from '../core/monitor/state-store';
import { currentHost } from '../core/host';
import { parseCommandArgs, parseListenAddress, parseOutput, parsePush, parseTimeoutMs, UsageError } from './usage';
import { errorLine } from '../../shared/error-line';
import { DEFAULT_SCHEDULE } from '../../shared/defaults';
import { COMMAND_HELP, COMMANDS, isCommand, USAGE } from './help';
import { didYouMean } from './suggest';

const CHECK_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  current: { type: 'boolean' },
  offline: { type: 'boolean' },
  at: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  output: { type: 'string' },
  push: { type: 'string' },
  'push-job': { type: 'string' },
  'fail-on': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const WATCH_OPTIONS = {
  kubeconfig: { type: 'string' },
  offline: { type: 'boolean' },
  timeout: { type: 'string' },
  schedule: { type: 'string' },
  state: { type: 'string' },
  json: { type: 'boolean' },
  'metrics-listen': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

function parseAt(value: string | undefined): number {
  if (value === undefined) return Date.now();
  // ISO 8601 only: Date.parse also takes "March 7", which would make --at ambiguous.
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const at = iso.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--at: "${value}" is not an ISO 8601 time (e.g. 2026-12-01T09:00:00Z)`);
  return at;
}

function parseFailOn(value: string | undefined): Severity {
  if (value === undefined || value === 'error' || value === 'warning') return value ?? 'error';
  throw new UsageError(`--fail-on: expected "error" or "warning", got "${value}"`);
}

function parseSelection(values: { context?: string; current?: boolean }): ContextSelection {
  if (values.context !== undefined && values.current)
    throw new UsageError('--context and --current exclude each other');
  if (values.context !== undefined) return { kind: 'named', name: values.context };
  return values.current ? { kind: 'current' } : { kind: 'all' };
}

async function check(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('check', { args, options: CHECK_OPTIONS, allowPositionals: false });
  if (values.help) {
    process.stdout.write(COMMAND_HELP.check);
    return 0;
  }
  const host = currentHost();
  return runCheck({
    kubeconfig: values.kubeconfig ?? host.env.KUBECONFIG,
    selection: parseSelection(values),
    now: parseAt(values.at),
    ...(values.at !== undefined ? { at: values.at } : {}),
    offline: values.offline ?? false,
    timeoutMs: parseTimeoutMs(values.timeout),
    output: parseOutput(values.output, values.json ?? false),
    push: parsePush(values.push, values['push-job']),
    version,
    failOn: parseFailOn(values['fail-on']),
    host,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY === true,
  });
}

function parseSchedule(value: string | undefined, fallback: string, validate: (cron: string) => boolean): string {
  if (value === undefined) return fallback;
  if (!validate(value)) throw new UsageError(`--schedule: "${value}" is not a cron expression (e.g. "*/15 * * * *")`);
  return value;
}

async function watch(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('watch', { args, options: WATCH_OPTIONS, allowPositionals: false });
  if (values.help) {
    process.stdout.write(COMMAND_HELP.watch);
    return 0;
  }
  // Loaded on demand: a check does not pay for compiling the monitor, node-cron and chokidar.
  const [{ runWatch }, { default: cron }] = await Promise.all([import('./watch'), import('node-cron')]);
  const host = currentHost();
  return runWatch({
    kubeconfig: values.kubeconfig ?? host.env.KUBECONFIG,
    offline: values.offline ?? false,
    timeoutMs: parseTimeoutMs(values.timeout),
    schedule: parseSchedule(values.schedule, DEFAULT_SCHEDULE, (expression) => cron.validate(expression)),
    statePath: values.state ?? defaultStatePath(host),
    json: values.json ?? false,
    metricsListen: values['metrics-listen'] === undefined ? undefined : parseListenAddress(values['metrics-listen']),
    version,
    host,
    stdout: process.stdout,
    stderr: process.stderr,
    signals: process,
  });
}

/** `kubeward help [COMMAND]`. */
function help(args: string[]): number {
  const [command, ...extra] = args;
  if (extra.length > 0) throw new UsageError('help: name at most one command, e.g. kubeward help check');
  if (command === undefined) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === '--help' || command === '-h') {
    process.stdout.write(COMMAND_HELP.help);
    return 0;
  }
  if (!isCommand(command)) throw unknownCommand(command);
  process.stdout.write(COMMAND_HELP[command]);
  return 0;
}

function unknownCommand(command: string): UsageError {
  const hint = command.startsWith('-')
    ? didYouMean(command.replace(/^-+/, ''), ['help', 'version'], '--')
    : didYouMean(command, COMMANDS);
  const what = command.startsWith('-') ? 'flag' : 'command';
  const name = command.startsWith('-') ? command : `"${command}"`;
  return new UsageError(`unknown ${what} ${name}${hint || ' (try: kubeward --help)'}`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return check(rest);
    case 'watch':
      return watch(rest);
    case 'fix': {
      // Loaded on demand: check and watch do not pay for the fix engine.
      const { runFixCommand } = await import('./fix');
      return runFixCommand(rest, {
        host: currentHost(),
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    }
    case '--version':
    case '-v':
      process.stdout.write(`kubeward ${version}\n`);
      return 0;
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    case 'help':
      return help(rest);
    case undefined:
      process.stderr.write(USAGE);
      return 2;
    default:
      throw unknownCommand(command);
  }
}

// `kubeward check | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/**
 * Ends a finished check as soon as its output is flushed. Left to itself, Node first runs the
 * collector's pending incremental marking of the heap the check built, ~5 ms of a 1000-context
 * check (bench/run.ts). A stopped watch ends too: it returns once its check ended or its grace
 * after the signal ran out, and what that check still waits on must not keep it alive. Fix ends
 * by itself: it may still have work queued.
 */
function exitWhenFlushed(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

const debug = process.argv.includes('--debug');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    if (process.argv[2] === 'check' || process.argv[2] === 'watch') exitWhenFlushed(code);
  },
  (error: unknown) => {
    // parseArgs throws TypeErrors with a code for bad flags: those are usage errors too.
    const usage =
      error instanceof UsageError ||
      error instanceof UnknownContextError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    // One line, always: parseArgs' own messages span several.
    const message = errorLine(error);
    process.stderr.write(`kubeward: ${usage ? '' : 'internal error: '}${message}\n`);
    if (error instanceof UsageError && error.details) process.stderr.write(`${error.details}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
