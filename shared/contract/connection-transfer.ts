// Runs in every process. Moving connections in and out: import from other tools' files (a preview
// first, nothing written until apply) and export without secrets.
import { z } from 'zod';
import { connectionSchema, idSchema, PORTABLE_FIELDS, tlsSchema } from '../model/connection';
import { operation } from './define';

/** Where connections can come from; `benchphant` is this app's own export. */
export const IMPORT_SOURCES = [
  'urls',
  'pgpass',
  'pg_service',
  'my_cnf',
  'pgadmin',
  'dbeaver',
  'benchphant',
] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export const importSourceSchema = z.enum(IMPORT_SOURCES, {
  error: `source must be one of: ${IMPORT_SOURCES.join(', ')}`,
});

/** The largest file or pasted text an import reads. */
export const IMPORT_MAX_CHARS = 512 * 1024;

/** A connection the import would create; a password found in the source stays in the core. */
export const importCandidateSchema = connectionSchema.pick(PORTABLE_FIELDS).extend({
  /** Identifies the candidate within its preview. */
  key: z.string(),
  /** Where in the source it came from, e.g. `line 3` or `service [prod]`. */
  origin: z.string(),
  tls: tlsSchema.optional(),
  /** The source held a password for it (it goes to the secret store on apply). */
  has_password: z.boolean(),
  /** The source says a password is needed but did not give it (DBeaver): ask the user. */
  needs_password: z.boolean(),
});
export type ImportCandidate = z.infer<typeof importCandidateSchema>;

export const importSkippedSchema = z.object({
  origin: z.string(),
  /** `user@host:port/database` when the entry was readable (a duplicate); absent for a bad line. */
  address: z.string().optional(),
  reason: z.string(),
});
export type ImportSkipped = z.infer<typeof importSkippedSchema>;

export const importPreviewSchema = z.object({
  /** Hand it to connections.importApply; it expires after a while and works once. */
  token: z.uuid(),
  source: importSourceSchema,
  /** The file that was read, when one was. */
  file: z.string().nullable(),
  candidates: z.array(importCandidateSchema),
  skipped: z.array(importSkippedSchema),
  /** Things worth knowing that skipped nothing, e.g. an ignored `!include`. */
  notices: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const EXPORT_FORMATS = ['json', 'urls'] as const;

export const connectionTransferOperations = {
  /** Read a source and list what an import would create and skip; writes nothing. */
  'connections.importPreview': operation({
    doc: 'Preview an import of connections from pasted text, a file, or the default file of a source.',
    input: z.object({
      source: importSourceSchema,
      /** Pasted or uploaded contents; else `path`; else the source's default file (e.g. ~/.pgpass). */
      text: z
        .string()
        .max(IMPORT_MAX_CHARS, `text must be at most ${IMPORT_MAX_CHARS} characters`)
        .optional(),
      path: z.string().trim().min(1, 'path must not be empty').max(4096).optional(),
    }),
    output: importPreviewSchema,
    rest: { method: 'POST', path: '/api/v1/connections/import/preview' },
  }),
  /** Create the chosen candidates of a preview; passwords typed by the user go to the secret store. */
  'connections.importApply': operation({
    doc: 'Create the chosen connections of an import preview.',
    input: z.object({
      token: z.uuid({ error: 'token must be the token of a preview' }),
      /** The candidates to create (all of them when absent), each with an optional typed password. */
      items: z
        .array(
          z.object({
            key: z.string().min(1).max(64),
            password: z.string().max(1024, 'password must be at most 1024 characters').optional(),
          }),
        )
        .max(10_000)
        .optional(),
    }),
    output: z.object({
      created: z.array(connectionSchema),
      failed: z.array(z.object({ key: z.string(), name: z.string(), reason: z.string() })),
    }),
    rest: { method: 'POST', path: '/api/v1/connections/import/apply', status: 201 },
  }),
  /** Saved connections as a file without secrets: Benchphant's JSON, or one URL per line. */
  'connections.export': operation({
    doc: 'Export saved connections (never their passwords) as JSON or a URL list.',
    input: z.object({
      /** Which connections; all of them when absent. */
      ids: z.array(idSchema).max(10_000).optional(),
      format: z.enum(EXPORT_FORMATS).default('json'),
    }),
    output: z.object({
      filename: z.string(),
      content: z.string(),
      count: z.number().int(),
    }),
    rest: { method: 'POST', path: '/api/v1/connections/export' },
  }),
  /**
   * Whether the password file (~/.pgpass or $PGPASSFILE) of the machine Benchphant runs on has a
   * password for this saved connection; never the password itself. Remote callers: never.
   */
  'connections.pgpassOffer': operation({
    doc: 'Whether the password file has a password for a saved connection (never the password).',
    input: z.object({ id: idSchema }),
    output: z.object({ available: z.boolean(), file: z.string().nullable() }),
    rest: { method: 'GET', path: '/api/v1/connections/{id}/pgpass' },
  }),
  /** Store the password file's password for this connection in the secret store. */
  'connections.usePgpass': operation({
    doc: "Store the password file's password for a saved connection in the secret store.",
    input: z.object({ id: idSchema }),
    output: connectionSchema,
    rest: { method: 'POST', path: '/api/v1/connections/{id}/pgpass' },
  }),
};
