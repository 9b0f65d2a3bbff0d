import type { Report } from '../../../shared/findings';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import { TimelineChart } from '../components/TimelineChart';
import type { Navigate } from '../route';
import { timelineEntries, type TimelineEntry } from '../timeline';
import { localTime, relativeTime } from '../time';

/** The chart's facts with absolute dates: for screen readers, and in place of the chart in a narrow window. */
function TimelineTable({ entries, now }: { entries: TimelineEntry[]; now: number }) {
  return (
    <table class="timeline-table">
      <caption>Expiry dates, soonest first</caption>
      <thead>
        <tr>
          <th scope="col">Context</th>
          <th scope="col">Credential</th>
          <th scope="col">Expires</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.context} class={entry.expiresAt <= now ? 'expired' : undefined}>
            <th scope="row">{entry.context}</th>
            <td>{entry.credential}</td>
            <td>
              <time dateTime={new Date(entry.expiresAt).toISOString()}>{localTime(entry.expiresAt)}</time>{' '}
              <span class="relative">
                ({entry.expiresAt <= now ? 'expired ' : ''}
                {relativeTime(entry.expiresAt, now)})
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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
      ) : null}
      {entries.length > 0 ? (
        <TimelineTable entries={entries} now={now} />
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
