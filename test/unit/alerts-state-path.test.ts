import { describe, expect, it } from 'vitest';
import { defaultStatePath } from '../../electron/core/monitor/state-store';

describe('default alert state path', () => {
  it('follows each platform: XDG on Linux, Application Support on macOS, APPDATA on Windows', () => {
    expect(defaultStatePath({ env: {}, homeDir: '/home/u', platform: 'linux' })).toBe(
      '/home/u/.config/kubeward/state.json',
    );
    expect(defaultStatePath({ env: { XDG_CONFIG_HOME: '/xdg' }, homeDir: '/home/u', platform: 'linux' })).toBe(
      '/xdg/kubeward/state.json',
    );
    // The XDG spec says a relative value is invalid and must be ignored.
    expect(defaultStatePath({ env: { XDG_CONFIG_HOME: 'rel' }, homeDir: '/home/u', platform: 'linux' })).toBe(
      '/home/u/.config/kubeward/state.json',
    );
    expect(defaultStatePath({ env: {}, homeDir: '/Users/u', platform: 'darwin' })).toBe(
      '/Users/u/Library/Application Support/kubeward/state.json',
    );
    expect(
      defaultStatePath({
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        homeDir: 'C:\\Users\\u',
        platform: 'win32',
      }),
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\kubeward\\state.json');
    expect(defaultStatePath({ env: {}, homeDir: 'C:\\Users\\u', platform: 'win32' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\kubeward\\state.json',
    );
  });
});
