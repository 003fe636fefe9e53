// Runs in the renderer. The typed client generated from the contract: call() checks the envelope
// and the output against the contract, on() checks event payloads. Only store actions call it.
import {
  type EventName,
  events,
  type Input,
  isEventName,
  type Method,
  operations,
  type Output,
  type Payload,
} from '../../../shared/contract';
import { isWireError } from '../../../shared/errors';
import { ApiError } from './api-error';
import { slicedParse } from './sliced-parse';
import type { LinkState, Transport } from './transport';

/** Operations whose input has defaults for everything may be called without one. */
type InputArgs<M extends Method> =
  undefined extends Input<M> ? [input?: Input<M>] : [input: Input<M>];

export interface ApiClient {
  /** See Transport.remote: whether the core may read files of this machine for the page. */
  readonly remote: boolean;
  call<M extends Method>(method: M, ...args: InputArgs<M>): Promise<Output<M>>;
  on<E extends EventName>(event: E, listener: (payload: Payload<E>) => void): () => void;
  onLinkChange(listener: (link: LinkState) => void): () => void;
}

function unwrap(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || !('ok' in raw)) {
    throw new ApiError(
      'BAD_RESPONSE',
      'An answer from Benchphant was not understood; reload the page.',
    );
  }
  if (raw.ok === true && 'value' in raw) return raw.value;
  if (raw.ok === false && 'error' in raw && isWireError(raw.error)) {
    throw new ApiError(raw.error.code, raw.error.message);
  }
  throw new ApiError(
    'BAD_RESPONSE',
    'An answer from Benchphant was not understood; reload the page.',
  );
}

export function createClient(transport: Transport): ApiClient {
  // The transport hands one event's payload to every listener of it (a run's progress has three):
  // it is checked once, not once per listener — the last payload of each event and its result.
  const checked = new Map<
    EventName,
    { raw: unknown; result: { success: boolean; data?: unknown } }
  >();
  const check = (event: EventName, raw: unknown) => {
    const last = checked.get(event);
    if (last && last.raw === raw) return last.result;
    const result = events[event].payload.safeParse(raw);
    checked.set(event, { raw, result });
    return result;
  };
  return {
    remote: transport.remote === true,
    async call<M extends Method>(method: M, ...args: InputArgs<M>): Promise<Output<M>> {
      const value = unwrap(await transport.call(method, args[0] ?? {}));
      // Large answers (a one-hour run's intervals) are checked in slices that keep the page live.
      const parsed = await slicedParse(operations[method].output, value);
      if (!parsed.success) {
        throw new ApiError(
          'BAD_RESPONSE',
          'An answer does not match what this version of Benchphant expects; reload the page.',
        );
      }
      return parsed.data as Output<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: Payload<E>) => void): () => void {
      if (!isEventName(event)) throw new ApiError('BAD_INPUT', `Unknown event '${String(event)}'.`);
      return transport.on(event, (payload) => {
        // A payload that does not match the contract is dropped: listeners only see valid data.
        const parsed = check(event, payload);
        if (parsed.success) listener(parsed.data as Payload<E>);
      });
    },
    onLinkChange(listener) {
      return transport.onLinkChange?.(listener) ?? (() => undefined);
    },
  };
}
