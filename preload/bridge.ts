// Runs in the preload (sandboxed, isolated world). Builds the bridge the renderer sees from the
// contract's names; it must never forward a channel or a name the contract does not declare.
import type { BenchphantBridge } from '../shared/bridge';
import { type EventName, isEventName, isMethod } from '../shared/contract';
import type { Envelope } from '../shared/errors';
import { IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } from '../shared/transport';

/** The part of Electron's ipcRenderer the bridge uses, so tests can pass an in-memory one. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Listener = (payload: unknown) => void;

function isEventMessage(value: unknown): value is { event: EventName; payload: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const event = (value as { event?: unknown }).event;
  return typeof event === 'string' && isEventName(event);
}

export function createBridge(ipcRenderer: IpcRendererLike): BenchphantBridge {
  const listeners = new Map<EventName, Set<Listener>>();
  // One IPC listener for all events, attached while anyone listens: nothing leaks per subscriber.
  const onEvent = (_event: unknown, message: unknown) => {
    if (!isEventMessage(message)) return;
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  };
  const total = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);

  // The renderer is untrusted: names arrive as whatever it passes, whatever the types say.
  const call = async (method: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (typeof method !== 'string' || !isMethod(method)) {
      const name = typeof method === 'string' ? method.slice(0, 80) : typeof method;
      return {
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: `Unknown operation '${name}'.` },
      };
    }
    return (await ipcRenderer.invoke(IPC_CALL_PREFIX + method, input)) as Envelope<unknown>;
  };

  const on = (event: unknown, listener: unknown): (() => void) => {
    if (typeof event !== 'string' || !isEventName(event))
      throw new TypeError(`Unknown event '${String(event)}'`);
    if (typeof listener !== 'function') throw new TypeError('An event listener must be a function');
    if (total() === 0) ipcRenderer.on(IPC_EVENT_CHANNEL, onEvent);
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set.add(listener as Listener));
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(listener as Listener);
      if (total() === 0) ipcRenderer.removeListener(IPC_EVENT_CHANNEL, onEvent);
    };
  };

  return { call, on } as BenchphantBridge;
}
