// Runs in the main process, server and CLI, from the owner's start-up sweep (after recovery).
// Debris a killed process left on key-space servers (Redis) used by this data directory's
// workspaces and tenants, removed by each engine's `KeyspaceTenancy.sweep`: restores' scratch key
// spaces (only after a crash: finding them SCANs every key) and migrations' ACL users (every
// start: one ACL USERS). What an unfinished intent still names is left alone.
import type { IntentRow, Journal } from '../journal/journal';
import type { Sweeper } from '../journal/recovery';
import type { Servers } from './servers';

export interface KeyspaceDebrisDeps {
  servers: Servers;
  journal: Journal;
  /** The connections workspaces and tenants use. */
  connectionIds: () => string[];
}

const named = (intents: IntentRow[], keys: string[]) =>
  intents.flatMap((i) => keys.map((k) => i.payload[k]).filter((v) => typeof v === 'string'));

function sweeper(deps: KeyspaceDebrisDeps, scratch: boolean): Sweeper {
  return {
    name: scratch ? 'scratch key spaces' : 'migration users',
    ...(scratch ? { onlyAfterCrash: true } : {}),
    sweep: async () => {
      const open = deps.journal.open();
      const keepScratch = named(open, ['fresh', 'old']);
      const busy = open.map((i) => i.target);
      const tag = deps.journal.instanceTag();
      const removed: string[] = [];
      for (const id of new Set(deps.connectionIds())) {
        // A server that cannot be reached now (or a deleted connection) is swept at a later start.
        try {
          const ks = deps.servers.keyspaces(id);
          if (!ks) continue;
          const params = await deps.servers.engineParams(id);
          const kind = scratch ? 'scratch' : 'users';
          const gone = await ks.sweep(params, { tag, kind, keepScratch, busy });
          const where = deps.servers.anyConnection(id).name;
          removed.push(...gone.map((g) => `${g} (on ${where})`));
        } catch {
          continue;
        }
      }
      return removed;
    },
  };
}

export const keyspaceDebrisSweepers = (deps: KeyspaceDebrisDeps): Sweeper[] => [
  sweeper(deps, true),
  sweeper(deps, false),
];
