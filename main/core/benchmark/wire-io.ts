// Runs in benchmark workers. The socket side that the PostgreSQL and MySQL wire paths share: whole
// frames in from reads that may split them, and messages out from one reused buffer, batched when
// several loops pipeline on one connection.
import type { Socket } from 'node:net';
import type { HookedSocket } from './read-hook';

/**
 * Takes over the socket's reads. `parse` gets `buf[0..end)` and returns where its first incomplete
 * frame starts (`end` when none is); that tail is kept and put in front of the next read.
 */
export function readFrames(socket: Socket, parse: (buf: Buffer, end: number) => number): void {
  // From here on the wire path reads the socket; the driver's own parser would build objects per row.
  socket.removeAllListeners('data');
  let rest: Buffer | null = null;
  const feed = (chunk: Buffer, n: number) => {
    const buf = rest ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk;
    const end = rest ? buf.length : n;
    rest = null;
    const o = parse(buf, end);
    // A copy: a hooked socket reuses its read buffer for the next chunk.
    if (o < end) rest = Buffer.from(buf.subarray(o, end));
  };
  const hooked = socket as Partial<HookedSocket>;
  if (hooked.sink !== undefined) hooked.sink = feed;
  else socket.on('data', (chunk: Buffer) => feed(chunk, chunk.length));
}

/**
 * Messages built since the last write, in one buffer reused from write to write. A message alone in
 * flight goes out at once; messages pipelined by several loops in the same turn go out in one write.
 */
export class WriteBatch {
  /** Where the next message is built, from `built` on; call ensure() first. */
  out = Buffer.allocUnsafeSlow(4096);
  built = 0;
  private queued = false;

  constructor(
    private readonly socket: Socket,
    private readonly closed: () => boolean,
  ) {}

  /** Room for `n` more bytes after the ones built; returns the buffer to build them in. */
  ensure(n: number): Buffer {
    if (this.out.length < this.built + n) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.built + n, this.out.length * 2));
      this.out.copy(grown, 0, 0, this.built);
      this.out = grown;
    }
    return this.out;
  }

  /** The bytes up to `end` are built: written now when `alone`, otherwise at the end of this turn. */
  commit(end: number, alone: boolean): void {
    this.built = end;
    if (alone) this.flush();
    else if (!this.queued) {
      this.queued = true;
      queueMicrotask(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.queued = false;
    if (this.built === 0 || this.closed()) return;
    this.socket.write(this.out.subarray(0, this.built));
    this.built = 0;
    // Bytes the kernel did not take yet still point into `out`: build the next messages elsewhere.
    if (this.socket.writableLength > 0) this.out = Buffer.allocUnsafeSlow(this.out.length);
  };
}
