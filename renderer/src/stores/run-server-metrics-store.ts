// Runs in the renderer. The database's and its server host's figures over one run, per report
// interval, for the run page's section; loaded when that section opens, reloaded while the run
// goes. Its action is the only caller of results.serverMetrics.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunServerMetrics } from '../../../shared/contract/results';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import type { LoadStatus } from './load-status';

export interface RunServerMetricsState {
  runId: string | null;
  loadStatus: LoadStatus;
  error: string | null;
  figures: RunServerMetrics | null;
  load: (runId: string) => Promise<void>;
}

export type RunServerMetricsStore = StoreApi<RunServerMetricsState>;

export function createRunServerMetricsStore(client: ApiClient): RunServerMetricsStore {
  let seq = 0;
  return createStore<RunServerMetricsState>()((set, get) => ({
    runId: null,
    loadStatus: 'idle',
    error: null,
    figures: null,
    async load(runId) {
      const mine = ++seq;
      // Another run's section starts empty; a reload of the same run keeps its charts on screen.
      if (get().runId !== runId) set({ runId, loadStatus: 'loading', figures: null, error: null });
      try {
        const figures = await client.call('results.serverMetrics', { id: runId });
        if (mine === seq) set({ figures, loadStatus: 'ready', error: null });
      } catch (err) {
        if (mine === seq) set({ loadStatus: 'error', error: errorMessage(err) });
      }
    },
  }));
}
