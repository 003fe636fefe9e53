// Runs wherever a MySQL/MariaDB session is needed. Opens one mysql2 connection; the password goes
// out in clear text (mysql_clear_password) only where the cleartext rule allows it.
import type { Socket } from 'node:net';
import type { AuthPlugin } from 'mysql2';
import mysql from 'mysql2/promise';
import type { ConnectionParams } from '../../../shared/model/connection';
import { CleartextRefused, type CleartextRule } from './cleartext';
import type { DbClient, QueryResult } from './client';
import { checkIdentity, tlsDetailsOf, tlsOptions } from './tls';

/** mysql2's own mysql_clear_password, behind the rule (mysql2 alone refuses it everywhere). */
function clearPassword(
  params: ConnectionParams,
  tls: boolean,
  cleartext: CleartextRule,
): AuthPlugin {
  return ({ connection }) =>
    () => {
      const socket = (connection as unknown as { stream: Socket }).stream;
      const peer = { address: socket.remoteAddress, host: params.host };
      if (!cleartext(peer, tls)) throw new CleartextRefused(`${params.host}:${params.port}`);
      return Buffer.from(`${params.password ?? ''}\0`);
    };
}

async function connect(
  params: ConnectionParams,
  timeoutMs: number,
  ssl: false | object,
  cleartext: CleartextRule,
  batches: boolean,
) {
  const conn = await mysql.createConnection({
    host: params.host,
    port: params.port,
    user: params.username,
    password: params.password ?? '',
    database: params.database,
    connectTimeout: timeoutMs,
    multipleStatements: batches,
    // Only the database sampler's session batches, once a second for as long as it watches: the
    // stack mysql2 captures per query for its errors was a fifteenth of a sample's CPU there.
    trace: !batches,
    authPlugins: { mysql_clear_password: clearPassword(params, ssl !== false, cleartext) },
    ...(ssl === false ? {} : { ssl }),
  });
  conn.on('error', () => {});
  return conn;
}

export async function openMysql(
  params: ConnectionParams,
  timeoutMs: number,
  cleartext: CleartextRule,
  batches = false,
): Promise<DbClient> {
  const ssl = await tlsOptions(params.tls, params.host, params.tls_key_passphrase);
  let conn: mysql.Connection;
  let tls = ssl !== false;
  if (ssl !== false && (params.tls?.mode ?? 'prefer') === 'prefer') {
    try {
      conn = await connect(params, timeoutMs, ssl, cleartext, batches);
    } catch (err) {
      if ((err as { code?: string }).code !== 'HANDSHAKE_NO_SSL_SUPPORT') throw err;
      conn = await connect(params, timeoutMs, false, cleartext, batches);
      tls = false;
    }
  } else {
    conn = await connect(params, timeoutMs, ssl, cleartext, batches);
  }
  const socket = (conn as unknown as { connection: { stream: unknown } }).connection.stream;
  try {
    checkIdentity(socket, params.tls, params.host);
  } catch (err) {
    await conn.end().catch(() => undefined);
    throw err;
  }
  const resultOf = (result: unknown): QueryResult =>
    Array.isArray(result)
      ? { rows: result as Record<string, unknown>[], affected: null }
      : { rows: [], affected: (result as { affectedRows?: number }).affectedRows ?? null };
  const client: DbClient = {
    type: 'mysql',
    tls,
    tlsDetails: tls ? tlsDetailsOf(socket) : undefined,
    async query(sql, values) {
      const [result] = await conn.query(sql, values);
      return resultOf(result);
    },
    async queryAll(statements) {
      if (!batches || statements.length < 2) {
        const out: QueryResult[] = [];
        for (const sql of statements) out.push(await client.query(sql));
        return out;
      }
      // A multi-statement answer is one result per statement.
      const [results] = await conn.query(statements.join(';\n'));
      return (results as unknown[]).map(resultOf);
    },
    async serverVersion() {
      const [rows] = await conn.query('SELECT VERSION() AS v');
      const v = (rows as { v: string }[])[0]?.v ?? 'unknown';
      return /mariadb/i.test(v) ? `MariaDB ${v.replace(/-MariaDB.*$/i, '')}` : `MySQL ${v}`;
    },
    close: () => conn.end(),
  };
  return client;
}
