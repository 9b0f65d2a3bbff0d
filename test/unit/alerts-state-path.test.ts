import { describe, expect, it } from 'vitest';
import { defaultStatePath } from '../../electron/core/monitor/state-store';

describe('default alert state path', () => {
  it('follows each platform: XDG on Linux, Application Support on macOS, APPDATA on Windows', () => {
    expect(defaultStatePath({}, '/home/u', 'linux')).toBe('/home/u/.config/kubeward/state.json');
    expect(defaultStatePath({ XDG_CONFIG_HOME: '/xdg' }, '/home/u', 'linux')).toBe('/xdg/kubeward/state.json');
    // The XDG spec says a relative value is invalid and must be ignored.
    expect(defaultStatePath({ XDG_CONFIG_HOME: 'rel' }, '/home/u', 'linux')).toBe(
      '/home/u/.config/kubeward/state.json',
    );
    expect(defaultStatePath({}, '/Users/u', 'darwin')).toBe('/Users/u/Library/Application Support/kubeward/state.json');
    expect(defaultStatePath({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u', 'win32')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\kubeward\\state.json',
    );
    expect(defaultStatePath({}, 'C:\\Users\\u', 'win32')).toBe('C:\\Users\\u\\AppData\\Roaming\\kubeward\\state.json');
  });
});
