/**
 * Runs one command to completion and measures it: wall time by the high-resolution clock
 * around the spawn, peak RSS through GNU time (`%M`, KB) when it is installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  wallMs: number;
  /** Peak resident set size in KB; null when GNU time is not available. */
  peakRssKb: number | null;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Runner {
  run(command: string, args: string[]): Measurement;
  /**
   * The same, without blocking the event loop: for commands that talk to a server in this
   * process (the live bench's stand-in API servers could not answer during a spawnSync).
   * One at a time: runs share GNU time's report file.
   */
  runAsync(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Measurement>;
  /** Whether peak RSS is measured. */
  readonly measuresMemory: boolean;
  dispose(): void;
}

/** The absolute path of an executable on PATH, or null. */
export function findExecutable(name: string, searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  return null;
}

function hasGnuTime(): boolean {
  // BusyBox and BSD `time` do not take `-f`/`-o`; GNU time answers --version with exit 0.
  return spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' }).status === 0;
}

export function createRunner(): Runner {
  const gnuTime = hasGnuTime();
  const dir = mkdtempSync(path.join(tmpdir(), 'kubeward-bench-time-'));
  // `-o` keeps GNU time's report out of the command's own stderr.
  const report = path.join(dir, 'time.txt');
  const wrapped = (command: string, args: string[]): [string, string[]] =>
    gnuTime ? [GNU_TIME, ['-f', '%M', '-o', report, command, ...args]] : [command, args];
  const peakRssKb = (): number | null => (gnuTime ? parsePeakRss(readFileSync(report, 'utf8')) : null);
  return {
    measuresMemory: gnuTime,
    run(command, args) {
      const [file, argv] = wrapped(command, args);
      const started = process.hrtime.bigint();
      const result = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.error) throw result.error;
      return {
        wallMs,
        peakRssKb: peakRssKb(),
        // GNU time exits with the command's status, and reports a signal in its output file.
        status: result.status,
        signal: result.signal,
        stdout: result.stdout,
        stderr: result.stderr,
      };
    },
    async runAsync(command, args, env) {
      const [file, argv] = wrapped(command, args);
      const started = process.hrtime.bigint();
      const child = spawn(file, argv, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, sig) => resolve([code, sig]));
      });
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      return {
        wallMs,
        peakRssKb: peakRssKb(),
        status,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The last line of GNU time's report is the `%M` figure; earlier lines say "Command exited with non-zero status". */
function parsePeakRss(report: string): number {
  const last = report.trim().split('\n').at(-1) ?? '';
  const kb = Number(last);
  if (!Number.isFinite(kb) || last === '') throw new Error(`unexpected GNU time report: ${JSON.stringify(report)}`);
  return kb;
}
