// Runs in every process. Connections (benchphant-api.md "Connections", connections-api.md).
import { z } from 'zod';
import {
  connectionCreateSchema,
  connectionParamsSchema,
  connectionPatchSchema,
  connectionSchema,
  engineTypeSchema,
  environmentSchema,
  hostKeySchema,
  idSchema,
  testResultSchema,
} from '../model/connection';
import { event, operation } from './define';

/**
 * A saved connection named in a path: any text, so a malformed id is answered like an unknown
 * one (404), as connections-api.md expects, rather than as bad input.
 */
const byId = z.object({ id: z.string().min(1).max(200) });

/** connections-api.md is PostgreSQL-only and sends no `type`: absent means postgresql. */
const typeDefaultsToPostgres = { type: engineTypeSchema.default('postgresql') };

export const connectionOperations = {
  /** Every saved connection, metadata only. */
  'connections.list': operation({
    doc: 'List saved connections (never with passwords).',
    input: z.object({}).default({}),
    output: z.array(connectionSchema),
    rest: { method: 'GET', path: '/api/v1/connections' },
  }),
  /** One saved connection. */
  'connections.get': operation({
    doc: 'Get one connection by id.',
    input: byId,
    output: connectionSchema,
    rest: { method: 'GET', path: '/api/v1/connections/{id}' },
  }),
  /** Save a connection; the password goes to the secret store, never to the local database. */
  'connections.create': operation({
    doc: 'Create a connection.',
    input: connectionCreateSchema.extend(typeDefaultsToPostgres),
    output: connectionSchema,
    rest: { method: 'POST', path: '/api/v1/connections', status: 201 },
  }),
  /** Save a connection from a `postgres://` or `mysql://` URL. */
  'connections.createFromUrl': operation({
    doc: 'Create a connection from a connection URL.',
    input: z.object({
      url: z.string().trim().min(1, 'url must not be empty').max(4096, 'url is too long'),
      name: z.string().trim().min(1).max(200).optional(),
      environment: environmentSchema.optional(),
    }),
    output: connectionSchema,
    rest: { method: 'POST', path: '/api/v1/connections/from-url', status: 201 },
  }),
  /**
   * What a connection URL names, without its password, and which saved connection already reaches
   * the same database as the same user; with `test`, also tries it (password included).
   */
  'connections.checkUrl': operation({
    doc: 'Parse a connection URL, flag a saved duplicate, optionally test it.',
    input: z.object({
      url: z.string().trim().min(1, 'url must not be empty').max(4096, 'url is too long'),
      test: z.boolean().default(false),
    }),
    output: z.object({
      target: z.object({
        type: engineTypeSchema,
        host: z.string(),
        port: z.number().int(),
        database: z.string(),
        username: z.string(),
      }),
      duplicate: z.object({ id: idSchema, name: z.string() }).nullable(),
      test: testResultSchema.nullable(),
    }),
    rest: { method: 'POST', path: '/api/v1/connections/check-url' },
  }),
  /** Change some fields; absent fields stay as they are. */
  'connections.update': operation({
    doc: 'Partially update a connection.',
    input: connectionPatchSchema.extend(byId.shape),
    output: connectionSchema,
    rest: { method: 'PUT', path: '/api/v1/connections/{id}' },
  }),
  /** Remove a connection and its secret. */
  'connections.delete': operation({
    doc: 'Delete a connection and its stored password.',
    input: byId,
    output: z.object({ message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/connections/{id}' },
  }),
  /** Try parameters that are not saved (the spec's POST /connections/test). */
  'connections.test': operation({
    doc: 'Test unsaved connection parameters.',
    input: connectionParamsSchema.extend(typeDefaultsToPostgres),
    output: testResultSchema,
    rest: { method: 'POST', path: '/api/v1/connections/test' },
  }),
  /** Try a saved connection with its stored password, optionally with edited (unsaved) fields. */
  'connections.testSaved': operation({
    doc: 'Test a saved connection, or its edited form before saving, with the stored password.',
    input: byId.extend({
      /**
       * Fields being edited; the stored password is used unless one is given here, and only for
       * the saved type, host, port and TLS mode, unless `keep_password` confirms the new ones.
       */
      changes: connectionParamsSchema.partial().optional(),
      /** The user confirmed sending the saved password to the edited address. */
      keep_password: z.boolean().optional(),
    }),
    output: testResultSchema,
    rest: { method: 'POST', path: '/api/v1/connections/{id}/test' },
  }),
  /** Trust an SSH host key that a test reported as unknown (SSH_HOST_KEY_UNKNOWN); a changed key is refused. */
  'connections.acceptHostKey': operation({
    doc: "Record an SSH server's host key in Benchphant's known_hosts after the user checked its fingerprint.",
    input: hostKeySchema,
    output: z.object({ message: z.string() }),
    rest: { method: 'POST', path: '/api/v1/connections/known-hosts' },
  }),
};

export const connectionEvents = {
  /** Something in the list of connections changed; clients refetch. */
  'connections.changed': event({
    doc: 'The set of connections changed.',
    payload: z.object({ id: idSchema.optional() }),
  }),
};
