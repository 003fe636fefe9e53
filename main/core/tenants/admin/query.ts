// Runs in the main process, server and CLI. SQL on one tenant or on every tenant of a blueprint,
// as the server's admin user, a bounded number at a time; rows come back merged with a
// `tenant_id` column and each tenant's error beside them. A statement that may write needs
// `allow_writes`; reads also run inside a read-only transaction, so a write the words missed fails.
import type { AdminQueryResult } from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { DbClient } from '../../db/client';
import { mapLimit } from '../map-limit';
import { errorText, jsonRow } from '../rows';
import type { Servers } from '../servers';
import { classify } from '../sql/classify';
import { singleStatement } from '../sql/lexer';
import type { BlueprintService } from '../blueprints/service';
import type { TenantDbRow, TenantRepository } from '../store/tenant-repo';
import { DATABASE_LABEL } from '../names';

export interface AdminQueryInput {
  query: string;
  tenant_id?: string;
  blueprint?: string;
  all_tenants: boolean;
  database_type?: string;
  allow_writes: boolean;
  parallelism: number;
  max_rows: number;
}

export interface AdminDeps {
  tenants: TenantRepository;
  blueprints: BlueprintService;
  servers: Servers;
}

const QUERYABLE = ['ready', 'suspended'] as const;

function targets(deps: AdminDeps, input: AdminQueryInput): TenantDbRow[] {
  if (input.all_tenants) {
    if (!input.blueprint)
      throw new AppError('BAD_INPUT', 'all_tenants needs the blueprint whose tenants to query.');
    deps.blueprints.row(input.blueprint);
    return deps.tenants.ofBlueprint(input.blueprint, QUERYABLE);
  }
  if (!input.tenant_id)
    throw new AppError('BAD_INPUT', 'Name a tenant_id, or set all_tenants with a blueprint.');
  const tenant = deps.tenants.get(input.tenant_id);
  if (!tenant) throw new AppError('NOT_FOUND', `No tenant '${input.tenant_id}'.`);
  if (!(QUERYABLE as readonly string[]).includes(tenant.status)) {
    throw new AppError(
      'CONFLICT',
      `Tenant '${tenant.id}' is ${tenant.status}; only ready or suspended tenants can be queried.`,
    );
  }
  const dbs = deps.tenants
    .databases(tenant.id)
    .filter((d) => !input.blueprint || d.blueprint === input.blueprint);
  if (dbs.length === 0)
    throw new AppError(
      'NOT_FOUND',
      `Tenant '${tenant.id}' has no database of blueprint '${input.blueprint ?? ''}'.`,
    );
  if (dbs.length > 1) {
    throw new AppError(
      'BAD_INPUT',
      `Tenant '${tenant.id}' has ${dbs.length} databases (${dbs.map((d) => d.blueprint).join(', ')}); name the blueprint.`,
    );
  }
  return dbs;
}

async function runOne(c: DbClient, sql: string, read: boolean) {
  if (!read) return c.query(sql);
  await c.query(c.type === 'postgresql' ? 'BEGIN READ ONLY' : 'START TRANSACTION READ ONLY');
  try {
    const r = await c.query(sql);
    await c.query('COMMIT');
    return r;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export async function adminQuery(
  deps: AdminDeps,
  input: AdminQueryInput,
): Promise<AdminQueryResult> {
  const dbs = targets(deps, input);
  const type = dbs[0] ? deps.servers.connection(dbs[0].connection_id).type : 'postgresql';
  if (input.database_type && dbs[0] && input.database_type !== DATABASE_LABEL[type]) {
    throw new AppError(
      'BAD_INPUT',
      `These tenant databases are ${DATABASE_LABEL[type]}, not ${input.database_type}.`,
    );
  }
  const statement = singleStatement(input.query, type);
  const read = classify(statement, type).read;
  if (!read && !input.allow_writes) {
    throw new AppError(
      'BAD_INPUT',
      `This statement may write (it is not a plain SELECT/SHOW/EXPLAIN); to run it on ${dbs.length} tenant database${dbs.length === 1 ? '' : 's'}, send allow_writes: true.`,
    );
  }
  const outcomes = await mapLimit(dbs, input.parallelism, async (d) => {
    const started = performance.now();
    try {
      const r = await deps.servers.with(d.connection_id, d.database, (c) =>
        runOne(c, statement, read),
      );
      return {
        d,
        rows: r.rows,
        affected: r.affected,
        ms: performance.now() - started,
        error: null,
      };
    } catch (err) {
      const error = err instanceof AppError ? err.message : errorText(err);
      return { d, rows: [], affected: null, ms: performance.now() - started, error };
    }
  });
  const rows: Record<string, unknown>[] = [];
  let truncated = false;
  const columns = new Set<string>(['tenant_id']);
  for (const o of outcomes) {
    for (const r of o.rows) {
      if (rows.length >= input.max_rows) {
        truncated = true;
        break;
      }
      for (const k of Object.keys(r)) columns.add(k);
      // The tenant's id wins over a column of the same name, and stays the first column.
      rows.push(
        Object.assign({ tenant_id: o.d.tenant_id }, jsonRow(r), { tenant_id: o.d.tenant_id }),
      );
    }
  }
  return {
    success: true,
    columns: [...columns],
    rows,
    row_count: rows.length,
    truncated,
    tenants: outcomes.map((o) => ({
      tenant_id: o.d.tenant_id,
      ok: o.error === null,
      row_count: o.rows.length,
      affected: o.affected,
      duration_ms: o.ms,
      error: o.error,
    })),
    errors: outcomes.flatMap((o) =>
      o.error === null ? [] : [{ tenant_id: o.d.tenant_id, error: o.error }],
    ),
  };
}
