// Runs in the main process, server and CLI. A tenant's query log, its statistics and metrics (the
// spec's shape), and the hook that makes every session on a tenant database log its statements.
import {
  type QueryLog,
  SINCE_MS,
  type TenantLogSettings,
} from '../../../../shared/contract/tenant-ops';
import { AppError } from '../../../../shared/errors';
import type { DbClient } from '../../db/client';
import { engineOf, sqlEngineOf } from '../../engines/registry';
import { DATABASE_LABEL } from '../../tenants/names';
import type { CommandLogEntry, Servers } from '../../tenants/servers';
import type { TenantRepository } from '../../tenants/store/tenant-repo';
import { NO_SERVER_YET } from '../../tenants/tenants/awaiting';
import { loggedClient } from './logged-client';
import type { QueryLogStore } from './store';

type Since = keyof typeof SINCE_MS;

export interface TenantLogDeps {
  store: QueryLogStore;
  tenants: TenantRepository;
  servers: Servers;
  /** A tenant's own slow-query threshold (its workspaces' setting), or null for the global one. */
  slowQueryMs?: (tenantId: string) => number | null;
  now?: () => number;
}

export class TenantLogs {
  private readonly now: () => number;

  constructor(private readonly deps: TenantLogDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** `client` itself when the database is no tenant's; otherwise the same session, logging. */
  private owner(connectionId: string, database: string) {
    return this.deps.tenants
      .allDatabases()
      .find((d) => d.connection_id === connectionId && d.database === database);
  }

  wrap(client: DbClient, connectionId: string, database: string): DbClient {
    const owner = this.owner(connectionId, database);
    return owner ? loggedClient(client, this.deps.store, owner.tenant_id, database) : client;
  }

  /** A command run on a tenant's key space (Redis admin commands), into the tenant's log. */
  logCommand(connectionId: string, database: string, e: CommandLogEntry): void {
    const owner = this.owner(connectionId, database);
    if (!owner) return;
    this.deps.store.add({
      tenantId: owner.tenant_id,
      database,
      at: e.at,
      durationMs: e.durationMs,
      rows: e.rows,
      error: e.error,
      query: e.command,
    });
  }

  private known(tenantId: string): void {
    if (!this.deps.tenants.get(tenantId))
      throw new AppError('NOT_FOUND', `No tenant '${tenantId}'.`);
  }

  logs(
    tenantId: string,
    o: { type?: 'error' | 'slow'; since: Since; limit: number; before?: number },
  ): { success: true; tenant_id: string; logs: QueryLog[]; count: number; has_more: boolean } {
    this.known(tenantId);
    const page = this.deps.store.page(tenantId, o, this.now(), this.slowMs(tenantId));
    return {
      success: true,
      tenant_id: tenantId,
      logs: page.logs,
      count: page.logs.length,
      has_more: page.hasMore,
    };
  }

  private slowMs(tenantId: string): number | null {
    return this.deps.slowQueryMs?.(tenantId) ?? null;
  }

  stats(tenantId: string, since: Since) {
    this.known(tenantId);
    const slowMs = this.slowMs(tenantId);
    const a = this.deps.store.aggregate(tenantId, this.now() - SINCE_MS[since], slowMs);
    return {
      tenant_id: tenantId,
      since,
      total: a.total,
      errors: a.errors,
      slow: a.slow,
      avg_ms: a.avgMs,
      max_ms: a.maxMs,
      slow_query_ms: slowMs ?? this.deps.store.getSettings().slow_query_ms,
    };
  }

  async metrics(tenantId: string) {
    this.known(tenantId);
    // A database still waiting for its dedicated server (vm-ready) has nothing to measure yet.
    const dbs = this.deps.tenants
      .databases(tenantId)
      .filter((d) => d.connection_id !== NO_SERVER_YET);
    const level = Math.max(1, ...dbs.map((d) => d.isolation_level));
    const first = dbs[0];
    const type = first ? this.deps.servers.anyConnection(first.connection_id).type : 'postgresql';
    const dedicated = dbs.filter((d) => d.isolation_level === 2);
    const ks = engineOf(type).keyspaces;
    const database_metrics = ks
      ? // A key space is measured on any level: its keys, sampled memory and open sessions.
        {
          databases: await Promise.all(
            dbs.map(async (d) => {
              const params = await this.deps.servers.engineParams(d.connection_id);
              const size = await ks.size(params, d.database);
              return {
                database: d.database,
                size_bytes: size.memory_bytes,
                connections: await ks.sessions(params, d.role),
                keys: size.keys,
              };
            }),
          ),
        }
      : dedicated.length === 0
        ? {
            note: 'Storage and connection metrics are only available for tenants on a dedicated server (isolation level 2).',
          }
        : {
            databases: await Promise.all(
              dedicated.map((d) =>
                this.deps.servers.with(d.connection_id, undefined, async (admin) => ({
                  database: d.database,
                  ...(await sqlEngineOf(admin.type).tenants.metrics.databaseFigures(
                    admin,
                    d.database,
                  )),
                })),
              ),
            ),
          };
    return {
      success: true as const,
      tenant_id: tenantId,
      isolation_level: level,
      database_type: DATABASE_LABEL[type],
      query_metrics: this.deps.store.metrics(tenantId, this.now(), this.slowMs(tenantId)),
      database_metrics,
    };
  }

  settings(): TenantLogSettings {
    return this.deps.store.getSettings();
  }

  configure(next: TenantLogSettings): TenantLogSettings {
    return this.deps.store.setSettings(next);
  }
}
