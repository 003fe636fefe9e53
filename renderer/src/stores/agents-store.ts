// Runs in the renderer. The agents of the distributed run on screen: their state, clock and
// throughput (`runs.agents`). Its load action is the only caller of that operation.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunTopology } from '../../../shared/contract/agents';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';

export interface AgentsState {
  runId: string | null;
  topology: RunTopology | null;
  error: string | null;
  /** Loads (or reloads) the agents of run `id`; another run's answer never overwrites it. */
  load: (id: string) => Promise<void>;
}

export type AgentsStore = StoreApi<AgentsState>;

export function createAgentsStore(client: ApiClient): AgentsStore {
  let seq = 0;
  return createStore<AgentsState>()((set, get) => ({
    runId: null,
    topology: null,
    error: null,
    async load(id) {
      const mine = ++seq;
      if (get().runId !== id) set({ runId: id, topology: null, error: null });
      try {
        const topology = await client.call('runs.agents', { id });
        if (mine === seq) set({ topology, error: null });
      } catch (err) {
        if (mine === seq) set({ error: errorMessage(err) });
      }
    },
  }));
}
