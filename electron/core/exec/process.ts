/**
 * Runs one plugin process with bounds, never through a shell: stdin closed, a
 * timeout, a cap on stdout and stderr, and on either limit the whole process tree
 * killed (a plugin that forks a helper must not leave it behind). On POSIX the
 * plugin leads its own process group (detached), so one signal reaches every
 * descendant; on Windows `taskkill /T` walks the tree.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ProcessSpec {
  /** Absolute path of the executable. */
  file: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Per stream; going past it kills the process tree. */
  maxOutputBytes: number;
  /** Sees each chunk as it arrives (a fix step shows a login command's output while it runs). */
  onData?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
}

export interface ProcessResult {
  exitCode: number | null;
  /** The signal that ended the process (also set when kubeward killed it). */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  outputTooLarge?: 'stdout' | 'stderr';
  /** Why the executable could not be started (e.g. `EACCES: permission denied`). */
  spawnError?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** After a kill, how long to wait for the pipes to close before giving up on them (a grandchild may hold them). */
const PIPE_GRACE_MS = 2_000;

function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => {
      child.kill('SIGKILL');
    });
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is gone already (every member exited).
    child.kill('SIGKILL');
  }
}

function describeSpawnError(error: NodeJS.ErrnoException): string {
  return error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message;
}

class Capture {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly limit: number) {}

  /** False once the limit is passed; what fits is kept. */
  add(chunk: Buffer): boolean {
    const room = this.limit - this.bytes;
    this.chunks.push(chunk.length > room ? chunk.subarray(0, Math.max(room, 0)) : chunk);
    this.bytes += chunk.length;
    return this.bytes <= this.limit;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const stdout = new Capture(spec.maxOutputBytes);
    const stderr = new Capture(spec.maxOutputBytes);
    let timedOut = false;
    let outputTooLarge: ProcessResult['outputTooLarge'];
    let settled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    let graceTimer: NodeJS.Timeout | undefined;

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      resolve({
        exitCode,
        signal,
        timedOut,
        ...(outputTooLarge ? { outputTooLarge } : {}),
        ...(spawnError ? { spawnError } : {}),
        stdout: stdout.text(),
        stderr: stderr.text(),
        durationMs: Math.round(performance.now() - started),
      });
    };

    let child: ChildProcess;
    try {
      child = spawn(spec.file, [...spec.args], {
        env: spec.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
        shell: false,
      });
    } catch (error) {
      // Some failures throw instead of emitting 'error' (EINVAL: a .cmd/.bat file on Windows needs a shell).
      finish(null, null, describeSpawnError(error as NodeJS.ErrnoException));
      return;
    }

    const stop = () => {
      killTree(child);
      graceTimer ??= setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(child.exitCode, child.signalCode);
      }, PIPE_GRACE_MS);
    };

    const watch = (stream: NodeJS.ReadableStream | null, capture: Capture, name: 'stdout' | 'stderr') => {
      stream?.on('data', (chunk: Buffer) => {
        spec.onData?.(chunk, name);
        if (capture.add(chunk) || outputTooLarge) return;
        outputTooLarge = name;
        stop();
      });
    };
    watch(child.stdout, stdout, 'stdout');
    watch(child.stderr, stderr, 'stderr');

    child.on('error', (error: NodeJS.ErrnoException) => {
      // Spawn failures (ENOENT, EACCES) end here, without a process and without 'close'.
      if (child.pid === undefined) finish(null, null, describeSpawnError(error));
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}
