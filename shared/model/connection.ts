// Runs in every process. The connection model as the specs describe it (benchphant-api.md,
// connections-api.md); the password is write-only: it is accepted here and never returned.
import { z } from 'zod';
import {
  ENGINE_INFO,
  ENGINE_TYPES,
  isSqlType,
  notSupported,
  SQL_TYPES,
  type EngineType,
  type SqlType,
} from './engines';
import { AppError } from '../errors';

/** A feature asked of an engine that does not have it yet (a BAD_INPUT with the reason). */
export class UnsupportedEngine extends AppError {
  constructor(message: string) {
    super('BAD_INPUT', message);
  }
}

export { ENGINE_TYPES, SQL_TYPES };
export type { EngineType, SqlType } from './engines';
/**
 * The SQL engines, under the name the folders not yet moved to engine modules use (tenants,
 * tenant-ops, db-metrics, scheduler): what they handle is SQL, so Redis never reaches them typed.
 */
export const DB_TYPES = SQL_TYPES;
export type DbType = SqlType;
export const ENVIRONMENTS = ['production', 'staging', 'development', 'test'] as const;
export const TLS_MODES = ['disable', 'prefer', 'require', 'verify-full'] as const;

export const DEFAULT_PORTS = Object.fromEntries(
  ENGINE_TYPES.map((t) => [t, ENGINE_INFO[t].defaultPort]),
) as Record<EngineType, number>;

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
/** A connection's engine. */
export const engineTypeSchema = z.enum(ENGINE_TYPES, {
  error: `type must be one of: ${ENGINE_TYPES.join(', ')}`,
});
/** The engines that speak SQL: where an operation needs SQL (runs, imports, moves), only these. */
export const sqlTypeSchema = dbTypeSchema;
export const environmentSchema = z.enum(ENVIRONMENTS, {
  error: `environment must be one of: ${ENVIRONMENTS.join(', ')}`,
});
export const portSchema = z
  .number({ error: 'port must be a number' })
  .int('port must be a whole number')
  .min(1, 'port must be between 1 and 65535')
  .max(65535, 'port must be between 1 and 65535');

const filePath = (label: string) =>
  z
    .string({ error: `${label} must be a file path` })
    .trim()
    .min(1, `${label} must not be empty`)
    .max(4096, `${label} is too long`);

export const tlsSchema = z.object({
  mode: z.enum(TLS_MODES, { error: `tls.mode must be one of: ${TLS_MODES.join(', ')}` }),
  /** Path of a PEM file with the CA certificate(s) that verify-full trusts. */
  ca_file: filePath('tls.ca_file').optional(),
  /** Client certificate (PEM) for servers that ask for one; needs key_file too. */
  cert_file: filePath('tls.cert_file').optional(),
  /** The client certificate's private key (PEM); its passphrase, if any, lives in the keychain. */
  key_file: filePath('tls.key_file').optional(),
  /** The name verify-full checks the certificate against, when it is not `host` (set by tunnels). */
  server_name: z.string().trim().min(1).max(255).optional(),
});
export type TlsSettings = z.infer<typeof tlsSchema>;

export const SSH_AUTH_METHODS = ['agent', 'key', 'password'] as const;
export type SshAuthMethod = (typeof SSH_AUTH_METHODS)[number];

/** One SSH hop as stored: no secret, only whether one is kept in the keychain. */
const sshHopFields = {
  /** A host name, an address, or an alias from ~/.ssh/config. */
  host: trimmed('SSH host', 255),
  /** Absent: from ~/.ssh/config, else 22. */
  port: portSchema.optional(),
  /** Absent: from ~/.ssh/config, else the local OS user name (as ssh does). */
  user: trimmed('SSH user', 128).optional(),
  auth: z.enum(SSH_AUTH_METHODS, {
    error: `SSH auth must be one of: ${SSH_AUTH_METHODS.join(', ')}`,
  }),
  /** Private key for `key` auth; absent: the IdentityFile of ~/.ssh/config. */
  key_file: filePath('SSH key_file').optional(),
};
const sshSecret = z
  .string()
  .max(4096, 'an SSH password or passphrase must be at most 4096 characters')
  .optional();

/** A hop as the user enters it: `secret` is the password or the key's passphrase (write-only). */
export const sshHopInputSchema = z.object({ ...sshHopFields, secret: sshSecret });
export const sshHopSchema = z.object({ ...sshHopFields, has_secret: z.boolean() });
export type SshHopInput = z.infer<typeof sshHopInputSchema>;
export type SshHop = z.infer<typeof sshHopSchema>;

const MAX_JUMPS = 8;
/** The tunnel: the last hop (which forwards to the database) and the jump hosts before it, in order. */
export const sshInputSchema = sshHopInputSchema.extend({
  jumps: z.array(sshHopInputSchema).max(MAX_JUMPS, `at most ${MAX_JUMPS} jump hosts`).default([]),
});
export const sshSchema = sshHopSchema.extend({ jumps: z.array(sshHopSchema) });
export type SshInput = z.infer<typeof sshInputSchema>;
export type SshSettings = z.infer<typeof sshSchema>;

export const idSchema = z.uuid({ error: 'id must be a UUID' });

const tagsSchema = z
  .array(trimmed('a tag', 64), { error: 'tags must be a list of strings' })
  .max(32, 'at most 32 tags');

/** The parameters that reach a server: enough to test a connection that is not saved. */
export const connectionParamsSchema = z.object({
  type: engineTypeSchema,
  host: trimmed('host', 255),
  port: portSchema,
  database: trimmed('database', 128),
  username: trimmed('username', 128),
  password: z.string().max(1024, 'password must be at most 1024 characters').optional(),
  tls: tlsSchema.optional(),
  /** Passphrase of tls.key_file (write-only). */
  tls_key_passphrase: z.string().max(1024).optional(),
  /** Reach the server through an SSH tunnel; absent or null: directly. */
  ssh: sshInputSchema.nullable().optional(),
});
/** The parameters of a connection of any engine: what the connections domain and the engines take. */
export type EngineParams = z.infer<typeof connectionParamsSchema>;
/**
 * The parameters of an SQL connection: what DbClient, benchmarks and the tenants' folders take.
 * Callers get one from `requireSql`, which answers a clear error for other engines.
 */
export type ConnectionParams = EngineParams & { type: SqlType };

/** connections-api.md's `vault_path`: the name the secret store keeps the credentials under. */
export const vaultPathSchema = z
  .string()
  .trim()
  .regex(
    /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/,
    'vault_path must be up to 200 letters, digits, dots, dashes, underscores and slashes',
  );

export const connectionCreateSchema = connectionParamsSchema.extend({
  name: trimmed('name', 200),
  /** Unique per connection; default `connection/<id>`. */
  vault_path: vaultPathSchema.optional(),
  environment: environmentSchema.default('development'),
  description: z.string().max(2000, 'description must be at most 2000 characters').default(''),
  tags: tagsSchema.default([]),
  is_active: z.boolean().default(true),
  /**
   * SSH to the database server's host used only to read its CPU, memory and disks (the
   * connection itself stays direct); ignored when `ssh` is set, whose session serves both.
   */
  monitor_ssh: sshInputSchema.nullable().optional(),
});
export type ConnectionCreate = z.infer<typeof connectionCreateSchema>;

/** Every field optional, as connections-api.md's update says; an empty password clears it. */
export const connectionPatchSchema = z
  .object({
    name: trimmed('name', 200),
    type: engineTypeSchema,
    host: trimmed('host', 255),
    port: portSchema,
    database: trimmed('database', 128),
    username: trimmed('username', 128),
    password: z.string().max(1024, 'password must be at most 1024 characters'),
    tls: tlsSchema,
    /** An empty string clears the stored passphrase. */
    tls_key_passphrase: z.string().max(1024),
    /** Hops without `secret` keep the one stored for the same position; null removes the tunnel. */
    ssh: sshInputSchema.nullable(),
    /** As `ssh`: hops without `secret` keep the stored one; null removes it. */
    monitor_ssh: sshInputSchema.nullable(),
    environment: environmentSchema,
    description: z.string().max(2000, 'description must be at most 2000 characters'),
    tags: tagsSchema,
    is_active: z.boolean(),
    /**
     * When type, host, port or TLS mode changes and no password is sent, the stored one is
     * forgotten unless this is true: a saved secret goes only where it was entered for.
     */
    keep_password: z.boolean(),
  })
  .partial();
export type ConnectionPatch = z.infer<typeof connectionPatchSchema>;

/** Where a password goes: changing any of these makes it a different recipient. */
export interface Endpoint {
  type: EngineType;
  host: string;
  port: number;
  tls?: { mode: TlsMode } | undefined;
}

/** Whether `next` sends a password somewhere other than `saved` (a missing TLS mode is prefer). */
export function endpointChanged(saved: Endpoint, next: Partial<Endpoint>): boolean {
  const mode = (e: Partial<Endpoint>) => e.tls?.mode ?? 'prefer';
  return (
    (next.type !== undefined && next.type !== saved.type) ||
    (next.host !== undefined && next.host.trim().toLowerCase() !== saved.host.toLowerCase()) ||
    (next.port !== undefined && next.port !== saved.port) ||
    (next.tls !== undefined && mode(next) !== mode(saved))
  );
}

export const connectionSchema = z.object({
  id: idSchema,
  name: z.string(),
  type: engineTypeSchema,
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  username: z.string(),
  environment: environmentSchema,
  description: z.string(),
  tags: z.array(z.string()),
  is_active: z.boolean(),
  tls: tlsSchema,
  /** Whether the client key's passphrase is kept in the secret store. */
  has_tls_key_passphrase: z.boolean().optional(),
  /** The SSH tunnel the connection goes through; null or absent: direct. */
  ssh: sshSchema.nullable().optional(),
  /** SSH used only to read the server host's metrics; null or absent: none. */
  monitor_ssh: sshSchema.nullable().optional(),
  /** Whether a password is kept for it in the secret store; the password itself never leaves. */
  has_password: z.boolean(),
  /** Where the password lives, e.g. `keychain:benchphant/connection/<id>`. */
  secret_ref: z.string().nullable(),
  /** connections-api.md's name for the credentials' place in the secret store. */
  vault_path: z.string().optional(),
  /** True for the built-in Sandbox PostgreSQL. */
  is_sandbox: z.boolean(),
  /** When the saved connection (as saved, not an edited form) was last tested; null: never. */
  last_tested_at: z.iso.datetime().nullable().optional(),
  /** Whether that test connected. */
  last_test_ok: z.boolean().nullable().optional(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Connection = z.infer<typeof connectionSchema>;
/** A connection whose engine speaks SQL. */
export type SqlConnection = Connection & { type: SqlType };

type Target = { type: string; host: string; port: number; database: string; username: string };

/** Two connections that reach the same database as the same user: one is a duplicate. */
export function sameTarget(a: Target, b: Target): boolean {
  return (
    a.type === b.type &&
    a.host.trim().toLowerCase() === b.host.trim().toLowerCase() &&
    a.port === b.port &&
    a.database === b.database &&
    a.username === b.username
  );
}

/** Narrows a connection or its parameters to SQL, or says the feature is not there for its engine. */
export function requireSql<T extends { type: EngineType }>(
  c: T,
  feature: string,
): T & { type: SqlType } {
  if (isSqlType(c.type)) return c as T & { type: SqlType };
  throw new UnsupportedEngine(notSupported(feature, c.type));
}

/** What describes a connection to someone else: no id, no secret, no local state. */
export const PORTABLE_FIELDS = {
  name: true,
  type: true,
  host: true,
  port: true,
  database: true,
  username: true,
  environment: true,
  description: true,
  tags: true,
  tls: true,
} as const;

/** An SSH server's host key as known_hosts records it. */
export const hostKeySchema = z.object({
  host: trimmed('host', 255),
  port: portSchema,
  /** e.g. ssh-ed25519 */
  key_type: z.string().min(1).max(64),
  /** The public key blob, base64 (the known_hosts key field). */
  key: z
    .string()
    .min(16)
    .max(16384)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'key must be base64'),
  /** `SHA256:…` as ssh-keygen -l prints it. */
  fingerprint: z.string().min(1).max(128),
});
export type HostKey = z.infer<typeof hostKeySchema>;

export const testResultSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  /** Stable cause on failure: HOST_NOT_FOUND, CONNECTION_REFUSED, TIMEOUT, AUTH_FAILED, … */
  code: z.string().optional(),
  server_version: z.string().optional(),
  /** How the server runs, where the engine says (Redis: standalone, cluster or sentinel). */
  server_mode: z.string().optional(),
  /** Round trip of a `SELECT 1` (Redis: `PING`) after connecting, in milliseconds. */
  rtt_ms: z.number().optional(),
  /** Time to connect (TCP + TLS + authentication), in milliseconds. */
  connect_ms: z.number().optional(),
  tls: z.boolean().optional(),
  /** What the TLS handshake settled on, when TLS was negotiated. */
  tls_details: z
    .object({
      protocol: z.string(),
      cipher: z.string(),
      /** The server certificate's subject, e.g. `CN=db.example.com`. */
      subject: z.string().optional(),
      issuer: z.string().optional(),
      valid_to: z.iso.datetime().optional(),
      days_left: z.number().optional(),
    })
    .optional(),
  /** Things that work today but need attention (a certificate about to expire, …). */
  warnings: z.array(z.string()).optional(),
  /** Round trip of the SSH tunnel itself (a keep-alive request to the last hop), in milliseconds. */
  ssh_rtt_ms: z.number().optional(),
  /** On SSH_HOST_KEY_UNKNOWN / SSH_HOST_KEY_CHANGED: the key the server presented. */
  host_key: hostKeySchema.optional(),
});
export type TestResult = z.infer<typeof testResultSchema>;
