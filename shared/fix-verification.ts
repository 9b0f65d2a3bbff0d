/**
 * The fix wizard's last step: after a fresh check (rules and, where allowed, the
 * probe), is the finding gone, and what does the user still need to know?
 */
import { SEVERITY_RANK, type ContextReport, type Finding, type FindingRef, type Report } from './findings';
import type { FixVerification } from './ipc';

/** The worst warning or error among `findings`: an info is not something still wrong. */
function worstProblem(findings: readonly Finding[]): Finding | undefined {
  let found: Finding | undefined;
  for (const f of findings) {
    if (f.severity === 'info') continue;
    if (!found || SEVERITY_RANK[f.severity] > SEVERITY_RANK[found.severity]) found = f;
  }
  return found;
}

function problem(finding: Finding): string {
  return `${finding.title} (${finding.severity})`;
}

function stillWrong(remaining: readonly Finding[], others: readonly Finding[], where: string): string {
  const [first] = remaining;
  const more = remaining.length > 1 ? ` (and ${remaining.length - 1} more like it)` : '';
  const other = worstProblem(others);
  const also = other ? `; also: ${problem(other)}` : '';
  return `Not fixed yet${where}: ${first?.title ?? 'the problem remains'}${more}${also}`;
}

/** The line for a fixed finding: in a context or config-wide, and whether another problem is left. */
function fixedLine(context: ContextReport | undefined, other: Finding | undefined): string {
  if (other) return `Fixed; ${context ? context.name : 'the kubeconfig'} still has a problem: ${problem(other)}`;
  return context ? `Fixed: kubectl can use ${context.name} again` : 'Fixed: the kubeconfig no longer has this problem';
}

/** Whether the finding `ref` is gone from a fresh `report`, and the one line that says so or what is still wrong. */
export function verificationOf(report: Report, ref: FindingRef): FixVerification {
  const checkedAt = report.checkedAt;
  const context = ref.context === undefined ? undefined : report.contexts.find((c) => c.name === ref.context);
  if (ref.context !== undefined && !context) {
    // Deleting a dangling context is one of its fixes; the check covers every context, so absence means gone.
    return {
      fixed: true,
      checkedAt,
      remaining: [],
      message: `Fixed: context ${ref.context} is no longer in the kubeconfig`,
    };
  }
  const findings = context ? context.findings : report.findings;
  const inContext = context ? { context } : {};
  const remaining = findings.filter((f) => f.rule === ref.rule);
  const others = findings.filter((f) => f.rule !== ref.rule);
  if (remaining.length > 0) {
    const message = stillWrong(remaining, others, context ? ` for ${context.name}` : '');
    return { fixed: false, checkedAt, ...inContext, remaining, message };
  }
  return { fixed: true, checkedAt, ...inContext, remaining, message: fixedLine(context, worstProblem(others)) };
}
