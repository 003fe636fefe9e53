// Runs in benchmark workers. The lean PostgreSQL hot path: `pg` opens and authenticates the
// session, then this module owns its socket. Statements are parsed once per session, each query
// is one Bind/Execute/Sync written from a reused buffer, and result rows are skipped unread.
import type { Socket } from 'node:net';
import type pg from 'pg';
import { Fifo } from './fifo';
import { readFrames, WriteBatch } from './wire-io';
import type { BenchSession, SqlValue, Statement } from './workloads/spec';

/** A server error with its SQLSTATE, like the one `pg` would raise. */
export class PgWireError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'PgWireError';
  }
}

const CLOSED = 'Connection terminated unexpectedly';

function cstringLength(s: string): number {
  return Buffer.byteLength(s, 'utf8') + 1;
}

/** Parse message ('P'): the statement by name, parameter types left to the server. */
function parseMessage(stmt: Statement): Buffer {
  const len = 4 + cstringLength(stmt.name) + cstringLength(stmt.sql) + 2;
  const b = Buffer.alloc(1 + len);
  let o = b.write('P', 0, 'latin1');
  o = b.writeInt32BE(len, o);
  o += b.write(stmt.name, o, 'utf8');
  b[o++] = 0;
  o += b.write(stmt.sql, o, 'utf8');
  b[o++] = 0;
  b.writeInt16BE(0, o);
  return b;
}

interface Prepared {
  /** 'B', length placeholder, empty portal, statement name, zero format codes (all text). */
  head: Buffer;
  parsed: boolean;
}

/** Result formats (none: text), then Execute (unnamed portal, all rows) and Sync. */
const TAIL = Buffer.from([0, 0, 0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x53, 0, 0, 0, 4]);

function bindHead(name: string): Buffer {
  const b = Buffer.alloc(1 + 4 + 1 + cstringLength(name) + 2);
  let o = b.write('B', 0, 'latin1');
  o += 4;
  b[o++] = 0;
  o += b.write(name, o, 'utf8');
  b[o++] = 0;
  b.writeInt16BE(0, o);
  return b;
}

/** Writes a parameter as text; integers go digit by digit, which spares a string per value. */
function writeText(out: Buffer, o: number, v: string | number): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) {
    let n = v;
    if (n < 0) {
      out[o++] = 0x2d;
      n = -n;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = o + digits - 1; i >= o; i--) {
      out[i] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    }
    return o + digits;
  }
  return o + out.write(typeof v === 'number' ? String(v) : v, o, 'utf8');
}

/** Bytes a parameter may take as text: at most 3 per UTF-16 unit, 24 for any number. */
const textBound = (v: string | number): number => (typeof v === 'number' ? 24 : 3 * v.length);

export function wrapPgClient(
  client: pg.Client,
  prepared: boolean,
  inline: (s: Statement, p: readonly SqlValue[]) => string,
): BenchSession {
  const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
  const statements = new Map<Statement, Prepared>();
  // Answers come back in the order the statements were sent: one entry per statement in flight.
  const resolvers = new Fifo<() => void>();
  const rejecters = new Fifo<(e: Error) => void>();
  let error: PgWireError | null = null;
  let closed = false;

  socket.on('close', () => {
    closed = true;
    // A FATAL error (e.g. 57P01 after pg_terminate_backend) arrives just before the close.
    const e = error ?? Object.assign(new Error(CLOSED), { code: 'ECONNRESET' });
    resolvers.drain();
    for (const reject of rejecters.drain()) reject(e);
  });

  readFrames(socket, (buf, end) => {
    let o = 0;
    while (end - o >= 5) {
      const len = buf.readInt32BE(o + 1);
      if (end - o < 1 + len) break;
      const type = buf[o];
      if (type === 0x45) error ??= readError(buf, o + 5, o + 1 + len);
      else if (type === 0x5a) {
        const resolve = resolvers.shift();
        const reject = rejecters.shift();
        const e = error;
        error = null;
        if (e) reject?.(e);
        else resolve?.();
      }
      o += 1 + len;
    }
    return o;
  });
  const batch = new WriteBatch(socket, () => closed);

  // One executor for every promise: it hands its resolvers to the queues without a closure per query.
  const enqueue = (resolve: () => void, reject: (e: Error) => void) => {
    resolvers.push(resolve);
    rejecters.push(reject);
  };
  /** Queues the answer to the message built up to `end` and sends it. */
  const send = (end: number): Promise<void> => {
    const answered = new Promise<void>(enqueue);
    // Alone in flight, nothing can join it; otherwise the write waits for this turn's other loops.
    batch.commit(end, resolvers.length === 1);
    return answered;
  };

  /** Simple query ('Q'). */
  const query = (sql: string): Promise<void> => {
    const len = 4 + cstringLength(sql);
    const out = batch.ensure(1 + len);
    let o = batch.built;
    out[o++] = 0x51;
    o = out.writeInt32BE(len, o);
    o += out.write(sql, o, 'utf8');
    out[o++] = 0;
    return send(o);
  };

  return {
    run(stmt, params) {
      if (closed) return Promise.reject(Object.assign(new Error(CLOSED), { code: 'ECONNRESET' }));
      if (!prepared || stmt.txControl) return query(inline(stmt, params));
      let p = statements.get(stmt);
      if (!p) {
        p = { head: bindHead(stmt.name), parsed: false };
        statements.set(stmt, p);
      }
      const parse = p.parsed ? null : parseMessage(stmt);
      let size = (parse?.length ?? 0) + p.head.length + 2 + TAIL.length;
      for (const v of params) size += 4 + (v === null ? 0 : textBound(v));
      // The buffer is reused once the socket has taken its previous contents (see WriteBatch).
      const out = batch.ensure(size);
      let o = batch.built;
      if (parse) {
        out.set(parse, o);
        o += parse.length;
        p.parsed = true;
      }
      const bindAt = o;
      out.set(p.head, o);
      o += p.head.length;
      o = out.writeInt16BE(params.length, o);
      for (const v of params) {
        if (v === null) o = out.writeInt32BE(-1, o);
        else {
          const end = writeText(out, o + 4, v);
          out.writeInt32BE(end - o - 4, o);
          o = end;
        }
      }
      out.set(TAIL, o);
      o += TAIL.length;
      out.writeInt32BE(o - TAIL.length + 2 - bindAt - 1, bindAt + 1);
      return send(o);
    },
    destroy() {
      closed = true;
      socket.destroy();
    },
  };
}

function readError(buf: Buffer, start: number, end: number): PgWireError {
  let code = '';
  let message = '';
  let o = start;
  while (o < end && buf[o] !== 0) {
    const field = buf[o]!;
    const stop = buf.indexOf(0, o + 1);
    const value = buf.toString('utf8', o + 1, stop);
    if (field === 0x43) code = value;
    else if (field === 0x4d) message = value;
    o = stop + 1;
  }
  return new PgWireError(message, code);
}
