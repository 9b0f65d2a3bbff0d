/**
 * Stand-in for the `electron` module in vitest (the real binary cannot run on the
 * build machines). Grows with the app's tests; each export is checked against
 * Electron's own types so the fake cannot drift from the real API.
 */
import type * as Electron from 'electron';

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(apiKey: string, api: unknown) {
    this.exposed.set(apiKey, api);
  },
} satisfies Pick<Electron.ContextBridge, 'exposeInMainWorld'> & { exposed: Map<string, unknown> };
