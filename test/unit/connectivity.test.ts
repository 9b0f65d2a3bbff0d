import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONNECTIVITY_INTERVAL_MS, watchConnectivity } from '../../electron/core/monitor/connectivity';

afterEach(() => {
  vi.useRealTimers();
});

describe('watchConnectivity', () => {
  it('calls back once per offline-to-online change, and stops when asked', () => {
    vi.useFakeTimers();
    const states = [true, false, false, true, true, false, true];
    let i = 0;
    let backs = 0;
    const stop = watchConnectivity(
      () => states[Math.min(i++, states.length - 1)] ?? true,
      () => (backs += 1),
    );
    vi.advanceTimersByTime(CONNECTIVITY_INTERVAL_MS * 3);
    // online, offline, offline, online: one return
    expect(backs).toBe(1);
    vi.advanceTimersByTime(CONNECTIVITY_INTERVAL_MS * 3);
    // online, offline, online: a second return
    expect(backs).toBe(2);
    stop();
    vi.advanceTimersByTime(CONNECTIVITY_INTERVAL_MS * 10);
    expect(backs).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
