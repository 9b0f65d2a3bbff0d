import { localTime, relativeTime } from '../time';

export function LastCheck({ checkedAt, now }: { checkedAt: string; now: number }) {
  const at = Date.parse(checkedAt);
  return (
    <span class="last-check">
      Checked{' '}
      <time dateTime={checkedAt} title={localTime(at)}>
        {at > now - 60_000 ? 'just now' : relativeTime(at, now)}
      </time>
    </span>
  );
}
