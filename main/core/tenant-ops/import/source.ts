// Runs in the main process, server and CLI. The shared database an import reads: how to reach it
// (a saved connection, or the spec's inline one whose password lives only for the call), its
// tables in foreign-key order (parents first), and its rows per routing value.
import type { ImportConnection } from '../../../../shared/contract/tenant-ops';
import { SAFE_NAME, type TableInfo } from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { ConnectionParams } from '../../../../shared/model/connection';
import type { DbClient } from '../../db/client';
import { sqlEngineOf } from '../../engines/registry';
import { inlineParams } from '../../tenants/inline-source';
import { introspect } from '../../tenants/introspect';
import type { Servers } from '../../tenants/servers';
import { quoter } from '../../tenants/sql/quote';
import type { SourceKey } from './store';

export interface SourceInput {
  connection_id?: string | undefined;
  database?: string | undefined;
  connection?: ImportConnection | undefined;
}

export interface ResolvedSource {
  params: ConnectionParams;
  key: SourceKey;
}

export async function resolveSource(servers: Servers, input: SourceInput): Promise<ResolvedSource> {
  if (input.connection_id) {
    const base = await servers.params(input.connection_id);
    const params = input.database ? { ...base, database: input.database } : base;
    return {
      params,
      key: {
        connection_id: input.connection_id,
        type: params.type,
        host: params.host,
        port: params.port,
        database: params.database,
        user: params.username,
      },
    };
  }
  const c = input.connection;
  if (!c) throw new AppError('BAD_INPUT', 'give either connection_id or connection');
  const params: ConnectionParams = inlineParams(c);
  return {
    params,
    key: {
      connection_id: null,
      type: params.type,
      host: params.host,
      port: params.port,
      database: params.database,
      user: params.username,
    },
  };
}

export const sameSource = (a: SourceKey, b: SourceKey) =>
  JSON.stringify([a.connection_id, a.type, a.host, a.port, a.database, a.user]) ===
  JSON.stringify([b.connection_id, b.type, b.host, b.port, b.database, b.user]);

export interface SourceTable {
  info: TableInfo;
  routed: boolean;
}

/** Parents before children; tables in a reference cycle follow in name order. */
export function copyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const names = new Set(tables.map((t) => t.name));
  const parents = new Map(
    tables.map((t) => [
      t.name,
      new Set(t.foreign_keys.map((f) => f.ref_table).filter((r) => r !== t.name && names.has(r))),
    ]),
  );
  const out: TableInfo[] = [];
  const placed = new Set<string>();
  let left = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  while (left.length > 0) {
    const ready = left.filter((t) => [...(parents.get(t.name) ?? [])].every((p) => placed.has(p)));
    const next = ready.length > 0 ? ready : left.slice(0, 1);
    for (const t of next) {
      out.push(t);
      placed.add(t.name);
    }
    left = left.filter((t) => !placed.has(t.name));
  }
  return out;
}

export async function readTables(c: DbClient, routingField: string): Promise<SourceTable[]> {
  const snapshot = await introspect(c);
  return copyOrder(snapshot.tables).map((info) => ({
    info,
    routed: info.columns.some((col) => col.name === routingField),
  }));
}

/**
 * The rows of one tenant. MySQL compares with the column's collation, often case-insensitive, so
 * the bytes are compared too (after the plain equality, which an index can serve).
 */
export const routingFilter = (type: DbClient['type'], column: string, value: string): string =>
  sqlEngineOf(type).tenants.imports.routingFilter(column, value);

/** Rows per routing value (null for rows without one), told apart byte by byte. */
export const rowsPerValue = (
  c: DbClient,
  table: string,
  routingField: string,
): Promise<Map<string | null, number>> =>
  sqlEngineOf(c.type).tenants.imports.rowsPerValue(c, table, routingField);

export async function tableRows(c: DbClient, table: string): Promise<number> {
  const r = await c.query(`SELECT count(*) AS n FROM ${quoter(c.type).ident(table)}`);
  return Number(r.rows[0]?.n ?? 0);
}

/** Why a routing value cannot name a tenant, or null when it can. */
export function invalidTenantReason(value: string | null): string | null {
  if (value === null) return 'rows without a routing value belong to no tenant';
  if (!SAFE_NAME.test(value)) {
    return 'not a safe tenant id (lower-case letters, digits and single - or _, starting with a letter, at most 30 characters)';
  }
  return null;
}
