import { describe, expect, it } from 'vitest';
import { parseTimeoutMs, UsageError } from '../../electron/cli/usage';
import { DEFAULT_TIMEOUT_MS } from '../../shared/defaults';

describe('--timeout', () => {
  it('takes seconds and gives the milliseconds every layer below counts in', () => {
    expect(parseTimeoutMs('2')).toBe(2000);
    expect(parseTimeoutMs('0.5')).toBe(500);
    expect(parseTimeoutMs(undefined)).toBe(DEFAULT_TIMEOUT_MS);
  });

  it('refuses anything but a positive number of seconds', () => {
    for (const value of ['0', '-3', 'ten', 'Infinity', '']) {
      expect(() => parseTimeoutMs(value)).toThrow(UsageError);
    }
  });
});
