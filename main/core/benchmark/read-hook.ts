// Runs in benchmark workers. A plain TCP socket whose reads land in one reused buffer (net's
// `onread`), skipping the stream machinery per chunk. Until a wire path takes it over, each
// chunk is re-emitted as a 'data' event for the driver doing the handshake.
import { Socket } from 'node:net';

/** Receives `n` bytes read into `buf` (from its start), valid only during the call. */
export type Sink = (buf: Buffer, n: number) => void;

export interface HookedSocket extends Socket {
  /** Set by the wire path. */
  sink: Sink | null;
}

const READ_BUFFER = 64 * 1024;

export function hookedSocket(): HookedSocket {
  let sink: Sink | null = null;
  const buffer = Buffer.allocUnsafeSlow(READ_BUFFER);
  const socket = new Socket({
    onread: {
      buffer,
      // `buffer` itself comes back with every read: the sink gets it with no view per chunk.
      callback: (n: number) => {
        if (sink) sink(buffer, n);
        else socket.emit('data', Buffer.from(buffer.subarray(0, n)));
        return true;
      },
    },
  }) as HookedSocket;
  Object.defineProperty(socket, 'sink', {
    get: () => sink,
    set: (f: Sink | null) => (sink = f),
  });
  return socket;
}
