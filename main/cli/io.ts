// Runs in the CLI process. The streams and environment commands talk through, so the program can
// be driven by a test as well as by a terminal. Nothing here may print a secret.
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  /** Resolves with the first SIGINT/SIGTERM; serve and sandbox start run until it does. */
  untilSignal(): Promise<NodeJS.Signals>;
}

/** After SIGINT/SIGTERM the process ends within 5 s, whatever part of the shutdown still waits. */
const SHUTDOWN_DEADLINE_MS = 4_500;

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    untilSignal: () =>
      new Promise((resolve) => {
        const on = (signal: NodeJS.Signals) => {
          process.off('SIGINT', on);
          process.off('SIGTERM', on);
          // A second Ctrl-C while shutting down means "now".
          process.once('SIGINT', () => process.exit(130));
          // A service manager's SIGTERM must not wait on a server that never answers; unref'd,
          // so a shutdown that finishes in time exits with its own code.
          setTimeout(() => {
            process.stderr.write(`${signal}: shutdown took too long; exiting now.\n`);
            process.exit(signal === 'SIGINT' ? 130 : 143);
          }, SHUTDOWN_DEADLINE_MS).unref();
          resolve(signal);
        };
        process.on('SIGINT', on);
        process.on('SIGTERM', on);
      }),
  };
}

export const writeLine = (stream: Writable, line = '') => stream.write(`${line}\n`);
