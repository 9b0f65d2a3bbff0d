import { describe, expect, it } from 'vitest';
import { contextBridge } from '../fakes/electron';

describe('preload', () => {
  it('exposes exactly one API object to the window, under window.kubeward', async () => {
    await import('../../electron/preload/index');
    expect([...contextBridge.exposed.keys()]).toEqual(['kubeward']);
  });
});
