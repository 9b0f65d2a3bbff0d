/**
 * The child processes of fix steps: a program from RUNNABLE_PROGRAMS found on the
 * user's PATH (or the login shell's), run from an argv (never a shell) with stdin
 * closed, a timeout and an output cap, its output shown as it comes with secrets
 * scrubbed line by line.
 */
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { scrubSecrets, stderrTail } from '../../../shared/exec/scrub';
import type { Host } from '../../../shared/host';
import { runProcess, type ProcessResult } from '../exec/process';
import { findCommand } from '../exec/find-command';

export interface CommandContext {
  /** Commands inherit its env and are looked up on its PATH. */
  host: Host;
  loginShellPath?: string;
  /** The kubeconfig files, so kubectl and `aws eks update-kubeconfig` use the ones kubeward checked. */
  kubeconfigPaths: readonly string[];
}

export interface ResolvedCommand {
  file: string;
  env: NodeJS.ProcessEnv;
}

/** Per stream: a login prints a few lines; anything near this is a runaway. */
const MAX_OUTPUT_BYTES = 1024 * 1024;
/** How much of the end of the output is kept for the result's tail. */
const TAIL_CHARS = 64 * 1024;
/** A line longer than this is shown in pieces rather than held back. */
const MAX_PENDING_CHARS = 4096;

/** Where `program` runs from and with which environment; undefined when it is not installed. */
export async function resolveCommand(program: string, context: CommandContext): Promise<ResolvedCommand | undefined> {
  const { env, platform } = context.host;
  const { loginShellPath } = context;
  const lookup = await findCommand(program, { path: env.PATH, pathExt: env.PATHEXT, loginShellPath, platform });
  if (!lookup.resolved) return undefined;
  const delimiter = platform === 'win32' ? ';' : path.posix.delimiter;
  return {
    file: lookup.resolved,
    env: {
      ...env,
      KUBECONFIG: context.kubeconfigPaths.join(delimiter),
      // Found only on the login shell's PATH: it calls tools from there too (gcloud -> python).
      ...(lookup.via === 'login-shell' && loginShellPath ? { PATH: loginShellPath } : {}),
    },
  };
}

/** Cuts a stream into lines and scrubs each whole line, so a secret split across chunks is still recognised. */
class ScrubbedLines {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly emit: (text: string) => void) {}

  push(chunk: Buffer): void {
    this.pending += this.decoder.write(chunk);
    const end = this.pending.lastIndexOf('\n');
    if (end >= 0) {
      this.emit(scrubSecrets(this.pending.slice(0, end + 1)));
      this.pending = this.pending.slice(end + 1);
    } else if (this.pending.length > MAX_PENDING_CHARS) {
      this.flush();
    }
  }

  flush(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest) this.emit(scrubSecrets(rest));
  }
}

export interface VisibleRun {
  result: ProcessResult;
  /** The last lines of stdout and stderr as they came, scrubbed. */
  tail: string;
}

/** Runs a command whose output the user watches: both streams, scrubbed, through `onOutput` as they arrive. */
export async function runVisible(
  command: ResolvedCommand,
  args: readonly string[],
  timeoutMs: number,
  onOutput?: (chunk: string) => void,
): Promise<VisibleRun> {
  let tail = '';
  const emit = (text: string) => {
    tail = (tail + text).slice(-TAIL_CHARS);
    onOutput?.(text);
  };
  const streams = { stdout: new ScrubbedLines(emit), stderr: new ScrubbedLines(emit) };
  const result = await runProcess({
    file: command.file,
    args,
    env: command.env,
    timeoutMs,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    onData: (chunk, stream) => streams[stream].push(chunk),
    keepLeftoversOnExit: true,
  });
  streams.stdout.flush();
  streams.stderr.flush();
  return { result, tail: stderrTail(tail) };
}

/** Runs a command whose stdout is a secret (a new token): nothing is shown while it runs. */
export function runQuiet(command: ResolvedCommand, args: readonly string[], timeoutMs: number): Promise<ProcessResult> {
  return runProcess({ file: command.file, args, env: command.env, timeoutMs, maxOutputBytes: MAX_OUTPUT_BYTES });
}

/** One line saying how a command ended, for a step that failed. */
export function failureLine(program: string, result: ProcessResult, timeoutMs: number, tail: string): string {
  if (result.spawnError) return `${program} could not be started: ${result.spawnError}`;
  if (result.timedOut) return `${program} did not finish within ${Math.round(timeoutMs / 1000)} s; kubeward stopped it`;
  if (result.outputTooLarge) return `${program} printed more than ${MAX_OUTPUT_BYTES} bytes; kubeward stopped it`;
  const how =
    result.exitCode === null ? `was ended by ${result.signal ?? 'a signal'}` : `exited with code ${result.exitCode}`;
  const last = tail.split('\n').at(-1)?.trim();
  return `${program} ${how}${last ? `: ${last}` : ''}`;
}
