import { worstStatus, type Report } from '../../../shared/findings';
import { headline, overviewItems, problemsOf, type CauseGroup, type Problem } from '../../../shared/overview';
import { findingRef, type Navigate } from '../route';
import { StatusBadge } from './StatusBadge';

/** Enough for the first glance; the full list is the table below. */
const SHOWN = 8;

function ProblemLine({ problem, navigate }: { problem: Problem; navigate: Navigate }) {
  const { finding, context } = problem;
  return (
    <li>
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
  );
}

/** One cause, many contexts: the sentence, then each context's finding to open. */
function GroupLine({ group, navigate }: { group: CauseGroup; navigate: Navigate }) {
  return (
    <li class="group">
      <StatusBadge status={group.severity} />
      <span class="group-title">{group.title}</span>
      <ul class="group-members" aria-label={`Contexts: ${group.problems.length}`}>
        {group.problems.map(({ finding, context }) => (
          <li key={context}>
            <button
              type="button"
              class="link"
              onClick={() => navigate({ page: 'finding', ref: findingRef(finding.rule, context) })}
            >
              {context}
            </button>
          </li>
        ))}
      </ul>
    </li>
  );
}

export function Summary({ report, navigate }: { report: Report; navigate: Navigate }) {
  const items = overviewItems(report);
  const worst = worstStatus(problemsOf(report).map((p) => p.finding));
  return (
    <section class={`summary summary-${worst}`} aria-labelledby="summary-heading">
      <h1 id="summary-heading" tabIndex={-1}>
        {headline(report)}
      </h1>
      {items.length > 0 && (
        <ul class="problems">
          {items
            .slice(0, SHOWN)
            .map((item) =>
              item.kind === 'group' ? (
                <GroupLine key={`group/${item.rule}/${item.title}`} group={item} navigate={navigate} />
              ) : (
                <ProblemLine
                  key={`${item.context ?? ''}/${item.finding.rule}/${item.finding.title}`}
                  problem={item}
                  navigate={navigate}
                />
              ),
            )}
        </ul>
      )}
      {items.length > SHOWN && <p class="muted">and {items.length - SHOWN} more in the list below</p>}
    </section>
  );
}
