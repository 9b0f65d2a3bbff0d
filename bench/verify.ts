/**
 * Checks that each timed run did the full job, so a fast but broken run never counts.
 */
import type { Report } from '../shared/findings';
import type { Measurement } from './measure';

export class RunFailed extends Error {}

function describe(m: Measurement): string {
  const how = m.signal ? `signal ${m.signal}` : `exit code ${String(m.status)}`;
  const stderr = m.stderr.trim().split('\n').slice(-3).join(' | ');
  return stderr ? `${how}: ${stderr}` : how;
}

/** `kubectl config get-contexts` prints a header line and one line per context. */
export function verifyKubectl(m: Measurement, contexts: number): void {
  if (m.status !== 0) throw new RunFailed(`kubectl failed (${describe(m)})`);
  const lines = m.stdout.split('\n').filter((line) => line !== '').length;
  if (lines !== contexts + 1) throw new RunFailed(`kubectl printed ${lines} lines, expected ${contexts + 1}`);
}

/** `kubeward check --json` exits 0 (clean) or 1 (findings) and reports every context. */
export function verifyKubeward(m: Measurement, contexts: number): Report {
  if (m.status !== 0 && m.status !== 1) throw new RunFailed(`kubeward failed (${describe(m)})`);
  let report: Report;
  try {
    report = JSON.parse(m.stdout) as Report;
  } catch (error) {
    throw new RunFailed(`kubeward did not print JSON: ${(error as Error).message}`);
  }
  const reported = Array.isArray(report.contexts) ? report.contexts.length : 0;
  if (reported !== contexts) throw new RunFailed(`kubeward reported ${reported} contexts, expected ${contexts}`);
  return report;
}

/** How many findings of each rule the report holds, across contexts and the file-level list. */
export function countFindings(report: Report): Map<string, number> {
  const counts = new Map<string, number>();
  const all = [...report.findings, ...report.contexts.flatMap((c) => c.findings)];
  for (const f of all) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return counts;
}

/**
 * How many of the planted secrets show up in the output, whole or in part: a 48-character
 * slice from the middle of each is enough to catch a truncated token or a key body.
 */
export function countLeaks(output: string, secrets: readonly string[]): number {
  return secrets.filter((secret) => {
    const start = Math.max(0, Math.floor(secret.length / 2) - 24);
    return output.includes(secret.slice(start, start + 48));
  }).length;
}
