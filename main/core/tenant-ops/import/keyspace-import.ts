// Runs in the main process, server and CLI. The part of an import that differs when the workspace's
// tenants are key spaces (Redis): the source is a saved connection's database (index), a key
// pattern (`{tenant}:*`) takes the routing column's place, and the analysis has two "tables" —
// the keys the pattern routes to tenants, and the unrouted keys, which no tenant would get (a
// problem until left out). The copy of one tenant is one journaled step, checked by counting the
// tenant's source keys again and how many of them its key space holds. The import service keeps
// the rest (the store, the tenant loop, resume, refusing open problems).
import type { ImportAnalysis, ImportProblem } from '../../../../shared/contract/tenant-ops';
import { AppError } from '../../../../shared/errors';
import type { EngineParams, EngineType } from '../../../../shared/model/connection';
import type { KeyspaceTenancy } from '../../engines/keyspace-tenancy';
import { engineOf } from '../../engines/registry';
import type { Journal } from '../../journal/journal';
import { DATABASE_LABEL } from '../../tenants/names';
import type { Servers } from '../../tenants/servers';
import type { TenantDbRow } from '../../tenants/store/tenant-repo';
import { type TenantState, tenantProblems } from './plan-check';
import type { ImportPayload } from './recover';
import { invalidTenantReason } from './source';
import type { SourceKey } from './store';

/** The analysis's name of the keys a key pattern does not cover. */
export const UNROUTED = 'unrouted keys';

export interface KeyspaceSource {
  ks: KeyspaceTenancy;
  params: EngineParams;
  pattern: string;
}

export interface KeyspaceSurvey {
  keyspace: KeyspaceSource;
  source: { key: SourceKey };
  tables: [];
  analysis: ImportAnalysis;
}

export interface KeyspaceSurveyInput {
  id: string;
  connection_id?: string | undefined;
  database?: string | undefined;
  connection?: unknown;
  key_pattern?: string | undefined;
  shared_tables: 'copy' | 'skip';
  leave_out?: string[] | undefined;
}

const text = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function sourceOf(
  servers: Servers,
  ks: KeyspaceTenancy,
  input: KeyspaceSurveyInput,
  type: EngineType,
): Promise<{ params: EngineParams; key: SourceKey }> {
  if (!input.connection_id) {
    throw new AppError(
      'BAD_INPUT',
      `An import into a ${DATABASE_LABEL[type]} workspace reads from a saved connection (on its own database index, or another): pass connection_id.`,
    );
  }
  const conn = servers.anyConnection(input.connection_id);
  if (conn.type !== type || servers.keyspaces(input.connection_id) !== ks) {
    throw new AppError(
      'BAD_INPUT',
      `The source is ${DATABASE_LABEL[conn.type]}, the workspace '${input.id}' ${DATABASE_LABEL[type]}; import from the same engine.`,
    );
  }
  const base = await servers.engineParams(input.connection_id);
  const params = input.database ? { ...base, database: input.database } : base;
  const problem = engineOf(type).paramsProblem(params);
  if (problem) throw new AppError('BAD_INPUT', problem);
  return {
    params,
    key: {
      connection_id: input.connection_id,
      type,
      host: params.host,
      port: params.port,
      database: params.database,
      user: params.username,
    },
  };
}

export async function surveyKeyspace(o: {
  servers: Servers;
  ks: KeyspaceTenancy;
  input: KeyspaceSurveyInput;
  type: EngineType;
  version: string | null;
  exists: (tenantId: string) => boolean;
  state: (tenantId: string) => TenantState;
}): Promise<KeyspaceSurvey> {
  const { ks, input } = o;
  const pattern = input.key_pattern ?? ks.defaultKeyPattern;
  ks.checkKeyPattern(pattern);
  const source = await sourceOf(o.servers, ks, input, o.type);
  const found = await ks.importSurvey(source.params, pattern).catch((err: unknown) => {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'DB_UNREACHABLE',
      `Could not read the source database ${source.params.database} on ${source.params.host}:${source.params.port}: ${text(err)}`,
    );
  });
  const leftOut = new Set(input.leave_out ?? []);
  const valid = [...found.perTenant].filter(([t]) => invalidTenantReason(t) === null);
  const invalid = [...found.perTenant]
    .filter(([t]) => invalidTenantReason(t) !== null)
    .map(([value, rows]) => ({ value, rows, reason: invalidTenantReason(value) ?? '' }));
  const routed = valid.reduce((n, [, k]) => n + k, 0);
  const tenants = valid
    .map(([tenant_id, rows]) => ({ tenant_id, rows, exists: o.exists(tenant_id) }))
    .sort((a, b) => a.tenant_id.localeCompare(b.tenant_id));
  const tables: ImportAnalysis['tables'] = [
    {
      name: pattern,
      has_routing_column: true,
      rows: routed,
      action: leftOut.has(pattern) ? 'skip' : 'split',
      rows_per_tenant: Object.fromEntries(valid),
    },
  ];
  const problems: ImportProblem[] = [];
  if (o.version === null) {
    problems.push({
      kind: 'no_blueprint_version',
      table: null,
      column: null,
      message: `Blueprint '${input.id}' has no version yet, so it has no tenants to import into; deploy the workspace first.`,
      fixes: [],
    });
  }
  if (found.outside > 0) {
    tables.push({
      name: UNROUTED,
      has_routing_column: false,
      rows: found.outside,
      action: 'skip',
      rows_per_tenant: {},
    });
    problems.push({
      kind: 'keys_unrouted',
      table: UNROUTED,
      column: null,
      message: `${found.outside} key${found.outside === 1 ? '' : 's'} of the source ${found.outside === 1 ? 'is' : 'are'} not under ${pattern}, so no tenant would get ${found.outside === 1 ? 'it' : 'them'}.`,
      fixes: [{ option: 'leave_out', table: UNROUTED }],
    });
  }
  if (found.dumpDenied !== null) {
    problems.push({
      kind: 'source_denied',
      table: pattern,
      column: null,
      message: `The source's user ${source.params.username} may not DUMP its keys (${found.dumpDenied}); grant it +dump and read access to them.`,
      fixes: [],
    });
  }
  problems.push(
    ...tenantProblems(
      tenants.map((t) => t.tenant_id),
      o.state,
      input.id,
    ),
  );
  const analysis: ImportAnalysis = {
    success: true,
    workspace: input.id,
    routing_field: pattern,
    source: {
      type: o.type,
      host: source.params.host,
      port: source.params.port,
      database: source.params.database,
    },
    tables,
    tables_with_routing: [pattern],
    tables_without_routing: found.outside > 0 ? [UNROUTED] : [],
    tenants,
    invalid_tenants: invalid,
    copy_order: leftOut.has(pattern) ? [] : [pattern],
    blueprint_version: o.version,
    problems,
    message:
      `${tenants.length} tenant${tenants.length === 1 ? '' : 's'} with ${routed} key${routed === 1 ? '' : 's'} under ${pattern}` +
      (found.outside ? `; ${found.outside} unrouted key${found.outside === 1 ? '' : 's'}` : '') +
      (invalid.length
        ? `; ${invalid.reduce((n, i) => n + i.rows, 0)} keys whose tenant part is not a valid tenant id are left out`
        : '') +
      (problems.length
        ? `; ${problems.length} problem${problems.length === 1 ? '' : 's'} to resolve first`
        : '') +
      '.',
  };
  return { keyspace: { ks, params: source.params, pattern }, source, tables: [], analysis };
}

/** The tenant's source keys now, and how many of them its key space holds. */
export async function checkKeyspaceTenant(
  servers: Servers,
  src: KeyspaceSource,
  tenantId: string,
  d: TenantDbRow,
): Promise<{ source: number; target: number }> {
  return src.ks.importCheck(src.params, await servers.engineParams(d.connection_id), {
    pattern: src.pattern,
    tenant: tenantId,
    database: d.database,
  });
}

/**
 * Copies one tenant's keys (RESTORE … REPLACE: a copy cut short is simply done again) and checks
 * them; answers the counts for the store. The intent records where it stopped for recovery.
 */
export async function copyKeyspaceTenant(o: {
  servers: Servers;
  journal: Journal;
  src: KeyspaceSource;
  importId: string;
  tenantId: string;
  d: TenantDbRow;
  onProgress: (copied: number) => void;
}): Promise<{ source_rows: number; target_rows: number }> {
  const intent = await o.journal.begin<ImportPayload>('import', o.d.database, 'copying', {
    import_id: o.importId,
    tenant_id: o.tenantId,
    table: o.src.pattern,
  });
  try {
    const target = await o.servers.engineParams(o.d.connection_id);
    const who = { pattern: o.src.pattern, tenant: o.tenantId, database: o.d.database };
    await o.src.ks.importTenant(o.src.params, target, { ...who, onProgress: o.onProgress });
    const counted = await checkKeyspaceTenant(o.servers, o.src, o.tenantId, o.d);
    if (counted.source !== counted.target) {
      throw new AppError(
        'CONFLICT',
        `${o.tenantId}: ${counted.target} of the source's ${counted.source} keys under ${o.src.pattern} are in its key space.`,
      );
    }
    return { source_rows: counted.source, target_rows: counted.target };
  } finally {
    // Every key is written whole or not at all, and a repeat replaces it: nothing to undo.
    intent.done();
  }
}
