// Runs in benchmark workers (and in the main process for the prepare phase's COPY session).
// PostgreSQL's benchmark sessions: `pg` connects and authenticates, then hands its socket to the
// lean wire path; the prepare's rows stream in through COPY. The driver and the COPY stream are
// loaded when first used, so a worker holds only what its server needs.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { wrapPgClient } from '../../benchmark/pg-wire';
import {
  fillColumns,
  LOAD_BATCH,
  segmentBatches,
  type Segment,
} from '../../benchmark/prepare-rows';
import { hookedSocket } from '../../benchmark/read-hook';
import type { SessionOptions } from '../../benchmark/session';
import type { SqlValue, Statement } from '../../benchmark/workloads/spec';
import { tlsOptions } from '../../db/tls';
import type { BenchDialect, RowSink } from '../engine';

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
async function connectPg(o: Omit<SessionOptions, 'protocol'>, lean: boolean): Promise<pg.Client> {
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

/** COPY's text format; a batch counts as written once the stream asks for the next. */
function* copyText(s: Segment, counter: RowSink): Generator<string> {
  for (const rows of segmentBatches(s, LOAD_BATCH)) {
    yield rows.map((r) => r.join('\t') + '\n').join('');
    counter.add(rows.length);
  }
}

export const postgresBenchSession: Pick<BenchDialect, 'openSession' | 'load'> = {
  openSession: async (o) =>
    wrapPgClient(await connectPg(o, true), o.protocol === 'prepared', inlineParams),
  async load(msg, counter) {
    const { from: copyFrom } = await import('pg-copy-streams');
    const client = await connectPg({ params: msg.params, tls: msg.tls, schema: msg.schema }, false);
    try {
      for (const s of msg.segments) {
        // The stream pulls the next batch only once the socket has drained: backpressure end to end.
        await pipeline(
          Readable.from(copyText(s, counter), { objectMode: false }),
          client.query(copyFrom(`COPY ${s.table} (${fillColumns(s.kind)}) FROM STDIN`)),
        );
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  },
};
