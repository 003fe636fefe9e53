// Runs in unit tests (and anywhere the core runs in the same process). Hands calls to a function,
// usually the real dispatcher, and copies every message as the wire would, so no object is shared.

import type { Transport } from './transport';

/** The shape of the core's event bus, so tests can pass it directly. */
export interface MemoryEventSource {
  subscribe(listener: (e: { event: string; payload: unknown }) => void): () => void;
}

const overTheWire = <T>(value: T): T =>
  value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);

export function createMemoryTransport(
  call: (method: string, input: unknown) => Promise<unknown>,
  source?: MemoryEventSource,
): Transport {
  return {
    async call(method, input) {
      return overTheWire(await call(method, overTheWire(input)));
    },
    on(event, listener) {
      if (!source) return () => undefined;
      return source.subscribe((e) => {
        if (e.event === event) listener(overTheWire(e.payload));
      });
    },
  };
}
