/** The findings the overview leads with: config-wide ones, then every context's warnings and errors, worst first. */
import { SEVERITY_RANK, type Finding, type Report } from '../../shared/findings';

export interface Problem {
  finding: Finding;
  /** Absent for a config-wide finding. */
  context?: string;
}

export function problemsOf(report: Report): Problem[] {
  const configWide = report.findings.map((finding) => ({ finding }));
  const inContexts = report.contexts.flatMap((c) =>
    c.findings.filter((f) => f.severity !== 'info').map((finding) => ({ finding, context: c.name })),
  );
  return [...configWide, ...inContexts].sort(
    (a, b) => SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity],
  );
}

export function headline(report: Report): string {
  const { error, warning } = report.summary;
  const contexts = `${report.summary.contexts} context${report.summary.contexts === 1 ? '' : 's'}`;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (error > 0 && warning > 0) return `${count(error, 'error')} and ${count(warning, 'warning')} in ${contexts}`;
  if (error > 0) return `${count(error, 'error')} in ${contexts}`;
  if (warning > 0) return `${count(warning, 'warning')} in ${contexts}: nothing has failed yet`;
  return `All ${contexts} look fine`;
}
