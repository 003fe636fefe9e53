// Runs in the main process, server and CLI, from the start-up recovery pass. Finishes or undoes a
// rollback or backup a crash cut short (from its journal intent), and sweeps what no intent owns:
// dump files never catalogued, and this data directory's scratch databases on tenant servers.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sqlEngineOf } from '../../engines/registry';
import type { IntentRow, Journal, Recoverer } from '../../journal/journal';
import type { Sweeper } from '../../journal/recovery';
import type { Servers } from '../../tenants/servers';
import type { TenantRepository } from '../../tenants/store/tenant-repo';
import type { BackupCatalog } from './catalog';
import { dropDatabase, finishSwap } from './restore';

/** What a rollback's intent records: enough to find every database it touches. */
export interface RollbackPayload extends Record<string, unknown> {
  connection_id: string;
  database: string;
  /** The tenant's role (absent in intents from before key-space restores locked it). */
  role?: string;
  fresh: string;
  old: string;
  backup_id: string;
  backup_created_at: string;
}

export interface BackupPayload extends Record<string, unknown> {
  tenant_id: string;
  database: string;
  path: string;
}

export function rollbackRecoverer(servers: Servers): Recoverer {
  return async (intent) => {
    const p = intent.payload as RollbackPayload;
    const ks = servers.keyspaces(p.connection_id);
    if (ks) {
      const scratch = { fresh: p.fresh, old: p.old };
      const params = await servers.engineParams(p.connection_id);
      const did = await ks.finishRestore(params, {
        database: p.database,
        role: p.role ?? null,
        scratch,
        step: intent.step,
        payload: intent.payload,
      });
      return `the rollback of ${p.database} to the backup of ${p.backup_created_at} was cut short: ${did}.`;
    }
    return servers.with(p.connection_id, undefined, async (admin) => {
      if (intent.step !== 'swapping') {
        await dropDatabase(admin, p.fresh);
        return `the rollback of ${p.database} stopped before its restored copy was verified: dropped the scratch copy ${p.fresh}; ${p.database} is as it was.`;
      }
      const did = await finishSwap(admin, p.database, p.fresh, p.old);
      return `the rollback of ${p.database} to the backup of ${p.backup_created_at} stopped while swapping in the verified copy; ${did}`;
    });
  };
}

export function backupRecoverer(catalog: BackupCatalog): Recoverer {
  return (intent) => {
    const p = intent.payload as BackupPayload;
    const kept = catalog.ofTenant(p.tenant_id).some((r) => r.view.storage_path === p.path);
    if (kept) return Promise.resolve(`the backup of ${p.database} had been catalogued; kept.`);
    const written = existsSync(p.path);
    rmSync(p.path, { force: true });
    return Promise.resolve(
      `the backup of ${p.database} stopped before it was catalogued: ${written ? `removed the unfinished dump ${p.path}` : 'no dump had been written'}.`,
    );
  };
}

const owned = (intents: IntentRow[], key: string) =>
  new Set(intents.map((i) => i.payload[key]).filter((v): v is string => typeof v === 'string'));

/** Dump files under the backups folder that the catalog does not know and no backup is writing. */
export function partialDumpSweeper(dir: string, catalog: BackupCatalog, journal: Journal): Sweeper {
  return {
    name: 'partial dumps',
    sweep: () => {
      if (!existsSync(dir)) return Promise.resolve([]);
      const writing = owned(journal.open('backup'), 'path');
      const removed: string[] = [];
      for (const tenant of readdirSync(dir)) {
        const folder = join(dir, tenant);
        if (!statSync(folder).isDirectory()) continue;
        const known = new Set(catalog.ofTenant(tenant).map((r) => r.view.storage_path));
        for (const name of readdirSync(folder)) {
          const file = join(folder, name);
          if (!/\.(dump|sql)$/.test(name) || known.has(file) || writing.has(file)) continue;
          rmSync(file, { force: true });
          removed.push(file);
        }
      }
      return Promise.resolve(removed);
    },
  };
}

/**
 * This data directory's `bp_restore_<tag>_*` / `bp_replaced_<tag>_*` databases that no open
 * rollback names, on every server a tenant lives on. Untagged ones (another installation's, or
 * from before the journal) are left alone: they may be someone's only copy.
 */
export function scratchDatabaseSweeper(
  servers: Servers,
  tenants: TenantRepository,
  journal: Journal,
): Sweeper {
  return {
    name: 'scratch databases',
    onlyAfterCrash: true,
    sweep: async () => {
      const open = journal.open('rollback');
      const keep = new Set([...owned(open, 'fresh'), ...owned(open, 'old')]);
      const tag = journal.instanceTag();
      const removed: string[] = [];
      const connections = new Set(tenants.allDatabases().map((d) => d.connection_id));
      for (const id of connections) {
        // A server that cannot be reached now is swept at a later start.
        await servers
          .with(id, undefined, async (admin) => {
            const pattern = `bp\\_re%\\_${tag}\\_%`;
            const names = await sqlEngineOf(admin.type).tenants.backups.databasesLike(
              admin,
              pattern,
            );
            for (const name of names) {
              if (!/^bp_(restore|replaced)_/.test(name) || keep.has(name)) continue;
              await dropDatabase(admin, name);
              removed.push(`${name} (on ${servers.connection(id).name})`);
            }
          })
          .catch(() => undefined);
      }
      return removed;
    },
  };
}
