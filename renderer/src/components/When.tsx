import { localTime, relativeTime } from '../time';

/**
 * An instant as local time with how far away it is; the exact UTC instant on hover and
 * for machines. `expiry`: a past instant is a problem (shown as one), not just history.
 */
export function When({ iso, now, expiry = false }: { iso: string; now: number; expiry?: boolean }) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return <span>{iso}</span>;
  return (
    <time dateTime={iso} title={new Date(at).toISOString()} class={expiry && at <= now ? 'when expired' : 'when'}>
      {localTime(at)} <span class="relative">({relativeTime(at, now)})</span>
    </time>
  );
}
