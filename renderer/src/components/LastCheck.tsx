import { clockTime, localTime, relativeTime } from '../time';

/** When the shown results are from; with the core not answering, says so rather than "just now". */
export function LastCheck({ checkedAt, now, stale }: { checkedAt: string; now: number; stale: boolean }) {
  const at = Date.parse(checkedAt);
  if (stale) {
    return (
      <span class="last-check stale">
        Results from{' '}
        <time dateTime={checkedAt} title={localTime(at)}>
          {clockTime(at)}
        </time>{' '}
        (not current)
      </span>
    );
  }
  return (
    <span class="last-check">
      Checked{' '}
      <time dateTime={checkedAt} title={localTime(at)}>
        {at > now - 60_000 ? 'just now' : relativeTime(at, now)}
      </time>
    </span>
  );
}
