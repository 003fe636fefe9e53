// Runs in the renderer. Host metrics: live samples in a bounded ring buffer published at most
// 4 times a second, plus history and compare queries. Its actions are the only metrics API callers.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input } from '../../../shared/contract';
import type {
  CompareResult,
  HistoryResult,
  MetricsMessage,
} from '../../../shared/contract/metrics';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import { type LoadStatus, loadInto } from './load-status';

/** 15 minutes at 1 s, 75 minutes at the default 5 s. */
export const LIVE_CAPACITY = 900;
const PUBLISH_EVERY_MS = 250;

export interface QueryState<T> {
  status: LoadStatus;
  result: T | null;
  error: string | null;
}

export interface MetricsState {
  /** Oldest first; a snapshot of the ring buffer, replaced (never mutated) on publish. */
  live: readonly MetricsMessage[];
  sampling: boolean;
  intervalSeconds: number | null;
  loadStatus: LoadStatus;
  error: string | null;
  history: QueryState<HistoryResult>;
  compare: QueryState<CompareResult>;
  load: () => Promise<void>;
  loadHistory: (input: Input<'history.metrics'>) => Promise<void>;
  loadCompare: (input: Input<'history.compare'>) => Promise<void>;
}

export type MetricsStore = StoreApi<MetricsState> & { dispose(): void };

const idle = { status: 'idle', result: null, error: null } as const;

class Ring<T> {
  private items: T[] = [];
  constructor(private readonly capacity: number) {}
  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }
  snapshot(): readonly T[] {
    return this.items.slice();
  }
}

export function createMetricsStore(
  client: ApiClient,
  now: () => number = () => Date.now(),
): MetricsStore {
  const ring = new Ring<MetricsMessage>(LIVE_CAPACITY);
  let lastPublish = Number.NEGATIVE_INFINITY;
  let pending: ReturnType<typeof setTimeout> | null = null;
  let historySeq = 0;
  let compareSeq = 0;

  const store = createStore<MetricsState>()((set) => ({
    live: [],
    sampling: false,
    intervalSeconds: null,
    loadStatus: 'idle',
    error: null,
    history: idle,
    compare: idle,
    load: () =>
      loadInto(set, async () => {
        const current = await client.call('metrics.current');
        if (current.sample && ring.snapshot().length === 0) ring.push(current.sample);
        return {
          sampling: current.sampling,
          intervalSeconds: current.interval_seconds,
          live: ring.snapshot(),
        };
      }),
    async loadHistory(input) {
      // Only the latest request may write: a slow older answer must not replace a newer range.
      const seq = ++historySeq;
      set((s) => ({ history: { ...s.history, status: 'loading', error: null } }));
      try {
        const result = await client.call('history.metrics', input);
        if (seq === historySeq) set({ history: { status: 'ready', result, error: null } });
      } catch (err) {
        if (seq === historySeq)
          set((s) => ({ history: { ...s.history, status: 'error', error: errorMessage(err) } }));
      }
    },
    async loadCompare(input) {
      const seq = ++compareSeq;
      set((s) => ({ compare: { ...s.compare, status: 'loading', error: null } }));
      try {
        const result = await client.call('history.compare', input);
        if (seq === compareSeq) set({ compare: { status: 'ready', result, error: null } });
      } catch (err) {
        if (seq === compareSeq)
          set((s) => ({ compare: { ...s.compare, status: 'error', error: errorMessage(err) } }));
      }
    },
  }));

  const publish = () => {
    pending = null;
    lastPublish = now();
    store.setState({ live: ring.snapshot(), sampling: true });
  };
  const unsubscribe = client.on('metrics.sampled', (message) => {
    ring.push(message);
    if (pending) return;
    const wait = lastPublish + PUBLISH_EVERY_MS - now();
    if (wait <= 0) publish();
    else pending = setTimeout(publish, wait);
  });

  return Object.assign(store, {
    dispose() {
      unsubscribe();
      if (pending) clearTimeout(pending);
    },
  });
}
