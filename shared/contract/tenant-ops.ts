// Runs in every process. Tenant operations (tenantsdb-api.md "Tenants": backup, backups,
// rollback) on the user's own servers: logical backups kept under the data directory, restored
// through a verified copy.
import { z } from 'zod';
import { event, operation } from './define';
import { engineTypeSchema, idSchema } from '../model/connection';
import { databaseTypeSchema, importConnectionSchema, safeName, tenantSchema } from './tenants';

export const backupSchema = z.object({
  id: z.uuid(),
  tenant_id: z.string(),
  blueprint: z.string(),
  database: z.string(),
  database_type: databaseTypeSchema,
  /** The program that wrote it: pg_dump, mariadb-dump or mysqldump. */
  tool: z.string(),
  /** Where the file lives (under the data directory); also accepted by rollback. */
  storage_path: z.string(),
  size_bytes: z.number().int(),
  sha256: z.string(),
  /** Rows per table when the backup was made; a restore must give the same. */
  rows: z.record(z.string(), z.number().int()),
  created_at: z.iso.datetime(),
});
export type Backup = z.infer<typeof backupSchema>;

const tenantId = z.object({ id: safeName('tenant id') });

/** An isolation move's steps: SQL (freezing … verifying) or key space (locking … copying). */
export const MOVE_STEPS = [
  'freezing',
  'dumping',
  'locking',
  'creating',
  'loading',
  'copying',
  'verifying',
  'switched',
  'done',
  'failed',
] as const;
export type MoveStep = (typeof MOVE_STEPS)[number];

export const BACKUP_STEPS = [
  'dumping',
  'checking',
  'restoring',
  'verifying',
  'swapping',
  'done',
  'failed',
] as const;

export const SINCE = ['1h', '24h', '7d'] as const;
export const SINCE_MS: Record<(typeof SINCE)[number], number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
};

export const queryLogSchema = z.object({
  id: z.number().int(),
  timestamp: z.iso.datetime(),
  database: z.string(),
  /** The statement's text as sent; values bound to it are never kept. */
  query: z.string(),
  duration_ms: z.number(),
  rows: z.number().int().nullable(),
  error: z.string().nullable(),
  slow: z.boolean(),
});
export type QueryLog = z.infer<typeof queryLogSchema>;

export const queryMetricsSchema = z.object({
  queries_today: z.number().int(),
  queries_this_hour: z.number().int(),
  queries_this_week: z.number().int(),
  avg_latency_ms: z.number(),
  max_latency_ms: z.number(),
  /** Percent of this week's statements that succeeded (100 when there were none). */
  success_rate: z.number(),
  failed_queries: z.number().int(),
  slow_queries: z.number().int(),
});
export type QueryMetrics = z.infer<typeof queryMetricsSchema>;

export const tenantLogSettingsSchema = z.object({
  /** A statement that takes at least this long is logged as slow. */
  slow_query_ms: z.number().int().min(1).max(3_600_000),
});
export type TenantLogSettings = z.infer<typeof tenantLogSettingsSchema>;

// ---------- import from a shared database ----------

export { importConnectionSchema, type ImportConnection } from './tenants';

const sourceFields = {
  id: safeName('workspace id'),
  /** A saved connection to read from… */
  connection_id: idSchema.optional(),
  /** …on this database of its server (default: the connection's own). */
  database: z.string().trim().min(1).max(128).optional(),
  /** …or the spec's inline connection. */
  connection: importConnectionSchema.optional(),
  routing_field: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'routing_field must be a plain column name')
    .default('tenant_id'),
  /**
   * A Redis source: where each tenant's keys are, `<prefix>{tenant}<separator>*` (default
   * `{tenant}:*`); a key `app:acme:user:1` under `app:{tenant}:*` becomes `user:1` of tenant acme.
   * It takes routing_field's place; keys it does not cover are the import's "unrouted keys".
   */
  key_pattern: z.string().min(3).max(200).optional(),
  /** Tables without the routing column: copied whole into every tenant, or left out. */
  shared_tables: z.enum(['copy', 'skip']).default('copy'),
  /** Source tables not imported at all (with or without the routing column); default none, or on resume the import's own. */
  leave_out: z.array(z.string().min(1).max(128)).max(1000).optional(),
};
const oneSource = (v: { connection_id?: string | undefined; connection?: unknown }) =>
  (v.connection_id === undefined) !== (v.connection === undefined);
const ONE_SOURCE = { message: 'give either connection_id or connection' };

export const IMPORT_STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const;
export const IMPORT_TENANT_STATUSES = [
  'pending',
  'running',
  'completed',
  'failed',
  'interrupted',
] as const;

/** An option of the import that makes a predicted failure go away. */
export const importFixSchema = z.discriminatedUnion('option', [
  /** Leave this table out (`leave_out`, or shared_tables=skip for a table without the column). */
  z.object({ option: z.literal('leave_out'), table: z.string() }),
  /** drop_routing_column set to this value. */
  z.object({ option: z.literal('drop_routing_column'), value: z.boolean() }),
  /** Import the source's schema into the blueprint first (import-full). */
  z.object({ option: z.literal('import_schema') }),
  /** options.create_tenants. */
  z.object({ option: z.literal('create_tenants') }),
]);
export type ImportFix = z.infer<typeof importFixSchema>;

export const IMPORT_PROBLEM_KINDS = [
  'no_blueprint_version',
  'table_missing',
  'column_missing',
  'column_required',
  'routing_missing',
  'routing_required',
  'tenant_missing',
  'tenant_unusable',
  /** Redis: keys of the source that no tenant's key pattern covers. */
  'keys_unrouted',
  /** Redis: the source's user may not DUMP the keys. */
  'source_denied',
] as const;

/**
 * A mismatch between the source and the blueprint's current version (or the tenants) that would
 * make the import fail; it stays open until one of its fixes is chosen. A fix of
 * drop_routing_column=false marks a problem that only arises when the column is dropped.
 */
export const importProblemSchema = z.object({
  kind: z.enum(IMPORT_PROBLEM_KINDS),
  table: z.string().nullable(),
  column: z.string().nullable(),
  message: z.string(),
  /** Empty when nothing but a change outside the import helps (a tenant that is not ready). */
  fixes: z.array(importFixSchema),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

export const importAnalysisSchema = z.object({
  success: z.literal(true),
  workspace: z.string(),
  routing_field: z.string(),
  source: z.object({
    type: engineTypeSchema,
    host: z.string(),
    port: z.number().int(),
    database: z.string(),
  }),
  tables: z.array(
    z.object({
      name: z.string(),
      has_routing_column: z.boolean(),
      rows: z.number().int(),
      /** What an import does with it: split by tenant, copy whole to every tenant, or skip. */
      action: z.enum(['split', 'copy', 'skip']),
      rows_per_tenant: z.record(z.string(), z.number().int()),
    }),
  ),
  tables_with_routing: z.array(z.string()),
  tables_without_routing: z.array(z.string()),
  /** Valid tenant ids found (sorted), and whether each exists already. */
  tenants: z.array(
    z.object({ tenant_id: z.string(), rows: z.number().int(), exists: z.boolean() }),
  ),
  /** Routing values that cannot be tenant ids; their rows are not imported. */
  invalid_tenants: z.array(
    z.object({ value: z.string().nullable(), rows: z.number().int(), reason: z.string() }),
  ),
  /** Parents before children, as an import copies them. */
  copy_order: z.array(z.string()),
  message: z.string(),
  /** The blueprint version the source was compared with; null when none is deployed yet. */
  blueprint_version: z.string().nullable(),
  /** Every predicted failure, whatever the options; see importProblemSchema for when one is open. */
  problems: z.array(importProblemSchema),
});
export type ImportAnalysis = z.infer<typeof importAnalysisSchema>;

export const importTableStateSchema = z.object({
  table: z.string(),
  source_rows: z.number().int().nullable(),
  target_rows: z.number().int().nullable(),
  status: z.enum(['pending', 'verified', 'failed']),
});

export const importStatusSchema = z.object({
  success: z.literal(true),
  import_id: z.uuid(),
  workspace: z.string(),
  status: z.enum(IMPORT_STATUSES),
  routing_field: z.string(),
  options: z.object({
    drop_routing_column: z.boolean(),
    create_tenants: z.boolean(),
    shared_tables: z.enum(['copy', 'skip']),
    leave_out: z.array(z.string()),
  }),
  /** 0..100 over the tenant tables verified. */
  progress: z.number(),
  message: z.string().nullable(),
  started_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
  /** True once every table of every tenant holds exactly the source's rows. */
  verified: z.boolean(),
  tenants: z.array(
    z.object({
      tenant_id: z.string(),
      status: z.enum(IMPORT_TENANT_STATUSES),
      tables_done: z.number().int(),
      tables_total: z.number().int(),
      rows_copied: z.number().int(),
      error: z.string().nullable(),
      tables: z.array(importTableStateSchema),
    }),
  ),
});
export type ImportStatus = z.infer<typeof importStatusSchema>;

/** Each false when not given; a resume keeps the import's own for what it does not give. */
const importOptionsSchema = z
  .object({
    /** Leave the routing column out of the tenants' tables (import-full drops it from the schema). */
    drop_routing_column: z.boolean().optional(),
    /** Create missing tenants (level 1) from the workspace's blueprint. */
    create_tenants: z.boolean().optional(),
  })
  .default({});

const importDataInput = z
  .object({
    ...sourceFields,
    options: importOptionsSchema,
    /** Continue an interrupted or failed import: tables already verified are skipped. */
    resume: z.uuid().optional(),
    batch_size: z.number().int().min(1).max(50_000).default(1000),
  })
  .refine(oneSource, ONE_SOURCE);

export const tenantOpsOperations = {
  /** One logical backup per database of the tenant. */
  'tenants.backup': operation({
    doc: 'Back up a tenant.',
    input: tenantId,
    output: z.object({ tenant_id: z.string(), backups: z.array(backupSchema) }),
    rest: { method: 'POST', path: '/api/v1/tenants/{id}/backup', status: 201 },
  }),
  /** Newest first; a hard-deleted tenant's backups stay listed until removed. */
  'tenants.backups': operation({
    doc: "List a tenant's backups.",
    input: tenantId,
    output: z.object({ tenant_id: z.string(), backups: z.array(backupSchema), count: z.number() }),
    rest: { method: 'GET', path: '/api/v1/tenants/{id}/backups' },
  }),
  /** Restore the newest backup of a day, or a given backup file, into every database it covers. */
  'tenants.rollback': operation({
    doc: 'Roll a tenant back to a backup.',
    input: tenantId
      .extend({
        date: z.iso.date({ error: 'date must look like 2026-01-15' }).optional(),
        storage_path: z.string().min(1).max(4096).optional(),
      })
      .refine((v) => (v.date === undefined) !== (v.storage_path === undefined), {
        message: 'give either date or storage_path',
      }),
    output: z.object({
      tenant_id: z.string(),
      restored: z.array(z.object({ database: z.string(), backup_id: z.uuid() })),
      message: z.string(),
    }),
    rest: { method: 'POST', path: '/api/v1/tenants/{id}/rollback' },
  }),
  /** Statements Benchphant ran on the tenant's databases, newest first, a page at a time. */
  'tenants.logs': operation({
    doc: "A tenant's query log.",
    input: tenantId.extend({
      type: z.enum(['error', 'slow'], { error: 'type must be error or slow' }).optional(),
      since: z.enum(SINCE, { error: `since must be one of: ${SINCE.join(', ')}` }).default('24h'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      /** Paging: only entries older than this id. */
      before: z.coerce.number().int().positive().optional(),
    }),
    output: z.object({
      success: z.literal(true),
      tenant_id: z.string(),
      logs: z.array(queryLogSchema),
      count: z.number().int(),
      has_more: z.boolean(),
    }),
    rest: { method: 'GET', path: '/api/v1/tenants/{id}/logs' },
  }),
  'tenants.logStats': operation({
    doc: "Statistics of a tenant's query log.",
    input: tenantId.extend({
      since: z.enum(SINCE, { error: `since must be one of: ${SINCE.join(', ')}` }).default('24h'),
    }),
    output: z.object({
      tenant_id: z.string(),
      since: z.enum(SINCE),
      total: z.number().int(),
      errors: z.number().int(),
      slow: z.number().int(),
      avg_ms: z.number(),
      max_ms: z.number(),
      slow_query_ms: z.number().int(),
    }),
    rest: { method: 'GET', path: '/api/v1/tenants/{id}/logs/stats' },
  }),
  /** The spec's shape; database figures from the server's catalogs for dedicated (level 2) tenants. */
  'tenants.metrics': operation({
    doc: "A tenant's query and database metrics.",
    input: tenantId,
    output: z.object({
      success: z.literal(true),
      tenant_id: z.string(),
      isolation_level: z.number().int(),
      database_type: databaseTypeSchema,
      query_metrics: queryMetricsSchema,
      database_metrics: z.union([
        z.object({ note: z.string() }),
        z.object({
          databases: z.array(
            z.object({
              database: z.string(),
              size_bytes: z.number(),
              connections: z.number().int(),
              /** Redis: the key space's key count (its size_bytes is sampled MEMORY USAGE). */
              keys: z.number().int().optional(),
            }),
          ),
        }),
      ]),
    }),
    rest: { method: 'GET', path: '/api/v1/tenants/{id}/metrics' },
  }),
  'tenantLogs.settings': operation({
    doc: 'The query log settings.',
    input: z.object({}).default({}),
    output: tenantLogSettingsSchema,
    rest: { method: 'GET', path: '/api/v1/tenant-logs/settings' },
  }),
  'tenantLogs.configure': operation({
    doc: 'Change the query log settings.',
    input: tenantLogSettingsSchema,
    output: tenantLogSettingsSchema,
    rest: { method: 'PUT', path: '/api/v1/tenant-logs/settings' },
  }),
  'workspaces.importAnalyze': operation({
    doc: 'Analyse a shared database for import.',
    input: z.object(sourceFields).refine(oneSource, ONE_SOURCE),
    output: importAnalysisSchema,
    rest: { method: 'POST', path: '/api/v1/workspaces/{id}/import-data/analyze' },
  }),
  /** Starts copying each tenant's rows into its own database; runs in the background. */
  'workspaces.importData': operation({
    doc: 'Import data from a shared database.',
    input: importDataInput,
    output: importStatusSchema,
    rest: { method: 'POST', path: '/api/v1/workspaces/{id}/import-data', status: 202 },
  }),
  'workspaces.importStatus': operation({
    doc: 'Progress of a data import.',
    input: z.object({ id: safeName('workspace id'), import_id: z.uuid() }),
    output: importStatusSchema,
    rest: { method: 'GET', path: '/api/v1/workspaces/{id}/import-data/status' },
  }),
  /** Schema from the source into the workspace, deployed as the next blueprint version, then the data. */
  'workspaces.importFull': operation({
    doc: 'Import schema and data from a shared database.',
    input: importDataInput,
    output: importStatusSchema.extend({
      blueprint_version: z.string(),
      schema_changes: z.number().int(),
    }),
    rest: { method: 'POST', path: '/api/v1/workspaces/{id}/import-full', status: 202 },
  }),
  /** Move a tenant's databases between the blueprint's shared server (1) and a dedicated one (2). */
  'tenants.setIsolation': operation({
    doc: "Change a tenant's isolation level.",
    input: tenantId.extend({
      isolation_level: z.union([z.literal(1), z.literal(2)], {
        error: 'isolation_level must be 1 or 2',
      }),
      /** Only this blueprint's database (default: all of the tenant's). */
      blueprint: safeName('blueprint name').optional(),
      /** Level 2: the dedicated server; without it the move waits for vm-ready (`provisioning`). */
      connection_id: idSchema.optional(),
    }),
    output: tenantSchema.extend({
      message: z.string(),
      moved: z.array(
        z.object({
          blueprint: z.string(),
          database: z.string(),
          from_connection_id: z.string(),
          to_connection_id: z.string(),
          rows: z.record(z.string(), z.number().int()),
          /** Set when the old copy could not be dropped (the tenant has moved regardless). */
          cleanup_error: z.string().nullable(),
        }),
      ),
    }),
    rest: { method: 'PATCH', path: '/api/v1/tenants/{id}/isolation' },
  }),
  /**
   * The spec's VM provisioning callback: a dedicated server for a tenant whose level-2 databases
   * wait for one. Each waiting database of the server's engine is created there (or moved there)
   * and the tenant becomes ready once none waits. An inline `connection` is saved as a connection.
   */
  'webhooks.vmReady': operation({
    doc: 'Attach a dedicated server to a tenant waiting for one.',
    input: z
      .object({
        tenant_id: safeName('tenant id'),
        connection_id: idSchema.optional(),
        connection: importConnectionSchema.optional(),
        /** Only this blueprint's database (default: every waiting one of the server's engine). */
        blueprint: safeName('blueprint name').optional(),
      })
      .refine(oneSource, ONE_SOURCE),
    output: tenantSchema.extend({
      message: z.string(),
      /** The saved connection now holding the databases (made from `connection` when given). */
      connection_id: z.string(),
      attached: z.array(z.object({ blueprint: z.string(), database: z.string() })),
    }),
    rest: { method: 'POST', path: '/api/v1/webhooks/vm-ready' },
  }),
  'backups.delete': operation({
    doc: 'Delete a backup file.',
    input: z.object({ id: z.uuid() }),
    output: z.object({ message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/backups/{id}' },
  }),
};

export const tenantOpsEvents = {
  /** The query log's settings changed (here or by `benchphant settings set`); Settings shows it. */
  'tenantLogs.configured': event({
    doc: 'The tenant query log settings changed.',
    payload: tenantLogSettingsSchema,
  }),
  /** A backup or restore moved on: which database, which step, how far. */
  'backups.progressed': event({
    doc: 'A tenant backup or restore progressed.',
    payload: z.object({
      tenant_id: z.string(),
      operation: z.enum(['backup', 'restore']),
      database: z.string(),
      step: z.enum(BACKUP_STEPS),
      /** 0..1 over the tenant's databases. */
      progress: z.number(),
      message: z.string().nullable(),
    }),
  }),
  /**
   * An isolation move moved on: each journaled step, and for a key space (Redis) each batch of
   * keys copied; `done` or `failed` ends it.
   */
  'moves.progressed': event({
    doc: "A tenant's isolation move progressed.",
    payload: z.object({
      tenant_id: z.string(),
      database: z.string(),
      from_connection_id: z.string(),
      to_connection_id: z.string(),
      step: z.enum(MOVE_STEPS),
      /** Keys copied so far (key spaces, while copying); null otherwise. */
      copied: z.number().int().nullable(),
      message: z.string().nullable(),
    }),
  }),
  /** A data import moved on: after each table of a tenant, and when it ends. */
  'imports.progressed': event({
    doc: 'A data import progressed.',
    payload: z.object({
      import_id: z.uuid(),
      workspace: z.string(),
      status: z.enum(IMPORT_STATUSES),
      tenant_id: z.string().nullable(),
      tenant_status: z.enum(IMPORT_TENANT_STATUSES).nullable(),
      table: z.string().nullable(),
      /** 0..100 */
      progress: z.number(),
      message: z.string().nullable(),
    }),
  }),
};
