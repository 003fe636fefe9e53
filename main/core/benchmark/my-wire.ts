// Runs in benchmark workers. The lean MySQL/MariaDB hot path: `mysql2` opens and authenticates
// the session, then this module owns its socket. Statements are prepared once per session
// (COM_STMT_PREPARE), executed in the binary protocol from a reused buffer, and rows are skipped.
import type { Socket } from 'node:net';
import type mysql from 'mysql2';
import { Fifo } from './fifo';
import { readFrames, WriteBatch } from './wire-io';
import type { BenchSession, SqlValue, Statement } from './workloads/spec';

/** A server error with its MySQL error number, like the one `mysql2` would raise. */
export class MyWireError extends Error {
  constructor(
    message: string,
    readonly errno: number,
    readonly sqlState: string,
  ) {
    super(message);
    this.name = 'MyWireError';
  }
}

const COM_QUERY = 0x03;
const COM_STMT_PREPARE = 0x16;
const COM_STMT_EXECUTE = 0x17;
const T_LONG = 0x03;
const T_DOUBLE = 0x05;
const T_NULL = 0x06;
const T_LONGLONG = 0x08;
const T_VAR_STRING = 0xfd;

const lost = () =>
  Object.assign(new Error('Connection lost: the server closed the connection.'), {
    code: 'PROTOCOL_CONNECTION_LOST',
  });

/** MySQL string literal for the text protocol (backslashes are escapes there). */
const myLiteral = (v: SqlValue): string =>
  typeof v === 'number' ? String(v) : v === null ? 'NULL' : `'${v.replace(/[\\']/g, '\\$&')}'`;

export function inlineMy(stmt: Statement, params: readonly SqlValue[]): string {
  if (params.length === 0) return stmt.parts.join('?');
  let sql = stmt.parts[0]!;
  for (let i = 1; i < stmt.parts.length; i++)
    sql += myLiteral(params[i - 1] ?? null) + stmt.parts[i]!;
  return sql;
}

/** What the next packet of an answer is. */
const FIRST = 0; // OK, ERR, a prepare OK, or a result set's column count
const SKIP = 1; // column (or parameter) definitions and their EOF, counted and dropped
const ROWS = 2; // rows until the closing EOF (or an ERR)

function readError(p: Buffer): MyWireError {
  const errno = p.readUInt16LE(1);
  const marked = p[3] === 0x23;
  return new MyWireError(
    p.toString('utf8', marked ? 9 : 3),
    errno,
    marked ? p.toString('latin1', 4, 9) : 'HY000',
  );
}

export function wrapMysqlConnection(conn: mysql.Connection, prepared: boolean): BenchSession {
  const socket = (conn as unknown as { stream: Socket }).stream;

  // Statement ids once known; `preparing` holds the prepares in flight, shared by pipelined callers.
  const ids = new Map<Statement, number>();
  const preparing = new Map<Statement, Promise<number>>();
  let state = FIRST;
  let skipLeft = 0;
  let skipThenRows = false;
  // Answers come back in the order the commands were sent: one entry per command in flight.
  const resolvers = new Fifo<(id: number | undefined) => void>();
  const rejecters = new Fifo<(e: Error) => void>();
  const isPrepare = new Fifo<boolean>();
  let closed = false;

  /** Settles the oldest command: a prepare with its statement id, any other with nothing. */
  const finish = (err: Error | null, id?: number) => {
    const resolve = resolvers.shift();
    const reject = rejecters.shift();
    isPrepare.shift();
    if (err) reject?.(err);
    else resolve?.(id);
  };

  socket.on('close', () => {
    closed = true;
    const e = lost();
    resolvers.drain();
    isPrepare.drain();
    for (const reject of rejecters.drain()) reject(e);
  });

  /** One packet: `len` bytes of `buf` from `at` (no view is made unless it is an error). */
  const onPacket = (buf: Buffer, at: number, len: number) => {
    // An empty packet (the end of one split at 16 MB) has no head byte.
    const head = len > 0 ? buf[at]! : -1;
    if (state === FIRST) {
      if (head === 0xff) return finish(readError(buf.subarray(at, at + len)));
      if (head === 0x00 && isPrepare.peek() === true) {
        const columns = buf.readUInt16LE(at + 5);
        const params = buf.readUInt16LE(at + 7);
        const left = (params > 0 ? params + 1 : 0) + (columns > 0 ? columns + 1 : 0);
        if (left > 0) {
          // The definitions that follow are read and dropped before the next command's answer.
          state = SKIP;
          skipLeft = left;
          skipThenRows = false;
        }
        return finish(null, buf.readUInt32LE(at + 1));
      }
      if (head === 0x00) return finish(null);
      // A result set: its column count (one byte for fewer than 251 columns), definitions, EOF, rows.
      state = SKIP;
      skipLeft = (head < 0xfb ? head : buf.readUInt16LE(at + 1)) + 1;
      skipThenRows = true;
      return;
    }
    if (state === SKIP) {
      if (--skipLeft === 0) state = skipThenRows ? ROWS : FIRST;
      return;
    }
    if (head === 0xfe && len < 9) {
      state = FIRST;
      return finish(null);
    }
    if (head === 0xff) {
      state = FIRST;
      finish(readError(buf.subarray(at, at + len)));
    }
  };

  readFrames(socket, (buf, end) => {
    let o = 0;
    while (end - o >= 4) {
      const len = buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16);
      if (end - o < 4 + len) break;
      onPacket(buf, o + 4, len);
      o += 4 + len;
    }
    return o;
  });
  const batch = new WriteBatch(socket, () => closed);

  // Executors shared by every promise: they hand its resolvers to the queues without a closure per
  // command. A prepare resolves with the statement id, any other command with nothing.
  const enqueueId = (resolve: (id: number) => void, reject: (e: Error) => void) => {
    // Only prepares settle with an id (see finish).
    resolvers.push(resolve as (id: number | undefined) => void);
    rejecters.push(reject);
    isPrepare.push(true);
  };
  const enqueueDone = (resolve: () => void, reject: (e: Error) => void) => {
    resolvers.push(resolve);
    rejecters.push(reject);
    isPrepare.push(false);
  };

  /** Sends one command packet (sequence 0) whose payload is built up to `end` and awaits its answer. */
  function command(end: number, prepare: true): Promise<number>;
  function command(end: number, prepare: false): Promise<void>;
  function command(end: number, prepare: boolean): Promise<number | void> {
    if (closed) return Promise.reject(lost());
    const { out, built } = batch;
    const len = end - built - 4;
    out[built] = len & 0xff;
    out[built + 1] = (len >> 8) & 0xff;
    out[built + 2] = (len >> 16) & 0xff;
    out[built + 3] = 0;
    const answered = prepare ? new Promise<number>(enqueueId) : new Promise<void>(enqueueDone);
    // Alone in flight, nothing can join it; otherwise the write waits for this turn's other loops.
    batch.commit(end, resolvers.length === 1);
    return answered;
  }

  /** Writes a command whose payload is SQL text: COM_QUERY or COM_STMT_PREPARE. */
  const writeSql = (code: number, sql: string): number => {
    const out = batch.ensure(5 + Buffer.byteLength(sql, 'utf8'));
    const built = batch.built;
    out[built + 4] = code;
    return built + 5 + out.write(sql, built + 5, 'utf8');
  };

  const execute = (id: number, params: readonly SqlValue[]): Promise<void> => {
    const n = params.length;
    let size = 4 + 10 + (n > 0 ? ((n + 7) >> 3) + 1 + 2 * n : 0);
    for (const v of params) size += typeof v === 'string' ? 9 + Buffer.byteLength(v, 'utf8') : 8;
    const out = batch.ensure(size);
    let o = batch.built + 4;
    out[o++] = COM_STMT_EXECUTE;
    o = out.writeUInt32LE(id, o);
    out[o++] = 0;
    o = out.writeUInt32LE(1, o);
    if (n > 0) {
      const bitmap = o;
      out.fill(0, bitmap, bitmap + ((n + 7) >> 3));
      o += (n + 7) >> 3;
      out[o++] = 1;
      let types = o;
      o += 2 * n;
      for (let i = 0; i < n; i++) {
        const v = params[i]!;
        let type: number;
        if (v === null) {
          out[bitmap + (i >> 3)]! |= 1 << (i & 7);
          type = T_NULL;
        } else if (
          typeof v === 'number' &&
          Number.isInteger(v) &&
          v >= -2147483648 &&
          v <= 2147483647
        ) {
          type = T_LONG;
          o = out.writeInt32LE(v, o);
        } else if (typeof v === 'number' && Number.isInteger(v)) {
          type = T_LONGLONG;
          o = out.writeBigInt64LE(BigInt(v), o);
        } else if (typeof v === 'number') {
          type = T_DOUBLE;
          o = out.writeDoubleLE(v, o);
        } else {
          type = T_VAR_STRING;
          const len = Buffer.byteLength(v, 'utf8');
          if (len < 251) out[o++] = len;
          else if (len < 65536) {
            out[o++] = 0xfc;
            o = out.writeUInt16LE(len, o);
          } else {
            out[o++] = 0xfd;
            out.writeUIntLE(len, o, 3);
            o += 3;
          }
          o += out.write(v, o, 'utf8');
        }
        out[types++] = type;
        out[types++] = 0;
      }
    }
    return command(o, false);
  };

  /** The first execute of a statement waits for its id; the caller may reuse `params` meanwhile. */
  const prepareThenExecute = async (stmt: Statement, params: readonly SqlValue[]) => {
    const copy = params.slice();
    let id = preparing.get(stmt);
    if (id === undefined) {
      id = command(writeSql(COM_STMT_PREPARE, stmt.sql), true);
      preparing.set(stmt, id);
    }
    try {
      const known = await id;
      ids.set(stmt, known);
      await execute(known, copy);
    } finally {
      // A failed prepare is forgotten so that the next call retries it.
      preparing.delete(stmt);
    }
  };

  return {
    run(stmt, params) {
      if (!prepared || stmt.txControl)
        return command(writeSql(COM_QUERY, inlineMy(stmt, params)), false);
      const id = ids.get(stmt);
      return id === undefined ? prepareThenExecute(stmt, params) : execute(id, params);
    },
    destroy() {
      closed = true;
      socket.destroy();
    },
  };
}
