// Runs in every process. Tenants (tenantsdb-api.md "Workspaces", "Blueprints", "Tenants",
// "Deployments", "Admin") on the user's own PostgreSQL and MySQL/MariaDB servers.
import { z } from 'zod';
import {
  dbTypeSchema,
  type EngineType,
  idSchema,
  portSchema,
  tlsSchema,
} from '../model/connection';
import { DATABASE_TYPES, type DatabaseType, ENGINE_INFO, ENGINE_TYPES } from '../model/engines';
import { event, operation } from './define';

/**
 * Workspace, blueprint and tenant names reach SQL as database and role names: lower-case letters,
 * digits, single `-` or `_` between them, at most 30 characters (so `<blueprint>__<tenant>` fits
 * every engine's limit, and `__` stays the separator).
 */
export const SAFE_NAME = /^[a-z](?:[a-z0-9]|[-_](?=[a-z0-9])){0,29}$/;
const SAFE_NAME_RULE =
  'lower-case letters, digits and single - or _ between them, starting with a letter, at most 30 characters';

export const safeName = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .regex(SAFE_NAME, `${label} must be a safe identifier: ${SAFE_NAME_RULE}`);

export { DATABASE_TYPES };
export type { DatabaseType };
/** The TenantsDB name of each engine's databases, from the engine's descriptor. */
export const ENGINE_DATABASE = Object.fromEntries(
  ENGINE_TYPES.map((t) => [t, ENGINE_INFO[t].tenantsName]),
) as Record<EngineType, DatabaseType>;
/** Databases the TenantsDB API names that Benchphant cannot serve yet, and why (a 400, not a guess). */
const NOT_YET: Record<string, string> = {
  MongoDB: 'MongoDB is not supported yet (there is no MongoDB server to build and test it against)',
};
export const databaseTypeSchema = z.enum(DATABASE_TYPES, {
  error: (issue) =>
    (typeof issue.input === 'string' ? NOT_YET[issue.input] : undefined) ??
    `database must be one of: ${DATABASE_TYPES.join(', ')}`,
});

export const TEMPLATES = ['fintech', 'ecommerce'] as const;
export const TENANT_STATUSES = ['provisioning', 'ready', 'suspended', 'deleted', 'failed'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];
export const JOB_STATUSES = [
  'queued',
  'running',
  'completed',
  'failed',
  'halted',
  'interrupted',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ['queued', 'running'];
export const JOB_TENANT_STATUSES = [
  'pending',
  'running',
  'completed',
  'failed',
  'drifted',
  'skipped',
  'interrupted',
] as const;
export type JobTenantStatus = (typeof JOB_TENANT_STATUSES)[number];
export const CHANGE_STATUSES = ['pending', 'skipped', 'reverted', 'deployed'] as const;

/** Blueprint versions are `1.0`, `1.1`, …; `v1.1` is read as `1.1`. */
/** `1.1`, `v1.1` and the spec's `v3` (= 3.0) all name a version. */
export const versionSchema = z
  .string()
  .trim()
  .regex(/^v?\d{1,6}(\.\d{1,6})?$/, 'version must look like 1.0, v1.1 or v3')
  .transform((v) => {
    const bare = v.replace(/^v/, '');
    return bare.includes('.') ? bare : `${bare}.0`;
  });

/** Query parameters arrive as text: `?hard=true` means true. */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

// ---------- schema shapes ----------

export const columnSchema = z.object({
  name: z.string(),
  type: z.string(),
  nullable: z.boolean(),
  default: z.string().nullable(),
  primary_key: z.boolean(),
});
export const indexSchema = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  unique: z.boolean(),
  primary: z.boolean(),
});
export const foreignKeySchema = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  ref_table: z.string(),
  ref_columns: z.array(z.string()),
  on_delete: z.string(),
});
export const tableSchema = z.object({
  name: z.string(),
  columns: z.array(columnSchema),
  indexes: z.array(indexSchema),
  foreign_keys: z.array(foreignKeySchema),
});
export type TableInfo = z.infer<typeof tableSchema>;
export const schemaSnapshotSchema = z.object({ tables: z.array(tableSchema) });
export type SchemaSnapshot = z.infer<typeof schemaSnapshotSchema>;

/** A column type as typed in a JSON definition: a type name with optional size and `[]`. */
const columnTypeSchema = z
  .string()
  .trim()
  .regex(
    /^[a-zA-Z][a-zA-Z0-9_ ]{0,40}(\(\s*\d+\s*(,\s*\d+\s*)?\))?( unsigned)?(\[\])?$/,
    'a column type must be a type name with an optional size, e.g. varchar(100) or numeric(12,2)',
  );

/** JSON table definitions for `source: "json"` imports. */
export const jsonTableSchema = z.object({
  name: safeName('table name'),
  columns: z
    .array(
      z.object({
        name: safeName('column name'),
        type: columnTypeSchema,
        nullable: z.boolean().default(true),
        primary_key: z.boolean().default(false),
        unique: z.boolean().default(false),
        /** A literal default (quoted by the driver), or `CURRENT_TIMESTAMP`. */
        default: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]).optional(),
        default_current_timestamp: z.boolean().default(false),
        references: z
          .object({
            table: safeName('referenced table'),
            column: safeName('referenced column'),
            on_delete: z
              .enum(['CASCADE', 'RESTRICT', 'SET NULL', 'NO ACTION'])
              .default('NO ACTION'),
          })
          .optional(),
      }),
    )
    .min(1, 'a table needs at least one column')
    .max(500),
  indexes: z
    .array(
      z.object({
        name: safeName('index name').optional(),
        columns: z.array(safeName('index column')).min(1),
        unique: z.boolean().default(false),
      }),
    )
    .max(100)
    .default([]),
});
export type JsonTable = z.infer<typeof jsonTableSchema>;

// ---------- workspaces ----------

const connectionInfoSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  user: z.string(),
});

export const workspaceSummarySchema = z.object({
  /** The project it belongs to (listed items carry it). */
  project_id: z.string().optional(),
  id: z.string(),
  name: z.string(),
  database: databaseTypeSchema,
  /** The blueprint's latest version, null before the first deploy. */
  version: z.string().nullable(),
  connection_id: z.string(),
  /** Unix seconds, as the spec. */
  created_at: z.number().int(),
});
export type WorkspaceSummary = z.infer<typeof workspaceSummarySchema>;

export const workspaceDetailSchema = workspaceSummarySchema.extend({
  success: z.literal(true),
  blueprint: z.string(),
  schema: z.object({
    type: z.literal('tables'),
    data: z.object({ table_count: z.number().int(), tables: z.array(tableSchema).nullable() }),
  }),
  undeployed_changes: z.number().int(),
  connection: connectionInfoSchema,
  /** Without a password: the connection's own password stays in the secret store. */
  connection_string: z.string(),
  message: z.string().optional(),
});
export type WorkspaceDetail = z.infer<typeof workspaceDetailSchema>;

export const changeSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  statement: z.string(),
  /** e.g. `CREATE TABLE`, `ALTER TABLE ADD COLUMN`, `CREATE INDEX`, `DROP TABLE`. */
  kind: z.string(),
  status: z.enum(CHANGE_STATUSES),
  /** The statement that undoes it, or null where none exists (`revert_note` says why). */
  inverse: z.string().nullable(),
  revert_note: z.string().nullable(),
  created_at: z.iso.datetime(),
});
export type Change = z.infer<typeof changeSchema>;

export const driftSchema = z.object({
  detected: z.boolean(),
  added_tables: z.array(z.string()),
  removed_tables: z.array(z.string()),
  changed_tables: z.array(z.string()),
  message: z.string().nullable(),
});
export type Drift = z.infer<typeof driftSchema>;

/** Default and ceiling of a console or admin statement's timeout, in milliseconds. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const MAX_STATEMENT_TIMEOUT_MS = 600_000;
/** How long one statement may run before the server stops it. */
export const statementTimeoutSchema = z
  .number({ error: 'timeout_ms must be a number of milliseconds' })
  .int('timeout_ms must be a whole number of milliseconds')
  .min(100, 'timeout_ms must be at least 100 ms')
  .max(MAX_STATEMENT_TIMEOUT_MS, `timeout_ms must be at most ${MAX_STATEMENT_TIMEOUT_MS} ms`)
  .default(DEFAULT_STATEMENT_TIMEOUT_MS);

export const queryResultSchema = z.object({
  success: z.literal(true),
  kind: z.enum(['rows', 'affected']),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
  row_count: z.number().int(),
  /** More rows existed than `max_rows`; only the first ones are here. */
  truncated: z.boolean(),
  affected: z.number().int().nullable(),
  duration_ms: z.number(),
  /** Set when the statement was DDL and was recorded as a pending change. */
  change: changeSchema.nullable(),
});
export type QueryResultView = z.infer<typeof queryResultSchema>;

/**
 * The console's answer: the last statement's result as before, and every statement's in order
 * (a script runs one statement after another, each DDL recorded as its own pending change).
 */
export const consoleResultSchema = queryResultSchema.extend({
  statements: z.array(queryResultSchema.omit({ success: true }).extend({ statement: z.string() })),
});
export type ConsoleResultView = z.infer<typeof consoleResultSchema>;

const workspaceRef = z.object({ id: safeName('workspace id') });

/** The spec's inline source: its password is used for the one call and never stored. */
export const importConnectionSchema = z.object({
  type: dbTypeSchema,
  host: z.string().trim().min(1).max(255),
  port: portSchema.optional(),
  database: z.string().trim().min(1).max(128),
  user: z.string().trim().min(1).max(128),
  password: z.string().max(1024).optional(),
  tls: tlsSchema.optional(),
});
export type ImportConnection = z.infer<typeof importConnectionSchema>;

const schemaImportSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('template'),
    template: z.enum(TEMPLATES, { error: `template must be one of: ${TEMPLATES.join(', ')}` }),
  }),
  z.object({ source: z.literal('json'), tables: z.array(jsonTableSchema).min(1).max(500) }),
  z
    .object({
      source: z.literal('database'),
      /** A saved connection whose database is introspected and turned into DDL… */
      connection_id: idSchema.optional(),
      /** …on another database of that server than the connection's own. */
      database: z.string().trim().min(1).max(64).optional(),
      /** …or the spec's inline connection, its password used for this call only. */
      connection: importConnectionSchema.optional(),
    })
    .refine((v) => (v.connection_id === undefined) !== (v.connection === undefined), {
      message: 'give either connection_id or connection',
    }),
]);

// ---------- blueprints ----------

export const blueprintSummarySchema = z.object({
  /** The project it belongs to (listed items carry it). */
  project_id: z.string().optional(),
  id: z.string(),
  name: z.string(),
  version: z.string(),
  workspace_id: z.string(),
  database_type: databaseTypeSchema,
  connection_id: z.string(),
  created_at: z.number().int(),
  /** Tenants with a database of this blueprint (not hard-deleted); null when none, as the spec. */
  deployed_to: z.array(z.string()).nullable(),
});
export type BlueprintSummary = z.infer<typeof blueprintSummarySchema>;

export const blueprintVersionSchema = z.object({
  version: z.string(),
  created_at: z.number().int(),
  /** The ordered, immutable migration from the previous version. */
  statements: z.array(z.string()),
  /** Tenants currently at this version. */
  tenants: z.array(z.string()),
});
export type BlueprintVersion = z.infer<typeof blueprintVersionSchema>;

// ---------- tenants ----------

export const tenantDatabaseSchema = z.object({
  blueprint: z.string(),
  database_type: databaseTypeSchema,
  isolation_level: z.union([z.literal(1), z.literal(2)]),
  /** The applied blueprint version, null until the first one is in. */
  version: z.string().nullable(),
  connection_id: z.string(),
  connection: z.object({
    host: z.string(),
    port: z.number().int(),
    database: z.string(),
    user: z.string(),
    /** Without the password; `tenants.reveal` gives it. */
    connection_string: z.string(),
  }),
});
export type TenantDatabase = z.infer<typeof tenantDatabaseSchema>;

export const tenantSchema = z.object({
  success: z.literal(true),
  /** The project it belongs to (listed items carry it). */
  project_id: z.string().optional(),
  tenant_id: z.string(),
  status: z.enum(TENANT_STATUSES),
  /** Why provisioning failed, written for the user. */
  message: z.string().nullable(),
  created_at: z.iso.datetime(),
  deleted_at: z.iso.datetime().nullable(),
  databases: z.array(tenantDatabaseSchema),
});
export type Tenant = z.infer<typeof tenantSchema>;

const tenantRef = z.object({ id: safeName('tenant id') });

// ---------- deployments ----------

/** A performance-gated rollout: the canaries benchmarked before and after their migration. */
export const deploymentGateSchema = z.object({
  /** A saved benchmark profile (profiles.*), run against each canary tenant's database. */
  profile: z.string().trim().min(1).max(100),
  metric: z.literal('p95', { error: 'metric must be p95' }).default('p95'),
  /** Halt when the metric gets worse by more than this percent. */
  max_regression_pct: z.number().min(0).max(10_000).default(10),
});
export type DeploymentGate = z.infer<typeof deploymentGateSchema>;

// ---------- workspace settings ----------

export const DEFAULT_PARALLELISM = 4;
export const DEFAULT_SLOW_QUERY_MS = 1000;

const isolationLevelSchema = z.union([z.literal(1), z.literal(2)], {
  error: 'isolation level must be 1 (shared) or 2 (dedicated)',
});

/** A workspace's settings: where it lives and the defaults its tenants and deployments start from. */
export const workspaceSettingsSchema = z.object({
  success: z.literal(true),
  workspace: z.string(),
  /** The saved connection its development database lives on; level-1 tenants share that server. */
  connection_id: z.string(),
  /** A new tenant's databases of this blueprint when `isolation_level` is not given. */
  default_isolation_level: isolationLevelSchema,
  /** Tenants migrated at once when a deployment does not say. */
  default_parallelism: z.number().int(),
  /** A statement on its tenants' databases at least this long is logged as slow. */
  slow_query_ms: z.number().int(),
  /** The performance gate a deployment with canaries gets unless it brings its own (null: none). */
  deploy_gate: deploymentGateSchema.nullable(),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

/** Fields left out keep their value; `deploy_gate: null` removes the gate. */
export const workspaceSettingsUpdateSchema = z.object({
  /** Only the connection it already lives on: a development database does not move. */
  connection_id: idSchema.optional(),
  default_isolation_level: isolationLevelSchema.optional(),
  default_parallelism: z
    .number({ error: 'default_parallelism must be a number' })
    .int('default_parallelism must be a whole number')
    .min(1, 'default_parallelism must be at least 1')
    .max(64, 'default_parallelism must be at most 64')
    .optional(),
  slow_query_ms: z
    .number({ error: 'slow_query_ms must be a number of milliseconds' })
    .int('slow_query_ms must be a whole number of milliseconds')
    .min(1, 'slow_query_ms must be at least 1 ms')
    .max(3_600_000, 'slow_query_ms must be at most one hour')
    .optional(),
  deploy_gate: deploymentGateSchema.nullable().optional(),
});
export type WorkspaceSettingsUpdate = z.infer<typeof workspaceSettingsUpdateSchema>;

export const gateResultSchema = z.object({
  tenant_id: z.string(),
  before_run_id: z.string(),
  after_run_id: z.string().nullable(),
  /** Milliseconds. */
  before_p95: z.number(),
  after_p95: z.number().nullable(),
  /** Percent change of the metric; positive is worse. */
  regression_pct: z.number().nullable(),
  passed: z.boolean(),
  message: z.string().nullable(),
});
export type GateResult = z.infer<typeof gateResultSchema>;

export const jobGateSchema = z.object({
  profile: z.string(),
  metric: z.literal('p95'),
  max_regression_pct: z.number(),
  /** One per canary measured so far. */
  results: z.array(gateResultSchema),
});
export type JobGate = z.infer<typeof jobGateSchema>;

export const jobSummarySchema = z.object({
  /** The project it belongs to (listed items carry it). */
  project_id: z.string().optional(),
  job_id: z.string(),
  blueprint_id: z.string(),
  version: z.string(),
  status: z.enum(JOB_STATUSES),
  /** 0..100 over finished tenants (completed, failed, drifted). */
  progress: z.number(),
  progress_display: z.string(),
  total_tenants: z.number().int(),
  completed_tenants: z.number().int(),
  failed_tenants: z.number().int(),
  drifted_tenants: z.number().int(),
  parallelism: z.number().int(),
  error_policy: z.enum(['continue', 'halt']),
  max_failures: z.number().int(),
  message: z.string().nullable(),
  started_at: z.iso.datetime(),
  completed_at: z.iso.datetime().nullable(),
  /** Present when the deployment is performance-gated: the objective and each canary measured. */
  gate: jobGateSchema.nullable().optional(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobTenantSchema = z.object({
  tenant_id: z.string(),
  status: z.enum(JOB_TENANT_STATUSES),
  canary: z.boolean(),
  from_version: z.string().nullable(),
  to_version: z.string(),
  /** MySQL: statements of this migration already applied (a retry resumes after them). */
  statements_done: z.number().int(),
  error: z.string().nullable(),
  started_at: z.iso.datetime().nullable(),
  finished_at: z.iso.datetime().nullable(),
});
export type JobTenant = z.infer<typeof jobTenantSchema>;

export const jobDetailSchema = jobSummarySchema.extend({
  success: z.literal(true),
  tenants: z.array(jobTenantSchema),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

/** What suspending or deleting a tenant would touch, so a confirmation can say it in numbers. */
export const tenantImpactSchema = z.object({
  success: z.literal(true),
  tenant_id: z.string(),
  status: z.enum(TENANT_STATUSES),
  /** Open sessions of the tenant's roles over all its databases; null when a server did not answer. */
  sessions: z.number().int().nullable(),
  databases: z.array(
    z.object({
      blueprint: z.string(),
      database: z.string(),
      sessions: z.number().int().nullable(),
    }),
  ),
});
export type TenantImpact = z.infer<typeof tenantImpactSchema>;

// ---------- admin ----------

export const adminQueryResultSchema = z.object({
  success: z.literal(true),
  /** `tenant_id` first, then the result's own columns. */
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
  row_count: z.number().int(),
  truncated: z.boolean(),
  tenants: z.array(
    z.object({
      tenant_id: z.string(),
      ok: z.boolean(),
      row_count: z.number().int(),
      affected: z.number().int().nullable(),
      duration_ms: z.number(),
      error: z.string().nullable(),
    }),
  ),
  errors: z.array(z.object({ tenant_id: z.string(), error: z.string() })),
});
export type AdminQueryResult = z.infer<typeof adminQueryResultSchema>;

const ok = z.object({ success: z.literal(true), message: z.string() });

export const tenantOperations = {
  /** Every workspace, oldest first. */
  'workspaces.list': operation({
    doc: 'List workspaces.',
    input: z.object({}).default({}),
    output: z.object({
      success: z.literal(true),
      count: z.number().int(),
      workspaces: z.array(workspaceSummarySchema),
    }),
    rest: { method: 'GET', path: '/api/v1/workspaces' },
  }),
  /** Create the development database `<name>_dev` on a saved connection. */
  'workspaces.create': operation({
    doc: 'Create a workspace.',
    input: z.object({
      name: safeName('workspace name'),
      connection_id: idSchema,
      /** Optional check: must match the connection's engine. */
      database: databaseTypeSchema.optional(),
    }),
    output: workspaceDetailSchema,
    rest: { method: 'POST', path: '/api/v1/workspaces', status: 201 },
  }),
  /** A workspace with its current schema and count of undeployed changes. */
  'workspaces.get': operation({
    doc: 'Get a workspace.',
    input: workspaceRef,
    output: workspaceDetailSchema,
    rest: { method: 'GET', path: '/api/v1/workspaces/{id}' },
  }),
  /** Drop the development database and forget the workspace (its blueprint stays). */
  'workspaces.delete': operation({
    doc: 'Delete a workspace.',
    input: workspaceRef,
    output: ok,
    rest: { method: 'DELETE', path: '/api/v1/workspaces/{id}' },
  }),
  /** Tables, columns, indexes and foreign keys of the development database, read live. */
  'workspaces.schema': operation({
    doc: "Get a workspace's current schema.",
    input: workspaceRef,
    output: z.object({
      success: z.literal(true),
      workspace: z.string(),
      ...schemaSnapshotSchema.shape,
    }),
    rest: { method: 'GET', path: '/api/v1/workspaces/{id}/schema' },
  }),
  /** Import a schema from a template, JSON tables or another database; recorded as pending changes. */
  'workspaces.importSchema': operation({
    doc: 'Import a schema into a workspace.',
    input: z.intersection(workspaceRef, schemaImportSchema),
    output: z.object({
      success: z.literal(true),
      message: z.string(),
      changes: z.array(changeSchema),
      ...schemaSnapshotSchema.shape,
    }),
    rest: { method: 'POST', path: '/api/v1/workspaces/{id}/schema' },
  }),
  /** Run statements in the workspace, one after another; each DDL is recorded as a pending change. */
  'workspaces.query': operation({
    doc: 'Run a query in a workspace.',
    input: workspaceRef.extend({
      query: z.string().trim().min(1, 'query must not be empty').max(100_000),
      max_rows: z.number().int().min(1).max(10_000).default(1000),
      timeout_ms: statementTimeoutSchema,
    }),
    output: consoleResultSchema,
    rest: { method: 'POST', path: '/api/v1/workspaces/{id}/queries' },
  }),
  /** Pending changes in order, and drift: changes made to the dev database outside Benchphant. */
  'workspaces.diff': operation({
    doc: 'Pending DDL changes and drift of a workspace.',
    input: workspaceRef,
    output: z.object({
      success: z.literal(true),
      workspace: z.string(),
      changes: z.array(changeSchema),
      drift: driftSchema,
    }),
    rest: { method: 'GET', path: '/api/v1/workspaces/{id}/diff' },
  }),
  /** Leave a change out of the next deploy (the dev database keeps it). */
  'workspaces.skipChange': operation({
    doc: 'Skip a DDL change from the deploy queue.',
    input: workspaceRef.extend({ ddl_id: z.string().min(1).max(100) }),
    output: z.object({ success: z.literal(true), message: z.string(), change: changeSchema }),
    rest: { method: 'DELETE', path: '/api/v1/workspaces/{id}/diff/{ddl_id}' },
  }),
  /** Apply a change's inverse to the dev database; refused, with the reason, where none exists. */
  'workspaces.revertChange': operation({
    doc: 'Revert a DDL change.',
    input: workspaceRef.extend({ ddl_id: z.string().min(1).max(100) }),
    output: z.object({ success: z.literal(true), message: z.string(), change: changeSchema }),
    rest: { method: 'POST', path: '/api/v1/workspaces/{id}/diff/{ddl_id}/revert' },
  }),
  /** Where the workspace lives and the defaults of its tenants and deployments. */
  'workspaces.settings': operation({
    doc: "Get a workspace's settings.",
    input: workspaceRef,
    output: workspaceSettingsSchema,
    rest: { method: 'GET', path: '/api/v1/workspaces/{id}/settings' },
  }),
  /** Change some of a workspace's settings; the others keep their value. */
  'workspaces.configure': operation({
    doc: "Update a workspace's settings.",
    input: workspaceRef.extend(workspaceSettingsUpdateSchema.shape),
    output: workspaceSettingsSchema,
    rest: { method: 'POST', path: '/api/v1/workspaces/{id}/settings' },
  }),
  /** Turn the pending changes into the blueprint's next version (1.0, 1.1, …). */
  'workspaces.deploy': operation({
    doc: "Create the blueprint's next version from the pending changes.",
    input: workspaceRef,
    output: z.object({
      success: z.literal(true),
      message: z.string(),
      blueprint: z.string(),
      version: z.string(),
      statements: z.array(z.string()),
    }),
    rest: { method: 'POST', path: '/api/v1/workspaces/{id}/deploy', status: 201 },
  }),

  /** Every blueprint with its latest version and the tenants that use it. */
  'blueprints.list': operation({
    doc: 'List blueprints.',
    input: z.object({}).default({}),
    output: z.object({ success: z.literal(true), blueprints: z.array(blueprintSummarySchema) }),
    rest: { method: 'GET', path: '/api/v1/blueprints' },
  }),
  /** The schema snapshot of a version (default: the latest). */
  'blueprints.get': operation({
    doc: "Get a blueprint's schema.",
    input: z.object({ name: safeName('blueprint name'), version: versionSchema.optional() }),
    output: blueprintSummarySchema.extend({
      success: z.literal(true),
      schema: schemaSnapshotSchema,
    }),
    rest: { method: 'GET', path: '/api/v1/blueprints/{name}' },
  }),
  /**
   * Deletes a blueprint no tenant uses (soft-deleted tenants count: they can be restored), with
   * its versions and its deployments' history. Its workspace, when it still exists, keeps its
   * changes: they wait as pending again, so the next deploy starts over at 1.0.
   */
  'blueprints.delete': operation({
    doc: 'Delete a blueprint no tenant uses.',
    input: z.object({ name: safeName('blueprint name') }),
    output: z.object({ success: z.literal(true), name: z.string(), message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/blueprints/{name}' },
  }),
  /** Every version, oldest first, with its migration. */
  'blueprints.versions': operation({
    doc: 'List blueprint versions.',
    input: z.object({ name: safeName('blueprint name') }),
    output: z.object({
      success: z.literal(true),
      name: z.string(),
      versions: z.array(blueprintVersionSchema),
    }),
    rest: { method: 'GET', path: '/api/v1/blueprints/{name}/versions' },
  }),

  /** Every tenant (hard-deleted ones are gone; soft-deleted ones show as `deleted`). */
  'tenants.list': operation({
    doc: 'List tenants.',
    input: z.object({ blueprint: safeName('blueprint name').optional() }).default({}),
    output: z.object({
      success: z.literal(true),
      count: z.number().int(),
      tenants: z.array(tenantSchema.omit({ success: true })),
    }),
    rest: { method: 'GET', path: '/api/v1/tenants' },
  }),
  /** Provision one database per blueprint, each with its own role, at the blueprint's latest version. */
  'tenants.create': operation({
    doc: 'Create a tenant.',
    input: z.object({
      tenant_id: safeName('tenant id'),
      databases: z
        .array(
          z.object({
            blueprint: safeName('blueprint name'),
            /** Default: the workspace's `default_isolation_level` (1 unless set). */
            isolation_level: z.union([z.literal(1), z.literal(2)]).optional(),
            /**
             * Level 2: the dedicated server connection for this tenant; without it the database
             * waits (`provisioning`) until `POST /webhooks/vm-ready` attaches one.
             */
            connection_id: idSchema.optional(),
          }),
        )
        .min(1, 'a tenant needs at least one database')
        .max(20),
    }),
    output: tenantSchema,
    rest: { method: 'POST', path: '/api/v1/tenants', status: 201 },
  }),
  'tenants.get': operation({
    doc: 'Get a tenant.',
    input: tenantRef,
    output: tenantSchema,
    rest: { method: 'GET', path: '/api/v1/tenants/{id}' },
  }),
  /** Soft delete (restorable); `hard=true` with `confirm=<tenant id>` drops databases and roles. */
  'tenants.delete': operation({
    doc: 'Delete a tenant.',
    input: tenantRef.extend({
      hard: flag.default(false),
      confirm: z.string().max(100).optional(),
    }),
    output: ok.extend({ tenant_id: z.string(), status: z.enum(TENANT_STATUSES).nullable() }),
    rest: { method: 'DELETE', path: '/api/v1/tenants/{id}' },
  }),
  /** Read-only: the databases and open sessions a suspend or delete would end (for a confirmation). */
  'tenants.impact': operation({
    doc: 'Preview what suspending or deleting a tenant ends.',
    input: tenantRef,
    output: tenantImpactSchema,
    rest: { method: 'GET', path: '/api/v1/tenants/{id}/impact' },
  }),
  /** The tenant's roles lose the right to connect; their open sessions are ended. */
  'tenants.suspend': operation({
    doc: 'Suspend a tenant.',
    input: tenantRef,
    output: tenantSchema,
    rest: { method: 'POST', path: '/api/v1/tenants/{id}/suspend' },
  }),
  'tenants.resume': operation({
    doc: 'Resume a suspended tenant.',
    input: tenantRef,
    output: tenantSchema,
    rest: { method: 'POST', path: '/api/v1/tenants/{id}/resume' },
  }),
  'tenants.restore': operation({
    doc: 'Restore a soft-deleted tenant.',
    input: tenantRef,
    output: tenantSchema,
    rest: { method: 'POST', path: '/api/v1/tenants/{id}/restore' },
  }),
  /** The one place a tenant role's password is shown. */
  'tenants.reveal': operation({
    doc: "Reveal a tenant database's password.",
    input: tenantRef.extend({ blueprint: safeName('blueprint name') }),
    output: z.object({
      success: z.literal(true),
      tenant_id: z.string(),
      blueprint: z.string(),
      user: z.string(),
      password: z.string(),
      connection_string: z.string(),
    }),
    rest: { method: 'POST', path: '/api/v1/tenants/{id}/reveal' },
  }),
  /** Every deployment that touched this tenant, newest first. */
  'tenants.deployments': operation({
    doc: "A tenant's deployment history.",
    input: tenantRef,
    output: z.object({
      success: z.literal(true),
      tenant_id: z.string(),
      deployments: z.array(jobTenantSchema.extend({ job_id: z.string(), blueprint: z.string() })),
    }),
    rest: { method: 'GET', path: '/api/v1/tenants/{id}/deployments' },
  }),

  /** Every deployment job, newest first. */
  'deployments.list': operation({
    doc: 'List deployments.',
    input: z.object({}).default({}),
    output: z.object({
      success: z.literal(true),
      count: z.number().int(),
      jobs: z.array(jobSummarySchema),
    }),
    rest: { method: 'GET', path: '/api/v1/deployments' },
  }),
  /** Roll a blueprint version out to all its tenants or a list, as a background job. */
  'deployments.create': operation({
    doc: 'Create a deployment.',
    input: z.object({
      blueprint_name: safeName('blueprint name'),
      /** Default: the latest version. */
      version: versionSchema.optional(),
      deploy_all: z.boolean().default(false),
      tenant_ids: z.array(safeName('tenant id')).max(100_000).optional(),
      /** Tenants that go first; the rest wait until all of them succeed. */
      canary: z.array(safeName('tenant id')).max(1000).default([]),
      /** Default: the workspace's `default_parallelism` (4 unless set). */
      parallelism: z.number().int().min(1).max(64).optional(),
      error_policy: z.enum(['continue', 'halt']).default('continue'),
      /** `halt`: stop starting new tenants after this many failures. */
      max_failures: z.number().int().min(1).max(100_000).default(1),
      /**
       * Benchmark the canaries before and after; halt on a p95 regression beyond the margin.
       * Default (with canaries): the workspace's `deploy_gate`; null deploys without one.
       */
      gate: deploymentGateSchema.nullable().optional(),
    }),
    output: jobSummarySchema,
    rest: { method: 'POST', path: '/api/v1/deployments', status: 201 },
  }),
  /** A job with each tenant's outcome. */
  'deployments.get': operation({
    doc: 'Get deployment status.',
    input: z.object({ id: z.string().min(1).max(100) }),
    output: jobDetailSchema,
    rest: { method: 'GET', path: '/api/v1/deployments/{id}' },
  }),
  /** Run the failed, drifted-then-fixed and interrupted tenants of a finished job again. */
  'deployments.retry': operation({
    doc: 'Retry the failed or interrupted tenants of a deployment.',
    input: z.object({ id: z.string().min(1).max(100) }),
    output: jobSummarySchema,
    rest: { method: 'POST', path: '/api/v1/deployments/{id}/retry' },
  }),

  /** SQL on one tenant or all tenants of a blueprint; writes need `allow_writes`. */
  'admin.query': operation({
    doc: 'Run a query on tenant(s).',
    input: z.object({
      query: z.string().trim().min(1, 'query must not be empty').max(100_000),
      tenant_id: safeName('tenant id').optional(),
      blueprint: safeName('blueprint name').optional(),
      all_tenants: z.boolean().default(false),
      /** Optional check, as the spec: must match the blueprint's engine. */
      database_type: databaseTypeSchema.optional(),
      allow_writes: z.boolean().default(false),
      parallelism: z.number().int().min(1).max(64).default(8),
      max_rows: z.number().int().min(1).max(100_000).default(10_000),
      timeout_ms: statementTimeoutSchema,
    }),
    output: adminQueryResultSchema,
    rest: { method: 'POST', path: '/api/v1/admin/query' },
  }),
};

export const tenantEvents = {
  /** A workspace, blueprint or tenant changed; clients refetch. */
  'tenants.changed': event({
    doc: 'Workspaces, blueprints or tenants changed.',
    payload: z.object({
      kind: z.enum(['workspace', 'blueprint', 'tenant']),
      id: z.string(),
    }),
  }),
  /** A deployment job moved: its summary after each tenant. */
  'deployments.progressed': event({
    doc: 'A deployment job progressed.',
    payload: jobSummarySchema,
  }),
};
