// Runs in the renderer. The shape of `window.benchphant`, which Electron's preload exposes; the
// renderer only reads it through the ipc transport and never reaches past it into Electron.
import type { EventName, Method } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';

export interface BenchphantBridge {
  call(method: Method, input: unknown): Promise<Envelope<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}
