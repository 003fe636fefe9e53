// Runs in every process. Tenant operations (tenantsdb-api.md "Tenants": backup, backups,
// rollback) on the user's own servers: logical backups kept under the data directory, restored
// through a verified copy.
import { z } from 'zod';
import { event, operation } from './define';
import { databaseTypeSchema, safeName } from './tenants';

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
  'backups.delete': operation({
    doc: 'Delete a backup file.',
    input: z.object({ id: z.uuid() }),
    output: z.object({ message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/backups/{id}' },
  }),
};

export const tenantOpsEvents = {
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
};
