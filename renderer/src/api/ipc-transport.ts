// Runs in the Electron renderer. Calls and events through the preload's `window.benchphant`;
// it never touches ipcRenderer itself (the preload owns that).
import type { BenchphantBridge } from '../../../shared/bridge';
import { type Input, isEventName, isMethod, type Method } from '../../../shared/contract';
import { ApiError } from './api-error';
import type { Transport } from './transport';

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
  return {
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
