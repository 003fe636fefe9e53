// Runs in benchmark workers. A plain TCP socket whose reads land in one reused buffer (net's
// `onread`), skipping the stream machinery per chunk. Until a wire path takes it over, each
// chunk is re-emitted as a 'data' event for the driver doing the handshake.
import { Socket } from 'node:net';

export interface HookedSocket extends Socket {
  /** Set by the wire path: receives each chunk, valid only during the call. */
  sink: ((chunk: Buffer) => void) | null;
}

const READ_BUFFER = 64 * 1024;

export function hookedSocket(): HookedSocket {
  let sink: ((chunk: Buffer) => void) | null = null;
  const socket = new Socket({
    onread: {
      buffer: Buffer.allocUnsafeSlow(READ_BUFFER),
      callback: (n: number, buf: Uint8Array) => {
        const chunk = Buffer.from(buf.buffer, buf.byteOffset, n);
        if (sink) sink(chunk);
        else socket.emit('data', Buffer.from(chunk));
        return true;
      },
    },
  }) as HookedSocket;
  Object.defineProperty(socket, 'sink', {
    get: () => sink,
    set: (f: ((chunk: Buffer) => void) | null) => (sink = f),
  });
  return socket;
}
