/**
 * The main-process side of the IPC contract: one ipcMain.handle per channel, each
 * refusing callers that are not our own renderer's top frame and payloads that do
 * not validate, before the handler sees them.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, dispatch, IpcPayloadError, type Channel, type IpcHandlers } from '../../shared/ipc';
import { isOwnPage } from '../../shared/url-safety';

export class IpcSenderError extends Error {
  override name = 'IpcSenderError';
}

function assertOwnRenderer(event: IpcMainInvokeEvent, ownUrl: string): void {
  const frame = event.senderFrame;
  // A destroyed or navigated frame, a subframe, or any other page never gets an answer.
  if (!frame || frame.parent !== null || !isOwnPage(frame.url, ownUrl)) {
    throw new IpcSenderError('IPC from an unknown sender refused');
  }
}

function register(channel: Channel, handlers: IpcHandlers, ownUrl: string): void {
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    assertOwnRenderer(event, ownUrl);
    if (args.length > 1) throw new IpcPayloadError('expected at most one argument');
    return dispatch(handlers, channel, args[0]);
  });
}

/** Registers every channel; returns the function that unregisters them. */
export function registerIpc(handlers: IpcHandlers, ownUrl: string): () => void {
  for (const channel of CHANNELS) register(channel, handlers, ownUrl);
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
