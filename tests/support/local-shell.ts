// Test helper. A RemoteShell whose commands run in a local `sh -c` (the host sampler's loop on
// this machine, no SSH): counts the commands it started, and can kill the one running.
import { spawn, type ChildProcess } from 'node:child_process';
import type { ShellChannel } from '../../main/core/connections/tunnel/shell-channel';
import type { RemoteShell } from '../../main/core/host-metrics/sample-channel';

export interface LocalShell extends RemoteShell {
  spawned: number;
  /** The command started last, to kill it as a dropped SSH channel would end it. */
  last: ChildProcess | null;
}

/** `bin`, when given, goes first on PATH (a fake uname, a stalling head). */
export function localShell(bin?: string): LocalShell {
  const shell: LocalShell = {
    spawned: 0,
    last: null,
    spawn(command) {
      const env = bin ? { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` } : process.env;
      // The command is a whole `sh -c '…'` line, as an SSH server's login shell would run it.
      const child = spawn('sh', ['-c', command], { env, stdio: ['pipe', 'pipe', 'ignore'] });
      shell.spawned += 1;
      shell.last = child;
      child.stdout.setEncoding('latin1');
      // A command that already ended: its close event says so, the write error adds nothing.
      child.stdin.on('error', () => undefined);
      const channel: ShellChannel = {
        write: (text) => void child.stdin.write(text),
        onData: (listener) => void child.stdout.on('data', listener),
        onClose: (listener) => void child.once('close', listener),
        close: () => {
          child.stdin.end();
          child.kill();
        },
      };
      return Promise.resolve(channel);
    },
  };
  return shell;
}
