/**
 * The window's one way to the core: `window.kubeward` from the Electron preload, or,
 * in a plain browser against the dev bridge, the same API over fetch + EventSource.
 */
import type { KubewardApi } from '../../shared/ipc';
import { bridgeApi } from './bridge-client';

declare global {
  interface Window {
    kubeward?: KubewardApi;
  }
}

export function connectApi(): KubewardApi {
  return window.kubeward ?? bridgeApi(new URL(window.location.href));
}
