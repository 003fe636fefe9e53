// Runs in benchmark workers. MySQL/MariaDB's benchmark sessions: `mysql2` connects and
// authenticates, then hands its socket to the lean wire path; the prepare's rows go in as batched
// multi-row INSERTs. The driver is loaded when first used (mysql2 alone is ~16 MB resident).
import type mysql from 'mysql2';
import { wrapMysqlConnection } from '../../benchmark/my-wire';
import { fillColumns, LOAD_BATCH, segmentBatches } from '../../benchmark/prepare-rows';
import { hookedSocket } from '../../benchmark/read-hook';
import { openClient } from '../../db/client';
import { tlsOptions } from '../../db/tls';
import type { BenchDialect } from '../engine';

export const mysqlBenchSession: Pick<BenchDialect, 'openSession' | 'load'> = {
  async openSession(o) {
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
  },
  async load(msg, counter) {
    const client = await openClient(msg.params);
    try {
      await client.query(`USE ${msg.schema}`);
      for (const s of msg.segments) {
        for (const rows of segmentBatches(s, LOAD_BATCH)) {
          await client.query(`INSERT INTO ${s.table} (${fillColumns(s.kind)}) VALUES ?`, [rows]);
          counter.add(rows.length);
        }
      }
    } finally {
      await client.close().catch(() => undefined);
    }
  },
};
