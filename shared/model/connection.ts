// Runs in every process. The connection model as the specs describe it (benchphant-api.md,
// connections-api.md); the password is write-only: it is accepted here and never returned.
import { z } from 'zod';

export const DB_TYPES = ['postgresql', 'mysql'] as const;
export const ENVIRONMENTS = ['production', 'staging', 'development', 'test'] as const;
export const TLS_MODES = ['disable', 'prefer', 'require', 'verify-full'] as const;

export const DEFAULT_PORTS: Record<DbType, number> = { postgresql: 5432, mysql: 3306 };

export type DbType = (typeof DB_TYPES)[number];
export type Environment = (typeof ENVIRONMENTS)[number];
export type TlsMode = (typeof TLS_MODES)[number];

const trimmed = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`);

export const dbTypeSchema = z.enum(DB_TYPES, {
  error: `type must be one of: ${DB_TYPES.join(', ')}`,
});
export const environmentSchema = z.enum(ENVIRONMENTS, {
  error: `environment must be one of: ${ENVIRONMENTS.join(', ')}`,
});
export const portSchema = z
  .number({ error: 'port must be a number' })
  .int('port must be a whole number')
  .min(1, 'port must be between 1 and 65535')
  .max(65535, 'port must be between 1 and 65535');

export const tlsSchema = z.object({
  mode: z.enum(TLS_MODES, { error: `tls.mode must be one of: ${TLS_MODES.join(', ')}` }),
  /** Path of a PEM file with the CA certificate(s) that verify-full trusts. */
  ca_file: z.string().trim().min(1).max(4096).optional(),
});
export type TlsSettings = z.infer<typeof tlsSchema>;

export const idSchema = z.uuid({ error: 'id must be a UUID' });

const tagsSchema = z
  .array(trimmed('a tag', 64), { error: 'tags must be a list of strings' })
  .max(32, 'at most 32 tags');

/** The parameters that reach a server: enough to test a connection that is not saved. */
export const connectionParamsSchema = z.object({
  type: dbTypeSchema,
  host: trimmed('host', 255),
  port: portSchema,
  database: trimmed('database', 128),
  username: trimmed('username', 128),
  password: z.string().max(1024, 'password must be at most 1024 characters').optional(),
  tls: tlsSchema.optional(),
});
export type ConnectionParams = z.infer<typeof connectionParamsSchema>;

export const connectionCreateSchema = connectionParamsSchema.extend({
  name: trimmed('name', 200),
  environment: environmentSchema.default('development'),
  description: z.string().max(2000, 'description must be at most 2000 characters').default(''),
  tags: tagsSchema.default([]),
  is_active: z.boolean().default(true),
});
export type ConnectionCreate = z.infer<typeof connectionCreateSchema>;

/** Every field optional, as connections-api.md's update says; an empty password clears it. */
export const connectionPatchSchema = z
  .object({
    name: trimmed('name', 200),
    type: dbTypeSchema,
    host: trimmed('host', 255),
    port: portSchema,
    database: trimmed('database', 128),
    username: trimmed('username', 128),
    password: z.string().max(1024, 'password must be at most 1024 characters'),
    tls: tlsSchema,
    environment: environmentSchema,
    description: z.string().max(2000, 'description must be at most 2000 characters'),
    tags: tagsSchema,
    is_active: z.boolean(),
  })
  .partial();
export type ConnectionPatch = z.infer<typeof connectionPatchSchema>;

export const connectionSchema = z.object({
  id: idSchema,
  name: z.string(),
  type: dbTypeSchema,
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  username: z.string(),
  environment: environmentSchema,
  description: z.string(),
  tags: z.array(z.string()),
  is_active: z.boolean(),
  tls: tlsSchema,
  /** Whether a password is kept for it in the secret store; the password itself never leaves. */
  has_password: z.boolean(),
  /** Where the password lives, e.g. `keychain:benchphant/connection/<id>` (the spec's vault_path). */
  secret_ref: z.string().nullable(),
  /** True for the built-in Sandbox PostgreSQL. */
  is_sandbox: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Connection = z.infer<typeof connectionSchema>;

export const testResultSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  /** Stable cause on failure: HOST_NOT_FOUND, CONNECTION_REFUSED, TIMEOUT, AUTH_FAILED, … */
  code: z.string().optional(),
  server_version: z.string().optional(),
  /** Round trip of a `SELECT 1` after connecting, in milliseconds. */
  rtt_ms: z.number().optional(),
  /** Time to connect (TCP + TLS + authentication), in milliseconds. */
  connect_ms: z.number().optional(),
  tls: z.boolean().optional(),
});
export type TestResult = z.infer<typeof testResultSchema>;
