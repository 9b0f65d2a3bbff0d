/**
 * Runs one plugin process (or fix command) with bounds, never through a shell: stdin closed, a
 * timeout, a cap on stdout and stderr, and when the run ends, for whatever reason, every process
 * the plugin started killed (see process-tree.ts for how they are found).
 *
 * What kubectl does differently: client-go's exec authenticator runs the plugin with an
 * exec.Cmd, stdout into a buffer, no timeout, no WaitDelay and no process group. Go's Wait
 * returns only at EOF on stdout, so a grandchild that keeps it open (a `setsid` helper, a
 * daemon that did not close its descriptors) blocks kubectl as long as it lives, and anything
 * the plugin left running outlives kubectl. That is bearable for a command a person watches;
 * kubeward runs plugins unattended and over and over (the tray, `watch`), where a stuck pipe
 * would stall every check and leftovers would pile up. So a run here ends when the plugin has
 * exited and its pipes are closed, or a short grace after it exited, or at the timeout, and
 * then its tree is killed. That is safe: the exec credential protocol is one answer on stdout
 * and an exit, so nothing left running is part of the answer, and only processes shown to
 * descend from this run are signalled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { ProcessTree } from './process-tree';

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
  /**
   * After the program exits by itself, leave what it started running. For the logins a fix step runs
   * (`gcloud auth login`, `aws sso login`): on a desktop without a browser already open, the browser
   * they start is their own child, and the user is still signing in there. A timeout or the output
   * cap still kills the whole tree. Exec plugins never get this: nothing they leave may outlive the run.
   */
  keepLeftoversOnExit?: boolean;
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

/**
 * After the plugin itself exited, how long what it left behind may keep our pipes open. The
 * answer is what the plugin wrote before it exited; this grace only lets in-flight output
 * through. It never runs past the timeout.
 */
const STRAY_HOLDER_GRACE_MS = 1_000;
/** After the tree is killed, how long to wait for the pipes to close before closing our ends (a holder that got away). */
const PIPE_GRACE_MS = 500;

const hasPid = (child: ChildProcess): child is ChildProcess & { pid: number } => child.pid !== undefined;

/**
 * The process groups of the runs in flight. A run leads a session of its own, so a terminal's
 * Ctrl-C or a service manager's SIGTERM to kubeward does not reach it: when kubeward exits
 * mid-run (`watch` stops without waiting for a check in progress), these groups are killed on
 * the way out, synchronously, since nothing asynchronous runs in an 'exit' handler.
 */
const groupsInFlight = new Set<number>();

function killGroupsInFlight(): void {
  for (const pgid of groupsInFlight) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
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
    let strayHolderTimer: NodeJS.Timeout | undefined;

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      if (child?.pid !== undefined && groupsInFlight.delete(child.pid) && groupsInFlight.size === 0) {
        process.removeListener('exit', killGroupsInFlight);
      }
      clearTimeout(deadline);
      clearTimeout(strayHolderTimer);
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

    const deadline = setTimeout(() => {
      timedOut = true;
      void end();
    }, spec.timeoutMs);
    const marker = ProcessTree.marker();
    let child: ChildProcess;
    try {
      child = spawn(spec.file, [...spec.args], {
        env: { ...spec.env, ...marker },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own session and process group on POSIX: one signal reaches whatever stays in the group.
        detached: process.platform !== 'win32',
        windowsHide: true,
        shell: false,
      });
    } catch (error) {
      // Some failures throw instead of emitting 'error' (EINVAL: a .cmd/.bat file on Windows needs a shell).
      finish(null, null, describeSpawnError(error as NodeJS.ErrnoException));
      return;
    }
    const tree = hasPid(child) ? new ProcessTree(child, marker) : undefined;
    tree?.startSampling();
    if (hasPid(child) && process.platform !== 'win32') {
      if (groupsInFlight.size === 0) process.once('exit', killGroupsInFlight);
      groupsInFlight.add(child.pid);
    }

    let ending = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let pipesClosed = false;
    let onPipesClosed: (() => void) | undefined;

    /** Ends the run: kills what is left of the tree (every time, not only at a limit), then stops reading. */
    async function end(): Promise<void> {
      if (ending) return;
      ending = true;
      clearTimeout(deadline);
      clearTimeout(strayHolderTimer);
      const exitedByItself = exited !== undefined && !timedOut && !outputTooLarge;
      await (spec.keepLeftoversOnExit && exitedByItself ? tree?.release() : tree?.kill());
      if (!pipesClosed) {
        // The pipes close once their holders are dead; one that got away loses them after a short wait.
        await new Promise<void>((resume) => {
          const grace = setTimeout(resume, PIPE_GRACE_MS);
          onPipesClosed = () => {
            clearTimeout(grace);
            resume();
          };
        });
        child.stdout?.destroy();
        child.stderr?.destroy();
      }
      finish(exited?.code ?? child.exitCode, exited?.signal ?? child.signalCode);
    }

    const watch = (stream: NodeJS.ReadableStream | null, capture: Capture, name: 'stdout' | 'stderr') => {
      stream?.on('data', (chunk: Buffer) => {
        spec.onData?.(chunk, name);
        if (capture.add(chunk) || outputTooLarge) return;
        outputTooLarge = name;
        void end();
      });
    };
    watch(child.stdout, stdout, 'stdout');
    watch(child.stderr, stderr, 'stderr');

    child.on('error', (error: NodeJS.ErrnoException) => {
      // Spawn failures (ENOENT, EACCES) end here, without a process and without 'close'.
      if (child.pid === undefined) finish(null, null, describeSpawnError(error));
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      if (ending) return;
      // The plugin answered in time: not a timeout, whatever holds its pipes now.
      clearTimeout(deadline);
      const remainingMs = spec.timeoutMs - (performance.now() - started);
      strayHolderTimer = setTimeout(() => void end(), Math.max(0, Math.min(STRAY_HOLDER_GRACE_MS, remainingMs)));
    });
    // After 'exit', once stdout and stderr are closed (every holder is gone).
    child.on('close', () => {
      pipesClosed = true;
      onPipesClosed?.();
      void end();
    });
  });
}
