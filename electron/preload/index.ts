/** The only bridge between the window and the main process: named functions, no raw ipcRenderer. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildKubewardApi, type KubewardApi } from '../../shared/ipc';

export function buildApi(): KubewardApi {
  return buildKubewardApi({
    // One argument at most, as the main side insists; a no-payload call sends none.
    invoke: (channel, request) =>
      request === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, request),
    listen: (channel, listener) => {
      // The renderer never sees the raw IPC event.
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  });
}

contextBridge.exposeInMainWorld('kubeward', buildApi());
