import { localTime, relativeTime } from '../time';

/**
 * An instant as local time with how far away it is; the exact UTC instant on hover and
 * for machines. `expiry`: a past instant is a problem, said as one: "Expired 3 days ago".
 */
export function When({ iso, now, expiry = false }: { iso: string; now: number; expiry?: boolean }) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return <span>{iso}</span>;
  if (expiry && at <= now) {
    return (
      <time dateTime={iso} title={new Date(at).toISOString()} class="when expired">
        Expired {relativeTime(at, now)} <span class="relative">({localTime(at)})</span>
      </time>
    );
  }
  return (
    <time dateTime={iso} title={new Date(at).toISOString()} class="when">
      {localTime(at)} <span class="relative">({relativeTime(at, now)})</span>
    </time>
  );
}
