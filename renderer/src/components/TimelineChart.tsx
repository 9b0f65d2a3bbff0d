import { DAY_MS, HORIZON_MS, scale, shortDuration, type TimelineEntry } from '../timeline';
import { localTime, relativeTime } from '../time';

interface TimelineChartProps {
  entries: TimelineEntry[];
  leadTimesMinutes: number[];
  now: number;
}

const WIDTH = 960;
const LABEL_RIGHT = 190;
/** A column left of "now" where expired credentials sit, wide enough for "3 days ago". */
const EXPIRED_LEFT = LABEL_RIGHT + 10;
const EXPIRED_X = EXPIRED_LEFT + 14;
const NOW_X = 330;
const END_X = 850;
const TOP = 44;
const ROW = 34;
const BOTTOM = 46;
const TICKS_DAYS = [7, 30, 60, 90];

function x(aheadMs: number): number {
  return NOW_X + scale(aheadMs) * (END_X - NOW_X);
}

function severity(aheadMs: number, widestLeadMs: number): 'error' | 'warning' | 'ok' {
  if (aheadMs <= 0) return 'error';
  return aheadMs <= widestLeadMs ? 'warning' : 'ok';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** When each credential expires over the next 90 days, with the notification lead times marked. */
export function TimelineChart({ entries, leadTimesMinutes, now }: TimelineChartProps) {
  const height = TOP + Math.max(entries.length, 1) * ROW + BOTTOM;
  const axisY = TOP + entries.length * ROW + 8;
  const widestLeadMs = Math.max(0, ...leadTimesMinutes) * 60_000;
  return (
    <svg
      class="timeline-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="group"
      aria-labelledby="timeline-heading"
      aria-describedby="timeline-desc"
    >
      <desc id="timeline-desc">
        One row per credential: its mark sits at the time it expires, on a scale that widens the next few days. Dashed
        lines are the notification lead times.
      </desc>
      <rect class="alert-zone" x={NOW_X} y={TOP - 8} width={x(widestLeadMs) - NOW_X} height={axisY - TOP + 8} />
      <rect class="expired-zone" x={EXPIRED_LEFT} y={TOP - 8} width={NOW_X - EXPIRED_LEFT} height={axisY - TOP + 8} />
      <text class="zone-label" x={(EXPIRED_LEFT + NOW_X) / 2} y={TOP - 14} text-anchor="middle">
        expired
      </text>
      {leadTimesMinutes.map((minutes, i) => {
        const lx = x(minutes * 60_000);
        return (
          <g key={minutes} class="threshold">
            <line x1={lx} x2={lx} y1={TOP - 8} y2={axisY} />
            {/* Close lead times (1 h, 1 d) would overlap: alternate their labels' height. */}
            <text x={lx} y={i % 2 === 0 ? TOP - 14 : TOP - 28} text-anchor="middle">
              {shortDuration(minutes)}
            </text>
          </g>
        );
      })}
      <line class="now-line" x1={NOW_X} x2={NOW_X} y1={TOP - 8} y2={axisY} />
      {entries.map((entry, row) => {
        const y = TOP + row * ROW + ROW / 2;
        const ahead = entry.expiresAt - now;
        const level = severity(ahead, widestLeadMs);
        const mx = ahead <= 0 ? EXPIRED_X : x(ahead);
        const beyond = ahead > HORIZON_MS;
        const when = `${localTime(entry.expiresAt)} (${relativeTime(entry.expiresAt, now)})`;
        return (
          <g key={entry.context} class={`mark mark-${level}`} data-context={entry.context}>
            <title>
              {entry.context}: {entry.credential.toLowerCase()} {ahead <= 0 ? 'expired' : 'expires'} {when}
            </title>
            <line class="row-rule" x1={LABEL_RIGHT + 10} x2={END_X} y1={y} y2={y} />
            <text class="row-label" x={LABEL_RIGHT} y={y + 4} text-anchor="end">
              {truncate(entry.context, 26)}
            </text>
            {ahead > 0 && <line class="bar" x1={NOW_X} x2={mx} y1={y} y2={y} />}
            {beyond ? (
              <path class="dot" d={`M ${mx - 6} ${y - 7} L ${mx + 4} ${y} L ${mx - 6} ${y + 7} Z`} />
            ) : (
              <circle class="dot" cx={mx} cy={y} r={6} />
            )}
            <text class="mark-label" x={mx + 12} y={y + 4}>
              {relativeTime(entry.expiresAt, now)}
            </text>
          </g>
        );
      })}
      <g class="axis">
        <line x1={EXPIRED_LEFT} x2={END_X} y1={axisY} y2={axisY} />
        <text x={NOW_X} y={axisY + 18} text-anchor="middle">
          now
        </text>
        {TICKS_DAYS.map((days) => {
          const tx = x(days * DAY_MS);
          return (
            <g key={days}>
              <line x1={tx} x2={tx} y1={axisY} y2={axisY + 5} />
              <text x={tx} y={axisY + 18} text-anchor="middle">
                {days} d
              </text>
              <text class="tick-date" x={tx} y={axisY + 33} text-anchor="middle">
                {new Date(now + days * DAY_MS).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
