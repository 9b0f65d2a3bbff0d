import { useState } from 'preact/hooks';
import type { Report } from '../../../shared/findings';
import { ContextFilters } from '../components/ContextFilters';
import { ContextTable } from '../components/ContextTable';
import { Summary } from '../components/Summary';
import { statusCounts } from '../../../shared/overview';
import { filterContexts, sortContexts, type StatusFilter } from '../contexts';
import type { Navigate } from '../route';

export function OverviewScreen({ report, now, navigate }: { report: Report; now: number; navigate: Navigate }) {
  const [status, setStatus] = useState<StatusFilter>('all');
  const [query, setQuery] = useState('');
  const shown = filterContexts(sortContexts(report.contexts), status, query);
  return (
    <>
      <Summary report={report} navigate={navigate} />
      <section class="contexts" aria-labelledby="contexts-heading">
        <div class="section-head">
          <h2 id="contexts-heading">Contexts</h2>
          <ContextFilters
            counts={statusCounts(report)}
            total={report.contexts.length}
            status={status}
            onStatus={setStatus}
            query={query}
            onQuery={setQuery}
          />
        </div>
        <p class="muted" aria-live="polite">
          {shown.length === report.contexts.length
            ? `${shown.length} context${shown.length === 1 ? '' : 's'}`
            : `Showing ${shown.length} of ${report.contexts.length} contexts`}
        </p>
        {shown.length > 0 ? (
          <ContextTable contexts={shown} now={now} navigate={navigate} />
        ) : (
          <p class="empty">
            {report.contexts.length === 0 ? 'The kubeconfig defines no context.' : 'No context matches.'}
          </p>
        )}
      </section>
    </>
  );
}
