// Runs in the main process, server and CLI, from the owner's start-up sweep (after recovery).
// Debris a killed process left on key-space servers (Redis) used by this data directory's
// workspaces and tenants, removed by each engine's `KeyspaceTenancy.sweep`: restores' scratch key
// spaces (only after a crash: finding them SCANs every key) and migrations' ACL users (every
// start: one ACL USERS). What an unfinished intent still names is left alone.
import type { IntentRow, Journal } from '../journal/journal';
import type { Logger } from '../logging/logger';
import type { Sweeper } from '../journal/recovery';
import type { Servers } from './servers';

export interface KeyspaceDebrisDeps {
  servers: Servers;
  journal: Journal;
  /** The connections workspaces and tenants use. */
  connectionIds: () => string[];
  /** Where a server that could not be swept is reported (the sweep goes on with the others). */
  logger: Pick<Logger, 'warn'>;
}

const named = (intents: IntentRow[], keys: string[]) =>
  intents.flatMap((i) => keys.map((k) => i.payload[k]).filter((v) => typeof v === 'string'));

/** The connection's name for the log, or its id where the connection is gone. */
function connectionName(deps: KeyspaceDebrisDeps, id: string): string {
  try {
    return deps.servers.anyConnection(id).name;
  } catch {
    return `connection ${id}`;
  }
}

function sweeper(deps: KeyspaceDebrisDeps, scratch: boolean): Sweeper {
  const name = scratch ? 'scratch key spaces' : 'migration users';
  return {
    name,
    ...(scratch ? { onlyAfterCrash: true } : {}),
    sweep: async () => {
      const open = deps.journal.open();
      const keepScratch = named(open, ['fresh', 'old']);
      const busy = open.map((i) => i.target);
      const tag = deps.journal.instanceTag();
      const removed: string[] = [];
      for (const id of new Set(deps.connectionIds())) {
        // A server that cannot be reached now is swept at a later start; the others go on now.
        try {
          const ks = deps.servers.keyspaces(id);
          if (!ks) continue;
          const params = await deps.servers.engineParams(id);
          const kind = scratch ? 'scratch' : 'users';
          const gone = await ks.sweep(params, { tag, kind, keepScratch, busy });
          removed.push(...gone.map((g) => `${g} (on ${connectionName(deps, id)})`));
        } catch (err) {
          const why = err instanceof Error ? err.message : String(err);
          deps.logger.warn(
            `could not remove ${name} on ${connectionName(deps, id)} (tried again at the next start): ${why}`,
          );
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
