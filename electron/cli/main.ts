/**
 * `kubeward` command line (docs/cli.md). Plain Node, never Electron: it runs the same
 * core as the app. Errors are one line on stderr, no stack unless --debug.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { version } from '../../package.json';
import type { ContextSelection } from '../../shared/diagnose';
import type { Severity } from '../../shared/findings';
import { UnknownContextError } from '../core/check/check-once';
import { runCheck } from './check';
import { defaultStatePath } from '../core/monitor/state-store';
import { currentHost } from '../core/host';
import { parseTimeoutMs, UsageError } from './usage';
import { errorLine } from '../../shared/error-line';
import { DEFAULT_SCHEDULE, DEFAULT_TIMEOUT_MS } from '../../shared/defaults';

const USAGE = `Usage: kubeward <command> [flags]

Warns before kubectl starts failing with "You must be logged in to the server (Unauthorized)".

Commands:
  check            diagnose the kubeconfig the way kubectl would load it
  watch            keep checking on file changes and a schedule; print each alert the app would notify
  fix GUIDE        run a finding's safe fix steps (--context NAME, --path ID, --yes), with backups; then check again
                   (kubeward fix --help for its flags)

Flags for check:
  --kubeconfig PATHS   kubeconfig file(s), joined by '${path.delimiter}' (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME       check this context only
  --current            check the current context only
  --offline            no exec plugins, no network: only what the files say
  --at TIME            evaluate as if the time were TIME (ISO 8601)
  --timeout SECONDS    bound for each exec plugin run and each probe (default ${DEFAULT_TIMEOUT_MS / 1000})
  --json               machine-readable output
  --fail-on LEVEL      error | warning: lowest severity that makes the exit code 1 (default error)
  --debug              print stack traces of internal errors

Flags for watch:
  --kubeconfig, --offline, --timeout, --debug   as for check
  --schedule CRON      when to re-check besides file changes, node-cron syntax (default '${DEFAULT_SCHEDULE}')
  --state PATH         alert state file (default: the app's state file in the user's config dir)
  --json               JSON lines instead of text
  Runs until SIGINT/SIGTERM, then exits 0.

Exit codes (check): 0 nothing at or above --fail-on, 1 at least one such finding, 2 the command could not run.
Other: kubeward --help, kubeward --version
`;

const CHECK_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  current: { type: 'boolean' },
  offline: { type: 'boolean' },
  at: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
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
  const { values } = parseArgs({ args, options: CHECK_OPTIONS, allowPositionals: false, strict: true });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const host = currentHost();
  return runCheck({
    kubeconfig: values.kubeconfig ?? host.env.KUBECONFIG,
    selection: parseSelection(values),
    now: parseAt(values.at),
    offline: values.offline ?? false,
    timeoutMs: parseTimeoutMs(values.timeout),
    json: values.json ?? false,
    failOn: parseFailOn(values['fail-on']),
    host,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}

function parseSchedule(value: string | undefined, fallback: string, validate: (cron: string) => boolean): string {
  if (value === undefined) return fallback;
  if (!validate(value)) throw new UsageError(`--schedule: "${value}" is not a cron expression (e.g. "*/15 * * * *")`);
  return value;
}

async function watch(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: WATCH_OPTIONS, allowPositionals: false, strict: true });
  if (values.help) {
    process.stdout.write(USAGE);
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
    host,
    stdout: process.stdout,
    stderr: process.stderr,
    signals: process,
  });
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
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case undefined:
      process.stderr.write(USAGE);
      return 2;
    default:
      throw new UsageError(`unknown command "${command}" (try: kubeward --help)`);
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
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
