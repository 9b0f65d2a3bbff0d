import { describe, expect, it } from 'vitest';
import { formatDuration, formatInstant } from '../../shared/time';

const now = Date.parse('2026-11-28T12:00:00Z');

describe('formatInstant', () => {
  it('says how far ahead an instant is', () => {
    expect(formatInstant(Date.parse('2026-12-03T09:30:00Z'), now)).toBe('2026-12-03 09:30 UTC (in 4 days)');
  });
  it('says how long ago an instant was', () => {
    expect(formatInstant(now - 2 * 3_600_000 - 5_000, now)).toBe('2026-11-28 09:59 UTC (2 hours ago)');
  });
  it('says now within a second', () => {
    expect(formatInstant(now + 400, now)).toBe('2026-11-28 12:00 UTC (now)');
  });
});

describe('formatDuration', () => {
  it.each([
    [86_400_000 * 14, '14 days'],
    [3_600_000, '1 hour'],
    [90_000, '1 minute'],
    [59_000, '59 seconds'],
    [-120_000, '2 minutes'],
    [10, '0 seconds'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
