import type { Report } from '../../../shared/findings';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import { TimelineChart } from '../components/TimelineChart';
import type { Navigate } from '../route';
import { timelineEntries } from '../timeline';

interface TimelineScreenProps {
  report: Report;
  settings: Settings | undefined;
  now: number;
  navigate: Navigate;
}

export function TimelineScreen({ report, settings, now, navigate }: TimelineScreenProps) {
  const { entries, unknown } = timelineEntries(report);
  return (
    <section class="timeline" aria-labelledby="timeline-heading">
      <h1 id="timeline-heading" tabIndex={-1}>
        Expiry timeline
      </h1>
      <p class="muted">
        When each credential expires over the next 90 days. Kubeward notifies you when one crosses a dashed line (the
        notification lead times in{' '}
        <button type="button" class="link" onClick={() => navigate({ page: 'settings' })}>
          Settings
        </button>
        ).
      </p>
      {entries.length > 0 ? (
        <figure class="chart-card">
          <TimelineChart
            entries={entries}
            leadTimesMinutes={(settings ?? DEFAULT_SETTINGS).leadTimesMinutes}
            now={now}
          />
          <figcaption class="legend">
            <span class="key key-error">expired</span>
            <span class="key key-warning">within the widest notification lead time: notifications have started</span>
            <span class="key key-ok">later</span>
          </figcaption>
        </figure>
      ) : (
        <p class="empty">No credential with a known expiry.</p>
      )}
      {unknown.length > 0 && (
        <p class="muted">
          No known expiry (opaque tokens, plugins not run yet, or no credential): {unknown.join(', ')}.
        </p>
      )}
    </section>
  );
}
