// Runs in a benchmark worker thread, started by the prepare phase's loader. Generates its share
// of the benchmark rows and streams them: COPY on PostgreSQL, batched inserts on MySQL. It never
// runs on the main thread, so a huge table can only slow the load, never the server.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { SqlType } from '../../../shared/model/connection';
import { openClient } from '../db/client';
import { errorText } from './errors';
import { fillColumns, segmentBatches, type Segment } from './prepare-rows';
import type { FromWorker, LoadMessage } from './protocol';
import { connectPg } from './session';

/** Rows per COPY chunk and per MySQL insert. */
const BATCH = 1000;
/** How often rows written are reported (the main thread sums them into progress). */
const REPORT_MS = 100;

type Post = (m: FromWorker) => void;

class RowCounter {
  private pending = 0;
  private last = performance.now();
  constructor(
    private readonly workerIndex: number,
    private readonly post: Post,
  ) {}

  add(rows: number): void {
    this.pending += rows;
    const t = performance.now();
    if (t - this.last >= REPORT_MS) this.flush(t);
  }

  flush(t = performance.now()): void {
    if (this.pending > 0)
      this.post({ type: 'loaded', workerIndex: this.workerIndex, rows: this.pending });
    this.pending = 0;
    this.last = t;
  }
}

/** COPY's text format; a batch counts as written once the stream asks for the next. */
function* copyText(s: Segment, counter: RowCounter): Generator<string> {
  for (const rows of segmentBatches(s, BATCH)) {
    yield rows.map((r) => r.join('\t') + '\n').join('');
    counter.add(rows.length);
  }
}

async function loadPg(msg: LoadMessage, counter: RowCounter): Promise<void> {
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
}

async function loadMysql(msg: LoadMessage, counter: RowCounter): Promise<void> {
  const client = await openClient(msg.params);
  try {
    await client.query(`USE ${msg.schema}`);
    for (const s of msg.segments) {
      for (const rows of segmentBatches(s, BATCH)) {
        await client.query(`INSERT INTO ${s.table} (${fillColumns(s.kind)}) VALUES ?`, [rows]);
        counter.add(rows.length);
      }
    }
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** How each SQL engine streams rows: COPY or batched inserts (a compile error when one is missing). */
const LOADERS: {
  readonly [T in SqlType]: (msg: LoadMessage, counter: RowCounter) => Promise<void>;
} = { postgresql: loadPg, mysql: loadMysql };

/** Loads the message's segments, then says so; a failure is posted as a fatal error. */
export async function onLoad(msg: LoadMessage, post: Post): Promise<void> {
  const counter = new RowCounter(msg.workerIndex, post);
  try {
    await LOADERS[msg.params.type](msg, counter);
    counter.flush();
    post({ type: 'load-done', workerIndex: msg.workerIndex });
  } catch (err) {
    counter.flush();
    post({
      type: 'error',
      workerIndex: msg.workerIndex,
      message: errorText(err),
      fatal: true,
    });
  }
}
