// Runs in the renderer. Benchmark runs: the saved list, starting and stopping a run, and the open
// run's live intervals (bounded, published at most 4 times a second). An interval costs the same
// whatever the run's length: it goes into a ring the open run's view follows (the state says how
// many arrived, never a new copy of them all). Its actions are the only callers of the runs.* API.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input, Payload } from '../../../shared/contract';
import type {
  BenchTables,
  RunInterval,
  RunStatusView,
  RunSummary,
} from '../../../shared/contract/benchmarks';
import { errorMessage } from '../api/api-error';
import { type ReadonlyRing, RingBuffer } from '../charts/ring-buffer';
import type { ApiClient } from '../api/client';
import { type LoadStatus, loadInto, startAndOpen } from './load-status';

/** An hour of 1 s intervals; older ones stay on the server and come back when the run is reopened. */
export const INTERVAL_CAPACITY = 3600;
const PUBLISH_EVERY_MS = 250;

export interface LiveProgress {
  phase: Payload<'runs.progressed'>['phase'];
  progress: number;
  rowsPerS: number | null;
  /** While preparing: rows written of rows planned, and seconds left (null while nothing moves). */
  rowsDone: number | null;
  rowsTotal: number | null;
  etaS: number | null;
}

export interface OpenRun {
  run: RunStatusView;
  /** The newest INTERVAL_CAPACITY intervals, filled in place as they arrive. */
  intervals: ReadonlyRing<RunInterval>;
  /** `intervals.received` when this state was published: a new count is a new interval. */
  received: number;
  live: LiveProgress;
}

export interface BenchmarksState {
  runs: readonly RunSummary[];
  loadStatus: LoadStatus;
  error: string | null;
  /** The run on screen: its status, intervals so far and live progress. */
  open: OpenRun | null;
  starting: boolean;
  startError: string | null;
  load: () => Promise<void>;
  start: (input: Input<'runs.start'>) => Promise<string | null>;
  openRun: (id: string) => Promise<void>;
  cancel: () => Promise<void>;
  remove: (id: string) => Promise<void>;
  /** The settings of the newest run on a connection (null when it has none): New run starts from them. */
  lastSettings: (connectionId: string) => Promise<RunStatusView['config'] | null>;
  /** Benchphant's tables in a schema of a connection, with their size. */
  benchTables: (connectionId: string, schema: string) => Promise<BenchTables>;
  /** Drops them; resolves with the server's account of what went. */
  dropBenchTables: (connectionId: string, schema: string) => Promise<string>;
}

export type BenchmarksStore = StoreApi<BenchmarksState> & { dispose(): void };

export function createBenchmarksStore(
  client: ApiClient,
  now: () => number = () => Date.now(),
): BenchmarksStore {
  const buffer = new RingBuffer<RunInterval>(INTERVAL_CAPACITY);
  let live: LiveProgress | null = null;
  let lastPublish = Number.NEGATIVE_INFINITY;
  let pending: ReturnType<typeof setTimeout> | null = null;
  let openSeq = 0;

  const store = createStore<BenchmarksState>()((set, get) => ({
    runs: [],
    loadStatus: 'idle',
    error: null,
    open: null,
    starting: false,
    startError: null,
    load: () => loadInto(set, async () => ({ runs: await client.call('runs.list') })),
    start: (input) =>
      startAndOpen(
        set,
        () => client.call('runs.start', input),
        (id) => get().openRun(id),
        () => get().load(),
      ),
    async lastSettings(connectionId) {
      // The run history is the memory: it survives a restart and is the same in every client.
      const [newest] = await client.call('runs.list', { connection_id: connectionId });
      return newest ? (await client.call('runs.get', { id: newest.id })).config : null;
    },
    benchTables: (connectionId, schema) =>
      client.call('benchmarks.tables', { connection_id: connectionId, schema }),
    async dropBenchTables(connectionId, schema) {
      const r = await client.call('benchmarks.dropTables', { connection_id: connectionId, schema });
      return r.message;
    },
    async openRun(id) {
      const seq = ++openSeq;
      try {
        const [run, intervals] = await Promise.all([
          client.call('runs.get', { id }),
          client.call('runs.intervals', { id }),
        ]);
        if (seq !== openSeq) return;
        buffer.reset(intervals);
        live = {
          phase: run.phase,
          progress: run.progress,
          rowsPerS: null,
          rowsDone: null,
          rowsTotal: null,
          etaS: null,
        };
        set({ open: { run, intervals: buffer, received: buffer.received, live }, error: null });
      } catch (err) {
        if (seq === openSeq) set({ error: errorMessage(err) });
      }
    },
    async cancel() {
      const id = get().open?.run.id;
      if (!id) return;
      try {
        await client.call('runs.cancel', { id });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    async remove(id) {
      try {
        await client.call('runs.delete', { id });
        if (get().open?.run.id === id) set({ open: null });
        await get().load();
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
  }));

  const publish = () => {
    pending = null;
    lastPublish = now();
    const open = store.getState().open;
    if (open && live) store.setState({ open: { ...open, received: buffer.received, live } });
  };

  const unsubscribe = client.on('runs.progressed', (p) => {
    const open = store.getState().open;
    if (!open || open.run.id !== p.id) return;
    if (p.interval) buffer.push(p.interval);
    live = {
      phase: p.phase,
      progress: p.progress,
      rowsPerS: p.rows_per_s,
      rowsDone: p.rows_done,
      rowsTotal: p.rows_total,
      etaS: p.eta_s,
    };
    if (p.phase === 'done' || p.status !== open.run.status) {
      // A phase change or the end: fetch the whole status (final metrics, message) and the list.
      void store.getState().openRun(p.id);
      void store.getState().load();
      return;
    }
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
