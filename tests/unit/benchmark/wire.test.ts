// The lean wire paths' answer parsing: server bytes split at every possible point still complete
// each statement once, in order, with the server's error where there is one.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { wrapMysqlConnection } from '../../../main/core/benchmark/my-wire';
import { wrapPgClient } from '../../../main/core/benchmark/pg-wire';
import type { Sink } from '../../../main/core/benchmark/read-hook';
import { inlineParams } from '../../../main/core/engines/postgresql/bench-session';
import { statement } from '../../../main/core/benchmark/workloads/spec';

/** A socket stand-in: records what is written, and lets the test play the server's bytes. */
class FakeSocket extends EventEmitter {
  written: Buffer[] = [];
  writableLength = 0;
  write(b: Buffer) {
    this.written.push(Buffer.from(b));
    return true;
  }
  destroy() {
    this.emit('close');
  }
}

const pgMsg = (type: string, body: Buffer = Buffer.alloc(0)) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
};
const pgError = (code: string, message: string) =>
  pgMsg('E', Buffer.from(`SFATAL\0C${code}\0M${message}\0\0`, 'utf8'));
const row = pgMsg('D', Buffer.from([0, 1, 0, 0, 0, 3, 0x61, 0x62, 0x63]));

function feedSplit(socket: FakeSocket, bytes: Buffer, cut: number) {
  socket.emit('data', bytes.subarray(0, cut));
  socket.emit('data', bytes.subarray(cut));
}

describe('PostgreSQL wire path', () => {
  const stmt = statement('postgresql', 'bp_t', 'SELECT c FROM t WHERE id=?');
  const answer = Buffer.concat([
    pgMsg('1'),
    pgMsg('2'),
    row,
    row,
    pgMsg('C', Buffer.from('SELECT 2\0')),
    pgMsg('Z', Buffer.from('I')),
    pgError('23505', 'duplicate key value'),
    pgMsg('Z', Buffer.from('I')),
  ]);

  it.each(Array.from({ length: answer.length - 1 }, (_, i) => i + 1))(
    'completes two pipelined statements with the answer split at byte %i',
    async (cut) => {
      const socket = new FakeSocket();
      const client = { connection: { stream: socket } } as never;
      const session = wrapPgClient(client, true, inlineParams);
      const first = session.run(stmt, [1]);
      const second = session.run(stmt, [2]);
      feedSplit(socket, answer, cut);
      await expect(first).resolves.toBeUndefined();
      await expect(second).rejects.toMatchObject({ code: '23505', message: 'duplicate key value' });
    },
  );

  it.each([1, 7, 20, 33])(
    'copies a partial message out of a hooked socket read buffer that is reused (cut at %i)',
    async (cut) => {
      const socket = Object.assign(new FakeSocket(), {
        sink: null as Sink | null,
      });
      const session = wrapPgClient({ connection: { stream: socket } } as never, true, inlineParams);
      const first = session.run(stmt, [1]);
      const second = session.run(stmt, [2]);
      // One read buffer for every chunk, as net's onread hands them over.
      const shared = Buffer.alloc(answer.length);
      const deliver = (part: Buffer) => {
        part.copy(shared);
        socket.sink!(shared, part.length);
        shared.fill(0xee);
      };
      deliver(answer.subarray(0, cut));
      deliver(answer.subarray(cut));
      await expect(first).resolves.toBeUndefined();
      await expect(second).rejects.toMatchObject({ code: '23505' });
    },
  );

  it('parses a statement once, then sends Bind/Execute/Sync with text parameters', async () => {
    const socket = new FakeSocket();
    const session = wrapPgClient({ connection: { stream: socket } } as never, true, inlineParams);
    for (const id of [7, 12345]) {
      const done = session.run(stmt, [id]);
      socket.emit('data', pgMsg('Z', Buffer.from('I')));
      await done;
    }
    const [firstWrite, secondWrite] = socket.written;
    expect(String.fromCharCode(firstWrite![0]!)).toBe('P');
    expect(firstWrite!.includes(Buffer.from('SELECT c FROM t WHERE id=$1\0'))).toBe(true);
    expect(String.fromCharCode(secondWrite![0]!)).toBe('B');
    expect(secondWrite!.includes(Buffer.from('12345'))).toBe(true);
    // Bind length field covers exactly the Bind message.
    const bindLength = secondWrite!.readInt32BE(1);
    expect(String.fromCharCode(secondWrite![1 + bindLength]!)).toBe('E');
  });

  it.each([
    [[0], '0'],
    [[-42], '-42'],
    [[9_007_199_254_740_991], '9007199254740991'],
    [[1.5], '1.5'],
    [['héllo'], 'héllo'],
  ] as const)('binds %j as the text %s', async (params, text) => {
    const socket = new FakeSocket();
    const session = wrapPgClient({ connection: { stream: socket } } as never, true, inlineParams);
    const done = session.run(stmt, params);
    socket.emit('data', pgMsg('Z', Buffer.from('I')));
    await done;
    const written = socket.written[0]!;
    const bindAt = written.indexOf('B');
    // Bind: name, statement, format count, parameter count, then each value's length and bytes.
    const valueAt = bindAt + 5 + 1 + Buffer.byteLength('bp_t\0') + 2 + 2;
    const length = written.readInt32BE(valueAt);
    expect(written.toString('utf8', valueAt + 4, valueAt + 4 + length)).toBe(text);
  });

  it('sends statements pipelined in one turn in one write, a lone one at once', async () => {
    const socket = new FakeSocket();
    const session = wrapPgClient({ connection: { stream: socket } } as never, true, inlineParams);
    const z = pgMsg('Z', Buffer.from('I'));
    const lone = session.run(stmt, [1]);
    expect(socket.written).toHaveLength(1);
    socket.emit('data', z);
    await lone;
    const runs = [1, 2, 3].map((id) => session.run(stmt, [id]));
    // The first goes out at once; the other two wait for the turn to end and share one write.
    expect(socket.written).toHaveLength(2);
    await Promise.resolve();
    expect(socket.written).toHaveLength(3);
    const batch = socket.written[2]!;
    expect(batch.toString('latin1').match(/B/g)).toHaveLength(2);
    socket.emit('data', Buffer.concat([z, z, z]));
    await Promise.all(runs);
  });

  it('reads the parameters before run() returns, so one array can be refilled', async () => {
    const socket = new FakeSocket();
    const session = wrapPgClient({ connection: { stream: socket } } as never, true, inlineParams);
    const params = [111];
    const first = session.run(stmt, params);
    params[0] = 222;
    const second = session.run(stmt, params);
    socket.emit(
      'data',
      Buffer.concat([pgMsg('Z', Buffer.from('I')), pgMsg('Z', Buffer.from('I'))]),
    );
    await Promise.all([first, second]);
    expect(socket.written[0]!.includes(Buffer.from('111'))).toBe(true);
    expect(socket.written[1]!.includes(Buffer.from('222'))).toBe(true);
  });

  it('rejects what is in flight with the server FATAL when the connection closes', async () => {
    const socket = new FakeSocket();
    const session = wrapPgClient({ connection: { stream: socket } } as never, true, inlineParams);
    const pending = session.run(stmt, [1]);
    socket.emit('data', pgError('57P01', 'terminating connection due to administrator command'));
    socket.emit('close');
    await expect(pending).rejects.toMatchObject({ code: '57P01' });
    await expect(session.run(stmt, [1])).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

const myPacket = (seq: number, payload: Buffer) => {
  const head = Buffer.alloc(4);
  head.writeUIntLE(payload.length, 0, 3);
  head[3] = seq;
  return Buffer.concat([head, payload]);
};
/** The command packets' payloads in what the client wrote, however they were grouped in writes. */
function commands(written: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const w of written) {
    for (let o = 0; o < w.length;) {
      const len = w.readUIntLE(o, 3);
      out.push(w.subarray(o + 4, o + 4 + len));
      o += 4 + len;
    }
  }
  return out;
}
const EOF_PACKET = Buffer.from([0xfe, 0, 0, 2, 0]);
const OK_PACKET = Buffer.from([0x00, 1, 0, 2, 0, 0, 0]);

describe('MySQL wire path', () => {
  const stmt = statement('mysql', 'bp_t', 'SELECT c FROM t WHERE id=?');
  const prepareOk = Buffer.alloc(12);
  prepareOk[0] = 0;
  prepareOk.writeUInt32LE(42, 1);
  prepareOk.writeUInt16LE(1, 5); // one column
  prepareOk.writeUInt16LE(1, 7); // one parameter
  const error = Buffer.concat([
    Buffer.from([0xff, 0x26, 0x04, 0x23]),
    Buffer.from('23000Duplicate entry'),
  ]);
  const answer = Buffer.concat([
    // COM_STMT_PREPARE: OK, one parameter definition + EOF, one column definition + EOF.
    myPacket(1, prepareOk),
    myPacket(2, Buffer.from('param-def')),
    myPacket(3, EOF_PACKET),
    myPacket(4, Buffer.from('column-def')),
    myPacket(5, EOF_PACKET),
    // First execute: a result set of one column and two rows.
    myPacket(1, Buffer.from([1])),
    myPacket(2, Buffer.from('column-def')),
    myPacket(3, EOF_PACKET),
    myPacket(4, Buffer.from([0, 0, 3, 0x61, 0x62, 0x63])),
    myPacket(5, Buffer.from([0, 0, 3, 0x64, 0x65, 0x66])),
    myPacket(6, EOF_PACKET),
    // Second execute: an error; third: OK.
    myPacket(1, error),
    myPacket(1, OK_PACKET),
  ]);

  it.each(Array.from({ length: answer.length - 1 }, (_, i) => i + 1))(
    'prepares once and completes three pipelined executes with the answer split at byte %i',
    async (cut) => {
      const socket = new FakeSocket();
      const session = wrapMysqlConnection({ stream: socket } as never, true);
      const runs = [session.run(stmt, [1]), session.run(stmt, ['x']), session.run(stmt, [null])];
      feedSplit(socket, answer.subarray(0, myPacket(1, prepareOk).length), cut < 17 ? cut : 16);
      // The executes go out once the statement id is known.
      await new Promise((r) => setImmediate(r));
      const rest = answer.subarray(myPacket(1, prepareOk).length);
      const at = Math.min(cut, rest.length - 1);
      feedSplit(socket, rest, at);
      await expect(runs[0]).resolves.toBeUndefined();
      await expect(runs[1]).rejects.toMatchObject({
        errno: 1062,
        sqlState: '23000',
        message: 'Duplicate entry',
      });
      await expect(runs[2]).resolves.toBeUndefined();
      const sent = commands(socket.written);
      expect(sent.filter((c) => c[0] === 0x16)).toHaveLength(1);
      const executes = sent.filter((c) => c[0] === 0x17);
      expect(executes).toHaveLength(3);
      expect(executes[0]!.readUInt32LE(1)).toBe(42);
      // Due in the same turn: the first goes out at once, the other two share one write.
      expect(socket.written.filter((b) => b[4] === 0x17)).toHaveLength(2);
    },
  );

  it('executes with the values given even when the caller refills its array during the prepare', async () => {
    const socket = new FakeSocket();
    const session = wrapMysqlConnection({ stream: socket } as never, true);
    const params = [7];
    const first = session.run(stmt, params);
    params[0] = 8;
    const second = session.run(stmt, params);
    socket.emit('data', answer.subarray(0, answer.indexOf(myPacket(1, Buffer.from([1])))));
    await new Promise((r) => setImmediate(r));
    socket.emit('data', Buffer.concat([myPacket(1, OK_PACKET), myPacket(1, OK_PACKET)]));
    await Promise.all([first, second]);
    const executes = commands(socket.written).filter((c) => c[0] === 0x17);
    // Command, id (4), flags, iteration count (4), null bitmap, bound flag, one type, then the value.
    expect(executes.map((c) => c.readInt32LE(1 + 4 + 1 + 4 + 1 + 1 + 2))).toEqual([7, 8]);
  });
});
