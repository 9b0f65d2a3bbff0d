/**
 * The fix wizard's last step: after a fresh check (rules and, where allowed, the
 * probe), is the finding gone, and what does the user still need to know?
 */
import { SEVERITY_RANK, type Finding, type Report } from './findings';
import type { FixVerification } from './ipc';
import type { FindingRef } from './monitor';

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

/** Whether the finding `ref` is gone from a fresh `report`, and the one line that says so or what is still wrong. */
export function verificationOf(report: Report, ref: FindingRef): FixVerification {
  const checkedAt = report.checkedAt;
  if (ref.context === undefined) {
    const remaining = report.findings.filter((f) => f.rule === ref.rule);
    const others = report.findings.filter((f) => f.rule !== ref.rule);
    if (remaining.length > 0) return { fixed: false, checkedAt, remaining, message: stillWrong(remaining, others, '') };
    const other = worstProblem(others);
    const message = other
      ? `Fixed; the kubeconfig still has a problem: ${problem(other)}`
      : 'Fixed: the kubeconfig no longer has this problem';
    return { fixed: true, checkedAt, remaining, message };
  }
  const context = report.contexts.find((c) => c.name === ref.context);
  if (!context) {
    // Deleting a dangling context is one of its fixes; the check covers every context, so absence means gone.
    return {
      fixed: true,
      checkedAt,
      remaining: [],
      message: `Fixed: context ${ref.context} is no longer in the kubeconfig`,
    };
  }
  const remaining = context.findings.filter((f) => f.rule === ref.rule);
  const others = context.findings.filter((f) => f.rule !== ref.rule);
  if (remaining.length > 0) {
    return {
      fixed: false,
      checkedAt,
      context,
      remaining,
      message: stillWrong(remaining, others, ` for ${context.name}`),
    };
  }
  const other = worstProblem(others);
  const message = other
    ? `Fixed; ${context.name} still has a problem: ${problem(other)}`
    : `Fixed: kubectl can use ${context.name} again`;
  return { fixed: true, checkedAt, context, remaining, message };
}
