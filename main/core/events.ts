// Runs in the main process, server and CLI. The typed event bus services publish to; each
// transport subscribes and forwards. Listeners must not throw into the publisher.
import type { EventName, Payload } from '../../shared/contract';

export type AnyEvent = { [E in EventName]: { event: E; payload: Payload<E> } }[EventName];
export type EventListener = (e: AnyEvent) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: Payload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(onListenerError?: (err: unknown) => void): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      const e = { event, payload } as AnyEvent;
      for (const l of listeners) {
        try {
          l(e);
        } catch (err) {
          onListenerError?.(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
