// Runs in benchmark workers (and in the main process for the prepare phase's COPY session).
// Benchmark sessions: `pg` and `mysql2` connect and authenticate, then hand their socket to the
// lean wire paths. Transaction control always goes as plain text. Each driver is loaded when first
// used, so that a worker holds only the one its server needs (mysql2 alone is ~16 MB resident).
import type mysql from 'mysql2';
import type pg from 'pg';
import type { ConnectionParams, SqlType } from '../../../shared/model/connection';
import { tlsOptions } from '../db/tls';
import { wrapMysqlConnection } from './my-wire';
import { wrapPgClient } from './pg-wire';
import { hookedSocket } from './read-hook';
import type { BenchSession, SqlValue, Statement } from './workloads/spec';

export interface SessionOptions {
  params: ConnectionParams;
  tls: boolean;
  schema: string;
  protocol: 'prepared' | 'simple';
  connectTimeoutMs?: number;
}

const pgLiteral = (v: SqlValue): string =>
  typeof v === 'number' ? String(v) : v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`;

/** The simple protocol sends literals inside the text, as pgbench -M simple does. */
export function inlineParams(stmt: Statement, params: readonly SqlValue[]): string {
  if (params.length === 0) return stmt.parts.join('?');
  let sql = stmt.parts[0]!;
  for (let i = 1; i < stmt.parts.length; i++)
    sql += pgLiteral(params[i - 1] ?? null) + stmt.parts[i]!;
  return sql;
}

/** A `pg` client on the benchmark schema; `lean` reads plain TCP into one reused buffer. */
export async function connectPg(
  o: Omit<SessionOptions, 'protocol'>,
  lean: boolean,
): Promise<pg.Client> {
  const ssl = o.tls
    ? await tlsOptions(o.params.tls, o.params.host, o.params.tls_key_passphrase)
    : false;
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host: o.params.host,
    port: o.params.port,
    user: o.params.username,
    password: o.params.password ?? '',
    database: o.params.database,
    ssl,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5000,
    application_name: 'benchphant_bench',
    // TLS keeps the driver's own socket.
    ...(lean && ssl === false ? { stream: hookedSocket } : {}),
  });
  // A killed backend surfaces as the in-flight query's rejection; the event must not crash the process.
  client.on('error', () => {});
  await client.connect();
  await client.query(`SET search_path TO ${o.schema}`);
  return client;
}

async function openPg(o: SessionOptions): Promise<BenchSession> {
  return wrapPgClient(await connectPg(o, true), o.protocol === 'prepared', inlineParams);
}

async function openMy(o: SessionOptions): Promise<BenchSession> {
  const ssl = o.tls
    ? await tlsOptions(o.params.tls, o.params.host, o.params.tls_key_passphrase)
    : false;
  const { default: mysql } = await import('mysql2');
  const conn = mysql.createConnection({
    host: o.params.host,
    port: o.params.port,
    user: o.params.username,
    password: o.params.password ?? '',
    database: o.schema,
    connectTimeout: o.connectTimeoutMs ?? 5000,
    // The wire path prepares its own statements; mysql2's cache would preallocate 16000 slots
    // (~1 MB) per connection.
    maxPreparedStatements: 1,
    ...(ssl === false
      ? {
          // Plain TCP reads into one reused buffer; TLS keeps the driver's own socket.
          stream: () => {
            const socket = hookedSocket();
            socket.setNoDelay(true);
            return socket.connect(o.params.port, o.params.host);
          },
        }
      : { ssl: ssl as mysql.SslOptions }),
  });
  conn.on('error', () => {});
  await new Promise<void>((resolve, reject) =>
    conn.connect((err) => (err ? reject(err) : resolve())),
  );
  return wrapMysqlConnection(conn, o.protocol === 'prepared');
}

/**
 * Each SQL engine's benchmark session. A table rather than the engine modules: workers load this
 * file, and the modules would bring every driver in; the mapped type still fails to compile when
 * an SQL engine is added without its session.
 */
const OPENERS: { readonly [T in SqlType]: (o: SessionOptions) => Promise<BenchSession> } = {
  postgresql: openPg,
  mysql: openMy,
};

export const openSession = (o: SessionOptions): Promise<BenchSession> => OPENERS[o.params.type](o);
