// Runs in the renderer (as `window.benchphant`) and in the preload that builds it. The shape of
// the Electron bridge: contract calls and contract events only, never a generic channel.
import type { EventName, Input, Method, Output, Payload } from './contract';
import type { Envelope } from './errors';

export interface BenchphantBridge {
  /** One contract operation; the main process validates the input and answers with an envelope. */
  call<M extends Method>(method: M, input: Input<M>): Promise<Envelope<Output<M>>>;
  /** Listen to one contract event; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: Payload<E>) => void): () => void;
}

/** The name under which the preload exposes the bridge on `window`. */
export const BRIDGE_KEY = 'benchphant';
