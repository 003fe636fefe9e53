// Test helper. A fake database server on loopback that asks every client for its password in
// clear text (PostgreSQL AuthenticationCleartextPassword, MySQL mysql_clear_password) and records
// what it receives, then refuses the login. Only the handshake is spoken; nothing else.
import { createServer, type Server, type Socket } from 'node:net';

export interface FakeServer {
  port: number;
  /** Every password a client sent, in order (an empty string when it sent an empty one). */
  received: string[];
  /** Sessions that reached the point where the password was asked for. */
  asked: number;
  close(): Promise<void>;
}

function pgMessage(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const pgError = (code: string, text: string) =>
  pgMessage('E', Buffer.from(`SFATAL\0C${code}\0M${text}\0\0`, 'utf8'));

/** PostgreSQL: startup (no TLS) → 'R' cleartext request → the 'p' message's text is recorded. */
function pgSession(socket: Socket, fake: FakeServer): void {
  let buf = Buffer.alloc(0);
  let started = false;
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (!started) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        const code = buf.readInt32BE(4);
        buf = buf.subarray(len);
        if (code === 80877103) {
          socket.write('N'); // SSLRequest: this fake speaks no TLS
          continue;
        }
        started = true;
        fake.asked++;
        const ask = Buffer.alloc(4);
        ask.writeInt32BE(3); // AuthenticationCleartextPassword
        socket.write(pgMessage('R', ask));
        continue;
      }
      if (buf.length < 5) return;
      const len = buf.readInt32BE(1);
      if (buf.length < len + 1) return;
      const type = String.fromCharCode(buf[0] ?? 0);
      const body = buf.subarray(5, len + 1);
      buf = buf.subarray(len + 1);
      if (type === 'p') {
        fake.received.push(body.toString('utf8').replace(/\0$/, ''));
        socket.end(pgError('28P01', 'password authentication failed (fake server)'));
      }
    }
  });
}

function mysqlPacket(seq: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUIntLE(payload.length, 0, 3);
  head.writeUInt8(seq, 3);
  return Buffer.concat([head, payload]);
}

/** MySQL: a v10 handshake, then an auth switch to mysql_clear_password on any response. */
function mysqlSession(socket: Socket, fake: FakeServer): void {
  const scramble = Buffer.from('abcdefghijklmnopqrst', 'latin1');
  // CLIENT_PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH | LONG_PASSWORD | CONNECT_WITH_DB
  const caps = 0x00000200 | 0x00008000 | 0x00080000 | 0x00000001 | 0x00000008;
  const greeting = Buffer.concat([
    Buffer.from([10]),
    Buffer.from('5.7.0-fake\0', 'latin1'),
    Buffer.from([1, 0, 0, 0]),
    scramble.subarray(0, 8),
    Buffer.from([0]),
    Buffer.from([caps & 0xff, (caps >> 8) & 0xff]),
    Buffer.from([33]),
    Buffer.from([2, 0]),
    Buffer.from([(caps >> 16) & 0xff, (caps >> 24) & 0xff]),
    Buffer.from([21]),
    Buffer.alloc(10),
    scramble.subarray(8),
    Buffer.from([0]),
    Buffer.from('mysql_native_password\0', 'latin1'),
  ]);
  socket.write(mysqlPacket(0, greeting));
  let buf = Buffer.alloc(0);
  let step = 0;
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 4) {
      const len = buf.readUIntLE(0, 3);
      if (buf.length < len + 4) return;
      const seq = buf.readUInt8(3);
      const payload = buf.subarray(4, len + 4);
      buf = buf.subarray(len + 4);
      if (step === 0) {
        step = 1;
        fake.asked++;
        const sw = Buffer.concat([
          Buffer.from([0xfe]),
          Buffer.from('mysql_clear_password\0', 'latin1'),
          Buffer.from([0]),
        ]);
        socket.write(mysqlPacket(seq + 1, sw));
      } else {
        fake.received.push(payload.toString('utf8').replace(/\0$/, ''));
        const err = Buffer.concat([
          Buffer.from([0xff, 0x15, 0x04]), // 1045 ER_ACCESS_DENIED_ERROR
          Buffer.from('#28000Access denied (fake server)', 'latin1'),
        ]);
        socket.end(mysqlPacket(seq + 1, err));
      }
    }
  });
}

/** A fake PostgreSQL or MySQL server on 127.0.0.1 (an ephemeral port). */
export async function startFakeCleartextServer(kind: 'postgresql' | 'mysql'): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const fake: FakeServer = { port: 0, received: [], asked: 0, close: async () => undefined };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (kind === 'postgresql') pgSession(socket, fake);
    else mysqlSession(socket, fake);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as { port: number }).port;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return fake;
}
