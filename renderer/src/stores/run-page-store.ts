// Runs in the renderer. One run's page: its full status and every interval, kept current while it
// runs, and what the page does with it (export, re-run, tags and notes, delete, the runs it can be
// compared with). Its actions are the only callers of the API for that page.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  ACTIVE_STATUSES,
  type RunInterval,
  type RunStatusView,
  type RunSummary,
} from '../../../shared/contract/benchmarks';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import type { LoadStatus } from './load-status';
import type { ResultFile } from './results-store';

export type ExportFormat = 'json' | 'csv' | 'html';

export interface RunPageState {
  id: string | null;
  loadStatus: LoadStatus;
  /** Why the run could not be loaded (e.g. it was deleted). */
  error: string | null;
  run: RunStatusView | null;
  intervals: readonly RunInterval[];
  /** Why the last action failed, for the page to show beside its actions. */
  actionError: string | null;
  /** Every other finished run, for "Compare with…" (loaded when asked). */
  others: readonly RunSummary[];
  open: (id: string) => Promise<void>;
  exportRun: (format: ExportFormat) => Promise<ResultFile | null>;
  /** Starts the same configuration again on the same connection; resolves with the new run's id. */
  rerun: () => Promise<string | null>;
  /** Rejects with the API's message, for the dialog to show. */
  updateRun: (id: string, patch: { tags: string[]; notes: string }) => Promise<RunSummary>;
  remove: () => Promise<void>;
  loadOthers: () => Promise<void>;
  /**
   * Lets go of the page's run when the page closes: an hour's intervals kept after leaving were a
   * quarter of the heap every later garbage collection copied (during a live run, a long task).
   */
  close: () => void;
}

export type RunPageStore = StoreApi<RunPageState> & { dispose(): void };

/**
 * Intervals asked for in one call: a few hundred kilobytes, which the page receives and decodes in
 * a few milliseconds. A one-hour run's 3 600 in one answer were megabytes, taken in as one task.
 */
export const INTERVAL_PAGE = 600;

/** Every interval of a run, a page at a time (a page shorter than asked for is the last). */
async function allIntervals(client: ApiClient, id: string): Promise<RunInterval[]> {
  const all: RunInterval[] = [];
  for (;;) {
    const page = await client.call('runs.intervals', {
      id,
      offset: all.length,
      limit: INTERVAL_PAGE,
    });
    for (const i of page) all.push(i);
    if (page.length < INTERVAL_PAGE) return all;
  }
}

export function createRunPageStore(client: ApiClient): RunPageStore {
  let seq = 0;

  const store = createStore<RunPageState>()((set, get) => ({
    id: null,
    loadStatus: 'idle',
    error: null,
    run: null,
    intervals: [],
    actionError: null,
    others: [],
    async open(id) {
      const mine = ++seq;
      // Another run's page starts empty; the same run's reload keeps its figures on screen.
      if (get().id !== id)
        set({
          id,
          loadStatus: 'loading',
          run: null,
          intervals: [],
          error: null,
          actionError: null,
        });
      try {
        const [run, intervals] = await Promise.all([
          client.call('runs.get', { id }),
          allIntervals(client, id),
        ]);
        if (mine === seq) set({ run, intervals, loadStatus: 'ready', error: null });
      } catch (err) {
        if (mine === seq) set({ loadStatus: 'error', error: errorMessage(err) });
      }
    },
    async exportRun(format) {
      const id = get().id;
      if (!id) return null;
      try {
        set({ actionError: null });
        if (format === 'html') {
          const file = await client.call('results.report', { run_ids: [id], baseline_id: id });
          return { filename: file.filename, mediaType: file.media_type, content: file.html };
        }
        const file = await client.call('results.export', { id, format });
        return { filename: file.filename, mediaType: file.media_type, content: file.content };
      } catch (err) {
        set({ actionError: errorMessage(err) });
        return null;
      }
    },
    async rerun() {
      const run = get().run;
      if (!run) return null;
      try {
        set({ actionError: null });
        const started = await client.call('runs.start', {
          ...run.config,
          connection_id: run.connection_id,
        });
        return started.id;
      } catch (err) {
        set({ actionError: errorMessage(err) });
        return null;
      }
    },
    async updateRun(id, patch) {
      const updated = await client.call('runs.update', { id, ...patch });
      set((s) => (s.run && s.run.id === id ? { run: { ...s.run, ...updated } } : s));
      return updated;
    },
    async remove() {
      const id = get().id;
      if (!id) return;
      await client.call('runs.delete', { id });
      get().close();
    },
    close() {
      seq++;
      set({ id: null, run: null, intervals: [], others: [], loadStatus: 'idle', error: null });
    },
    async loadOthers() {
      const id = get().id;
      try {
        const runs = await client.call('runs.list', {});
        set({
          others: runs.filter((r) => r.id !== id && !ACTIVE_STATUSES.includes(r.status)),
        });
      } catch (err) {
        set({ actionError: errorMessage(err) });
      }
    },
  }));

  // A page opened on a live run follows it: intervals as they come, the whole status at each
  // phase change and at the end.
  const unsubscribe = client.on('runs.progressed', (p) => {
    const { id, run } = store.getState();
    if (p.id !== id || !run) return;
    if (p.phase === 'done' || p.status !== run.status) {
      void store.getState().open(p.id);
      return;
    }
    if (p.interval) {
      const interval = p.interval;
      store.setState((s) => ({ intervals: [...s.intervals, interval] }));
    }
  });

  return Object.assign(store, { dispose: unsubscribe });
}
