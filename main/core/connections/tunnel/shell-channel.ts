// Runs in the main process, server and CLI. A long-lived command on the far side of an SSH
// session (or, in tests, a local shell): lines go to its stdin, its stdout comes back in chunks.
// Never interprets what the command prints; the caller does.
import type { ClientChannel } from 'ssh2';

export interface ShellChannel {
  write(text: string): void;
  onData(listener: (chunk: string) => void): void;
  /** Called once when the command ends or its channel closes, for whatever reason. */
  onClose(listener: () => void): void;
  close(): void;
}

/** An ssh2 exec channel as a ShellChannel (stderr drained and dropped). */
export function sshShellChannel(stream: ClientChannel): ShellChannel {
  stream.stderr.resume();
  stream.setEncoding('latin1');
  // A write to a channel that is closing: its close event tells the caller, this adds nothing.
  stream.on('error', () => undefined);
  return {
    write: (text) => void stream.write(text),
    onData: (listener) => void stream.on('data', listener),
    onClose: (listener) => void stream.once('close', listener),
    close: () => {
      // end() sends EOF (the loop's `read` fails and the shell exits); close() ends the channel.
      stream.end();
      stream.close();
    },
  };
}
