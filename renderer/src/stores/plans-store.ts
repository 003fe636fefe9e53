// Runs in the renderer. Run plans: the saved list, starting and cancelling a plan, the open plan's
// live progress and results, and a finished run's settings as a plan's base. Its actions are the
// only callers of the plans.* API.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input, Payload } from '../../../shared/contract';
import type { RunStatusView } from '../../../shared/contract/benchmarks';
import type { PlanSummary, PlanView } from '../../../shared/contract/plans';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import { type LoadStatus, loadInto, startAndOpen } from './load-status';

export type PlanInput = Input<'plans.start'>;
export type RunConfig = RunStatusView['config'];

export interface PlansState {
  plans: readonly PlanSummary[];
  loadStatus: LoadStatus;
  error: string | null;
  /** The plan on screen, kept current by plans.progressed. */
  open: PlanView | null;
  starting: boolean;
  startError: string | null;
  load: () => Promise<void>;
  start: (input: PlanInput) => Promise<string | null>;
  openPlan: (id: string) => Promise<void>;
  cancel: () => Promise<void>;
  /** The settings a finished run was measured with, to use as a plan's base; null on error. */
  runConfig: (runId: string) => Promise<RunConfig | null>;
}

export type PlansStore = StoreApi<PlansState> & { dispose(): void };

export function createPlansStore(client: ApiClient): PlansStore {
  let openSeq = 0;
  const store = createStore<PlansState>()((set, get) => ({
    plans: [],
    loadStatus: 'idle',
    error: null,
    open: null,
    starting: false,
    startError: null,
    load: () => loadInto(set, async () => ({ plans: await client.call('plans.list') })),
    start: (input) =>
      startAndOpen(
        set,
        () => client.call('plans.start', input),
        (id) => get().openPlan(id),
        () => get().load(),
      ),
    async openPlan(id) {
      const seq = ++openSeq;
      try {
        const plan = await client.call('plans.get', { id });
        if (seq === openSeq) set({ open: plan, error: null });
      } catch (err) {
        if (seq === openSeq) set({ error: errorMessage(err) });
      }
    },
    async cancel() {
      const id = get().open?.id;
      if (!id) return;
      try {
        await client.call('plans.cancel', { id });
        await Promise.all([get().openPlan(id), get().load()]);
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    async runConfig(runId) {
      try {
        return (await client.call('runs.get', { id: runId })).config;
      } catch (err) {
        set({ error: errorMessage(err) });
        return null;
      }
    },
  }));

  const onProgress = (p: Payload<'plans.progressed'>) => {
    // A plan started elsewhere (the CLI, another window) or one that ended shows in the list.
    const listed = store.getState().plans.find((x) => x.id === p.id);
    if (!listed || listed.status !== p.status || listed.runs_done !== p.runs_done)
      void store.getState().load();
    const open = store.getState().open;
    if (!open || open.id !== p.id) return;
    // A run ended or the plan did: fetch its figures; otherwise the progress is enough.
    if (p.runs_done !== open.runs_done || p.status !== open.status)
      void store.getState().openPlan(p.id);
    store.setState({
      open: {
        ...open,
        status: p.status,
        progress: p.progress,
        runs_total: p.runs_total,
        current_run_id: p.current_run_id,
        message: p.message,
      },
    });
  };
  const unsubscribe = client.on('plans.progressed', onProgress);

  return Object.assign(store, { dispose: unsubscribe });
}
