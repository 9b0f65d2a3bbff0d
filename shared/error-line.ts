/**
 * An error's message on one line. parseArgs, YAML parsers and child processes write messages over
 * several lines, which would break a log line, a notification, an IPC answer or the CLI's
 * one-line error.
 */
export function errorLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}
