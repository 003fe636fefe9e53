// Runs in tests. An in-memory ipcMain/ipcRenderer pair with Electron's semantics that matter here:
// arguments and results are structured-cloned, invoke needs a handler, events arrive asynchronously.
import type { IpcInvokeEventLike, IpcMainLike, SenderFrameLike } from '../../main/electron/ipc';
import type { IpcRendererLike } from '../../preload/bridge';

type InvokeHandler = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

export interface MemoryIpc {
  ipcMain: IpcMainLike & { readonly channels: string[] };
  ipcRenderer: IpcRendererLike & { listenerCount(channel: string): number };
  /** The main → renderer direction (webContents.send). */
  webContents: { send(channel: string, ...args: unknown[]): void };
  /** The frame the renderer side claims to be; tests change its URL to play an untrusted frame. */
  senderFrame: { url: string } | null;
}

export function createMemoryIpc(frameUrl = 'app://benchphant/'): MemoryIpc {
  const handlers = new Map<string, InvokeHandler>();
  const listeners = new Map<string, Set<RendererListener>>();

  const pair: MemoryIpc = {
    senderFrame: { url: frameUrl },
    ipcMain: {
      get channels() {
        return [...handlers.keys()];
      },
      handle(channel, listener) {
        if (handlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler(channel) {
        handlers.delete(channel);
      },
    },
    ipcRenderer: {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel);
        if (!handler)
          throw new Error(
            `Error invoking remote method '${channel}': No handler registered for '${channel}'`,
          );
        const frame: SenderFrameLike | null = pair.senderFrame ? { ...pair.senderFrame } : null;
        const result = await handler({ senderFrame: frame }, ...structuredClone(args));
        return structuredClone(result);
      },
      on(channel, listener) {
        const set = listeners.get(channel) ?? new Set<RendererListener>();
        listeners.set(channel, set.add(listener));
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener);
      },
      listenerCount(channel) {
        return listeners.get(channel)?.size ?? 0;
      },
    },
    webContents: {
      send(channel, ...args) {
        const cloned = structuredClone(args);
        queueMicrotask(() => {
          for (const listener of listeners.get(channel) ?? [])
            listener({ sender: null }, ...cloned);
        });
      },
    },
  };
  return pair;
}
