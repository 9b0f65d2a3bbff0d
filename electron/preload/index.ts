/** The only bridge between the window and the main process: named functions, no raw ipcRenderer. */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('kubeward', {});
