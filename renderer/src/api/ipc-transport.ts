// Runs in the Electron renderer. Calls and events through the preload's `window.benchphant`;
// it never touches ipcRenderer itself (the preload owns that).
import type { BenchphantBridge } from '../../../shared/bridge';
import { type Input, isEventName, isMethod, type Method } from '../../../shared/contract';
import { ApiError } from './api-error';
import type { LinkState, Transport } from './transport';

/** The main process counts as not responding once a heartbeat call has waited this long. */
const STALL_MS = 3_000;

/**
 * IPC cannot lose its link, but a blocked main process answers nothing: a light `app.health`
 * call every 1.5 s that stays unanswered for 3 s says so; its answer says it is back.
 */
function watchResponsive(bridge: BenchphantBridge, emit: (link: LinkState) => void): () => void {
  let since: number | null = null;
  let state: LinkState = 'open';
  const timer = setInterval(() => {
    if (since === null) {
      since = Date.now();
      void bridge
        .call('app.health', {})
        .catch(() => undefined)
        .finally(() => {
          since = null;
          if (state === 'unresponsive') emit((state = 'open'));
        });
    } else if (Date.now() - since >= STALL_MS && state === 'open') {
      emit((state = 'unresponsive'));
    }
  }, STALL_MS / 2);
  return () => clearInterval(timer);
}

export function isBridge(value: unknown): value is BenchphantBridge {
  if (typeof value !== 'object' || value === null) return false;
  return (
    'call' in value &&
    typeof value.call === 'function' &&
    'on' in value &&
    typeof value.on === 'function'
  );
}

export function createIpcTransport(bridge: BenchphantBridge): Transport {
  const listeners = new Set<(link: LinkState) => void>();
  let stop: (() => void) | null = null;
  return {
    // The heartbeat runs only while someone listens (the app's link store), never in a bare client.
    onLinkChange(listener) {
      listeners.add(listener);
      stop ??= watchResponsive(bridge, (link) => listeners.forEach((l) => l(link)));
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stop?.();
          stop = null;
        }
      };
    },
    call(method, input) {
      if (!isMethod(method))
        return Promise.reject(new ApiError('UNKNOWN_METHOD', `Unknown operation '${method}'.`));
      // The main process validates the input against the contract, as for every transport.
      return bridge.call<Method>(method, input as Input<Method>);
    },
    on(event, listener) {
      if (!isEventName(event)) return () => undefined;
      return bridge.on(event, listener);
    },
  };
}
