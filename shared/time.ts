/** Human wording of instants and durations, relative to a `now` that is passed in. */

const UNITS: [name: string, ms: number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** "5 days", "3 hours", "1 minute": the largest whole unit, which is what a person wants at a glance. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  for (const [name, size] of UNITS) {
    const count = Math.floor(abs / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'}`;
  }
  return '0 seconds';
}

/** `new Date(ms).toISOString()` (it throws, as that does, for an invalid instant). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** "2026-12-03 09:30 UTC" */
export function formatUtc(atMs: number): string {
  return `${isoTime(atMs).slice(0, 16).replace('T', ' ')} UTC`;
}

/** "2026-12-03 09:30 UTC (in 5 days)", "2026-05-31 12:00 UTC (2 hours ago)" */
export function formatInstant(atMs: number, nowMs: number): string {
  const delta = atMs - nowMs;
  const relative =
    Math.abs(delta) < 1_000 ? 'now' : delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
  return `${formatUtc(atMs)} (${relative})`;
}
