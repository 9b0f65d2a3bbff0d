/** The only bridge between the window and the main process: named functions, no raw ipcRenderer. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, EVENT_VALIDATORS, type EventChannel, type IpcEvents, type KubewardApi } from '../../shared/ipc';

function invoker(channel: string) {
  // One argument at most, as the main side insists; a no-payload call sends none.
  return (...args: unknown[]) => ipcRenderer.invoke(channel, ...args.slice(0, 1));
}

type Subscriptions = 'onOpenFinding' | 'onFixOutput' | 'onReportChanged';

function subscriber<E extends EventChannel>(channel: E) {
  return (listener: (payload: IpcEvents[E]) => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => {
      // The renderer only ever sees a validated payload, never the raw IPC event.
      listener(EVENT_VALIDATORS[channel](payload));
    };
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  };
}

export function buildApi(): KubewardApi {
  const calls = Object.fromEntries(
    Object.entries(API_METHODS).map(([method, channel]) => [method, invoker(channel)]),
  ) as unknown as Omit<KubewardApi, Subscriptions>;
  return {
    ...calls,
    onOpenFinding: subscriber('window:open-finding'),
    onFixOutput: subscriber('fix:output'),
    onReportChanged: subscriber('report:changed'),
  };
}

contextBridge.exposeInMainWorld('kubeward', buildApi());
