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

/** "Nov 30, 2026, 12:00 PM" in this computer's time zone and locale: how the window and notifications show instants. */
export function formatLocal(atMs: number): string {
  return new Date(atMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "in 5 days", "2 hours ago", "now". */
export function relativeTime(atMs: number, nowMs: number): string {
  const delta = atMs - nowMs;
  if (Math.abs(delta) < 1_000) return 'now';
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}

/** At most `max` characters, cut at a word with "…": notification bodies have about a hundred before the OS cuts them. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}
