// Runs in the main process, server and CLI. SQL on one tenant or on every tenant of a blueprint,
// as each tenant's own role (never the server's admin user: no FILE, superuser or server-file
// rights), a bounded number at a time, each statement capped by a timeout; rows come back merged
// with a `tenant_id` column and each tenant's error beside them. The classifier only gives an
// early message (a statement that may write needs `allow_writes`); reads also run inside a
// read-only transaction, and what the words miss the role's own privileges refuse.
import type { AdminQueryResult } from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { SecretStore } from '../../secrets/secret-store';
import { NO_SECRET_STORE_MESSAGE } from '../../secrets/select';
import { mapLimit } from '../map-limit';
import { errorText, jsonRow } from '../rows';
import { classify } from '../sql/classify';
import { singleStatement } from '../sql/lexer';
import { limitStatements, runFenced } from '../sql/session';
import type { BlueprintService } from '../blueprints/service';
import type { TenantDbRow, TenantRepository } from '../store/tenant-repo';
import { DATABASE_LABEL, secretAccount, sqlType } from '../names';
import type { DbType } from '../../../../shared/model/connection';
import type { KeyspaceTenancy } from '../../engines/keyspace-tenancy';
import { engineOf } from '../../engines/registry';
import type { Login, Servers } from '../servers';

export interface AdminQueryInput {
  query: string;
  tenant_id?: string;
  blueprint?: string;
  all_tenants: boolean;
  database_type?: string;
  allow_writes: boolean;
  parallelism: number;
  max_rows: number;
  timeout_ms: number;
}

export interface AdminDeps {
  tenants: TenantRepository;
  blueprints: BlueprintService;
  servers: Servers;
  secrets: SecretStore | null;
}

const QUERYABLE = ['ready', 'suspended'] as const;

const suspended = (id: string) =>
  new AppError(
    'CONFLICT',
    `Tenant '${id}' is suspended, so its role cannot log in; admin queries run as the tenant's own role, so resume it first.`,
  );

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
      `Tenant '${tenant.id}' is ${tenant.status}; only ready tenants can be queried.`,
    );
  }
  if (tenant.status === 'suspended') throw suspended(tenant.id);
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

/** The tenant's own login; a suspended tenant shows as its error beside the others' rows. */
async function loginOf(deps: AdminDeps, d: TenantDbRow): Promise<Login> {
  if (deps.tenants.get(d.tenant_id)?.status === 'suspended') throw suspended(d.tenant_id);
  if (!deps.secrets) throw new AppError('SECRET_STORE_UNAVAILABLE', NO_SECRET_STORE_MESSAGE);
  const password = await deps.secrets.get(secretAccount(d.tenant_id, d.blueprint));
  if (password === null) {
    throw new AppError(
      'NOT_FOUND',
      `The password of ${d.database}'s role is missing from the secret store, so the query cannot run as the tenant.`,
    );
  }
  return { username: d.role, password };
}

interface Outcome {
  d: TenantDbRow;
  rows: Record<string, unknown>[];
  affected: number | null;
  ms: number;
  error: string | null;
}

const failed = (d: TenantDbRow, err: unknown, ms = 0): Outcome => ({
  d,
  rows: [],
  affected: null,
  ms,
  error: err instanceof AppError ? err.message : errorText(err),
});

/** One command on key-space tenants (Redis), each run by the engine as the tenant's own user. */
async function keyspaceOutcomes(
  deps: AdminDeps,
  ks: KeyspaceTenancy,
  dbs: TenantDbRow[],
  input: AdminQueryInput,
): Promise<Outcome[]> {
  const out = new Map<TenantDbRow, Outcome>();
  const ready: { d: TenantDbRow; login: Login }[] = [];
  for (const d of dbs) {
    try {
      ready.push({ d, login: await loginOf(deps, d) });
    } catch (err) {
      out.set(d, failed(d, err));
    }
  }
  // Level-2 tenants live on their own servers: one run per connection.
  for (const connectionId of new Set(ready.map((r) => r.d.connection_id))) {
    const group = ready.filter((r) => r.d.connection_id === connectionId);
    const results = await ks.admin(await deps.servers.engineParams(connectionId), {
      command: input.query,
      targets: group.map((r) => ({
        tenant_id: r.d.tenant_id,
        database: r.d.database,
        login: r.login,
      })),
      allowWrites: input.allow_writes,
      parallelism: input.parallelism,
      timeoutMs: input.timeout_ms,
    });
    const at = Date.now();
    for (const [i, r] of results.entries()) {
      const d = (group[i] as (typeof group)[number]).d;
      out.set(d, { d, rows: r.rows, affected: null, ms: r.duration_ms, error: r.error });
      deps.servers.logCommand(d.connection_id, d.database, {
        command: input.query,
        at,
        durationMs: r.duration_ms,
        rows: r.error === null ? r.rows.length : null,
        error: r.error,
      });
    }
  }
  return dbs.map((d) => out.get(d) ?? failed(d, new Error('not run')));
}

/** Runs the statement on one tenant database, logged in as the tenant's role. */
async function runOne(deps: AdminDeps, d: TenantDbRow, sql: string, read: boolean, ms: number) {
  const login = await loginOf(deps, d);
  return deps.servers.with(
    d.connection_id,
    d.database,
    async (c) => {
      await limitStatements(c, ms);
      return runFenced(c, sql, { readOnly: read, timeoutMs: ms });
    },
    login,
  );
}

export async function adminQuery(
  deps: AdminDeps,
  input: AdminQueryInput,
): Promise<AdminQueryResult> {
  const dbs = targets(deps, input);
  const any = dbs[0] ? deps.servers.anyConnection(dbs[0].connection_id).type : 'postgresql';
  if (input.database_type && dbs[0] && input.database_type !== DATABASE_LABEL[any]) {
    throw new AppError(
      'BAD_INPUT',
      `These tenant databases are ${DATABASE_LABEL[any]}, not ${input.database_type}.`,
    );
  }
  const ks = engineOf(any).keyspaces;
  const outcomes = ks
    ? await keyspaceOutcomes(deps, ks, dbs, input)
    : await sqlOutcomes(deps, dbs, input, sqlType(any));
  return merged(outcomes, input.max_rows);
}

async function sqlOutcomes(
  deps: AdminDeps,
  dbs: TenantDbRow[],
  input: AdminQueryInput,
  type: DbType,
): Promise<Outcome[]> {
  const statement = singleStatement(input.query, type);
  const read = classify(statement, type).read;
  if (!read && !input.allow_writes) {
    throw new AppError(
      'BAD_INPUT',
      `This statement may write (it is not a plain SELECT/SHOW/EXPLAIN); to run it on ${dbs.length} tenant database${dbs.length === 1 ? '' : 's'}, send allow_writes: true.`,
    );
  }
  return mapLimit(dbs, input.parallelism, async (d): Promise<Outcome> => {
    const started = performance.now();
    try {
      const r = await runOne(deps, d, statement, read, input.timeout_ms);
      return {
        d,
        rows: r.rows,
        affected: r.affected ?? null,
        ms: performance.now() - started,
        error: null,
      };
    } catch (err) {
      return failed(d, err, performance.now() - started);
    }
  });
}

/** Every tenant's rows under a leading `tenant_id` column, up to `maxRows`, and each outcome. */
function merged(outcomes: Outcome[], maxRows: number): AdminQueryResult {
  const rows: Record<string, unknown>[] = [];
  let truncated = false;
  const columns = new Set<string>(['tenant_id']);
  for (const o of outcomes) {
    for (const r of o.rows) {
      if (rows.length >= maxRows) {
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
