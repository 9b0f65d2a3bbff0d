import { worstStatus, type Report } from '../../../shared/findings';
import { headline, problemsOf } from '../problems';
import { findingRef, type Navigate } from '../route';
import { StatusBadge } from './StatusBadge';

/** Enough for the first glance; the full list is the table below. */
const SHOWN = 8;

export function Summary({ report, navigate }: { report: Report; navigate: Navigate }) {
  const problems = problemsOf(report);
  const worst = worstStatus(problems.map((p) => p.finding));
  return (
    <section class={`summary summary-${worst}`} aria-labelledby="summary-heading">
      <h1 id="summary-heading" tabIndex={-1}>
        {headline(report)}
      </h1>
      {problems.length > 0 && (
        <ul class="problems">
          {problems.slice(0, SHOWN).map(({ finding, context }) => (
            <li key={`${context ?? ''}/${finding.rule}/${finding.title}`}>
              <StatusBadge status={finding.severity} />
              <button
                type="button"
                class="link"
                onClick={() => navigate({ page: 'finding', ref: findingRef(finding.rule, context) })}
              >
                {finding.title}
              </button>
              <span class="where">{context ? `context ${context}` : 'kubeconfig'}</span>
            </li>
          ))}
        </ul>
      )}
      {problems.length > SHOWN && <p class="muted">and {problems.length - SHOWN} more in the table below</p>}
    </section>
  );
}
