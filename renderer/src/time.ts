/** Instants as the window shows them: the user's local time, and how far away that is. */
export { formatLocal as localTime, relativeTime } from '../../shared/time';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a string holds, when it is an ISO 8601 date-time (evidence values are strings). */
export function parseInstant(value: string): number | undefined {
  if (!ISO_INSTANT.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** "23:52": when the last answer was, for "Showing results from 23:52". */
export function clockTime(atMs: number): string {
  return new Date(atMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
