// Runs wherever a PostgreSQL session is needed. Opens one pg.Client; the password goes out in
// clear text only where the cleartext rule allows it.
import type { Socket } from 'node:net';
import pg from 'pg';
import type { ConnectionParams } from '../../../shared/model/connection';
import { CleartextRefused, type CleartextRule } from './cleartext';
import type { DbClient } from './client';
import { tlsDetailsOf, tlsOptions } from './tls';

async function connect(
  params: ConnectionParams,
  timeoutMs: number,
  ssl: false | object,
  cleartext: CleartextRule,
): Promise<pg.Client> {
  let askedInClear = false;
  const client: pg.Client = new pg.Client({
    host: params.host,
    port: params.port,
    user: params.username,
    // pg asks for the password whatever the method; it is refused here when the server asked
    // for it in clear text and the rule says no, before a byte of it is written.
    password: async () => {
      const socket = client.connection.stream as Socket;
      const peer = { address: socket.remoteAddress, host: params.host };
      if (askedInClear && !cleartext(peer, ssl !== false))
        throw new CleartextRefused(`${params.host}:${params.port}`);
      return params.password ?? '';
    },
    database: params.database,
    ssl,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'benchphant',
  });
  // Registered before connect(), so it runs before pg's own handler asks for the password.
  client.connection.on('authenticationCleartextPassword', () => {
    askedInClear = true;
  });
  // An error after connect (server restart, killed backend) must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}

export async function openPostgres(
  params: ConnectionParams,
  timeoutMs: number,
  cleartext: CleartextRule,
): Promise<DbClient> {
  const ssl = await tlsOptions(params.tls, params.host, params.tls_key_passphrase);
  let client: pg.Client;
  let tls = ssl !== false;
  if (ssl !== false && (params.tls?.mode ?? 'prefer') === 'prefer') {
    try {
      client = await connect(params, timeoutMs, ssl, cleartext);
    } catch (err) {
      if (!/does not support SSL/i.test((err as Error).message)) throw err;
      client = await connect(params, timeoutMs, false, cleartext);
      tls = false;
    }
  } else {
    client = await connect(params, timeoutMs, ssl, cleartext);
  }
  return {
    type: 'postgresql',
    tls,
    tlsDetails: tls ? tlsDetailsOf(client.connection.stream) : undefined,
    async query(sql, values, opts) {
      const r = await client.query(
        opts?.name ? { name: opts.name, text: sql, values: values ?? [] } : { text: sql, values },
      );
      return { rows: r.rows as Record<string, unknown>[], affected: r.rowCount };
    },
    async queryAll(statements) {
      // The simple protocol takes several statements at once and answers a result for each.
      const r = (await client.query(statements.join(';\n'))) as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(r) ? r : [r]).map((x) => ({
        rows: x.rows as Record<string, unknown>[],
        affected: x.rowCount,
      }));
    },
    async serverVersion() {
      const r = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return `PostgreSQL ${r.rows[0]?.v ?? 'unknown'}`;
    },
    close: () => client.end(),
  };
}
