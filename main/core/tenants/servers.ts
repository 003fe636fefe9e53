// Runs in the main process, server and CLI. Reaches the servers behind saved connections:
// as the connection's own (admin) user, on its database or on a named one, or as a tenant's or
// workspace's own role. Passwords come from the connection service or the caller each time
// (briefly cached) and are never stored or logged here.
import type {
  Connection,
  ConnectionParams,
  EngineParams,
  SqlConnection,
} from '../../../shared/model/connection';
import { classifyConnectError } from '../connections/classify-error';
import { DEFAULT_CONNECT_TIMEOUT_MS, type DbClient, openClient } from '../db/client';
import type { KeyspaceTenancy } from '../engines/keyspace-tenancy';
import { engineOf } from '../engines/registry';

export interface ServerDeps {
  /** Only SQL connections: the composition root answers other engines with a clear error. */
  connection(id: string): SqlConnection;
  resolveParams(id: string): Promise<ConnectionParams>;
  /** Sees every session opened on a named database: the tenant query log wraps tenants' ones. */
  wrap?: (client: DbClient, connectionId: string, database: string) => DbClient;
  /** A connection of any engine, for engines whose tenants are key spaces (Redis). */
  anyConnection?: (id: string) => Connection;
  resolveEngineParams?: (id: string) => Promise<EngineParams>;
  /** Sees every command run on a key space outside a DbClient (Redis): the tenant query log. */
  logCommand?: (connectionId: string, database: string, entry: CommandLogEntry) => void;
  /** The data directory's tag (the journal's), carried by what Benchphant makes for a moment. */
  instanceTag?: () => string;
}

/** One command Benchphant ran on a tenant's key space, for the query log. */
export interface CommandLogEntry {
  command: string;
  at: number;
  durationMs: number;
  rows: number | null;
  error: string | null;
}

/** A role of Benchphant's own making (a tenant's, a workspace's) and its password. */
export interface Login {
  username: string;
  password: string;
}

const PARAMS_TTL_MS = 10_000;

export class Servers {
  private readonly cache = new Map<string, { at: number; params: Promise<ConnectionParams> }>();

  constructor(private readonly deps: ServerDeps) {}

  connection(id: string): SqlConnection {
    return this.deps.connection(id);
  }

  /** The connection whatever its engine (the SQL paths use `connection`, which refuses others). */
  anyConnection(id: string): Connection {
    return this.deps.anyConnection ? this.deps.anyConnection(id) : this.deps.connection(id);
  }

  /** The key-space tenancy of the connection's engine, or null where tenants are SQL databases. */
  keyspaces(id: string): KeyspaceTenancy | null {
    return engineOf(this.anyConnection(id).type).keyspaces;
  }

  /** Everything a driver of any engine needs, password included (not cached: rarely asked). */
  engineParams(id: string): Promise<EngineParams> {
    return this.deps.resolveEngineParams ? this.deps.resolveEngineParams(id) : this.params(id);
  }

  /** The data directory's tag, so the start-up sweep knows this directory's debris. */
  instanceTag(): string | undefined {
    return this.deps.instanceTag?.();
  }

  logCommand(connectionId: string, database: string, entry: CommandLogEntry): void {
    this.deps.logCommand?.(connectionId, database, entry);
  }

  params(id: string): Promise<ConnectionParams> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < PARAMS_TTL_MS) return hit.params;
    const params = this.deps.resolveParams(id);
    this.cache.set(id, { at: Date.now(), params });
    params.catch(() => this.cache.delete(id));
    return params;
  }

  /**
   * A session on `database` (default: the connection's own), as the connection's user or, with
   * `login`, as another role on the same server, reached the same way (TLS, tunnel).
   */
  async open(connectionId: string, database?: string, login?: Login): Promise<DbClient> {
    const base = await this.params(connectionId);
    const params = { ...base, ...(database ? { database } : {}), ...(login ?? {}) };
    try {
      const client = await openClient(params);
      return database && this.deps.wrap ? this.deps.wrap(client, connectionId, database) : client;
    } catch (err) {
      throw classifyConnectError(err, params, DEFAULT_CONNECT_TIMEOUT_MS);
    }
  }

  async with<T>(
    connectionId: string,
    database: string | undefined,
    fn: (c: DbClient) => Promise<T>,
    login?: Login,
  ): Promise<T> {
    const client = await this.open(connectionId, database, login);
    try {
      return await fn(client);
    } finally {
      await client.close().catch(() => undefined);
    }
  }
}
