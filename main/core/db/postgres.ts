// Runs wherever a PostgreSQL session is needed. Opens one pg.Client.
import pg from 'pg';
import type { ConnectionParams } from '../../../shared/model/connection';
import type { DbClient } from './client';
import { tlsDetailsOf, tlsOptions } from './tls';

async function connect(
  params: ConnectionParams,
  timeoutMs: number,
  ssl: false | object,
): Promise<pg.Client> {
  const client = new pg.Client({
    host: params.host,
    port: params.port,
    user: params.username,
    password: params.password ?? '',
    database: params.database,
    ssl,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'benchphant',
  });
  // An error after connect (server restart, killed backend) must not crash the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}

export async function openPostgres(params: ConnectionParams, timeoutMs: number): Promise<DbClient> {
  const ssl = await tlsOptions(params.tls, params.host, params.tls_key_passphrase);
  let client: pg.Client;
  let tls = ssl !== false;
  if (ssl !== false && (params.tls?.mode ?? 'prefer') === 'prefer') {
    try {
      client = await connect(params, timeoutMs, ssl);
    } catch (err) {
      if (!/does not support SSL/i.test((err as Error).message)) throw err;
      client = await connect(params, timeoutMs, false);
      tls = false;
    }
  } else {
    client = await connect(params, timeoutMs, ssl);
  }
  return {
    type: 'postgresql',
    tls,
    tlsDetails: tls ? tlsDetailsOf(client.connection.stream) : undefined,
    async query(sql, values) {
      const r = await client.query(sql, values);
      return { rows: r.rows as Record<string, unknown>[], affected: r.rowCount };
    },
    async serverVersion() {
      const r = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return `PostgreSQL ${r.rows[0]?.v ?? 'unknown'}`;
    },
    close: () => client.end(),
  };
}
