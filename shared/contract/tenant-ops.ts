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
