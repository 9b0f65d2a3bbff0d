/** The only bridge between the window and the main process: named functions, no raw ipcRenderer. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, EVENT_VALIDATORS, type KubewardApi } from '../../shared/ipc';
import type { FindingRef } from '../../shared/monitor';

function invoker(channel: string) {
  // One argument at most, as the main side insists; a no-payload call sends none.
  return (...args: unknown[]) => ipcRenderer.invoke(channel, ...args.slice(0, 1));
}

export function buildApi(): KubewardApi {
  const calls = Object.fromEntries(
    Object.entries(API_METHODS).map(([method, channel]) => [method, invoker(channel)]),
  ) as Omit<KubewardApi, 'onOpenFinding'>;
  return {
    ...calls,
    onOpenFinding(listener: (target: FindingRef) => void) {
      const channel = 'window:open-finding';
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => {
        // The renderer only ever sees a well-formed reference, never the raw IPC event.
        listener(EVENT_VALIDATORS[channel](payload));
      };
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  };
}

contextBridge.exposeInMainWorld('kubeward', buildApi());
