// Runs in the CLI process. Asks the user on the terminal: a password without echo, or a yes/no
// confirmation. A typed password lives only in memory and is never written back.
import { createInterface } from 'node:readline';
import { CliFailure, EXIT_USAGE } from './exit';
import type { CliIo } from './io';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

/** On a terminal the keys are not echoed; from a pipe the first line is the password. */
export function readPassword(io: CliIo, label = 'Password: '): Promise<string> {
  if (!io.stdin.isTTY || !io.stdin.setRawMode) return readLine(io);
  const stdin = io.stdin;
  const setRawMode = io.stdin.setRawMode.bind(io.stdin);
  io.stderr.write(label);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (err?: Error) => {
      stdin.off('data', onData);
      setRawMode(false);
      stdin.pause();
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === CTRL_D) return finish();
        if (ch === CTRL_C) return finish(new CliFailure('Cancelled.', EXIT_USAGE));
        typed = BACKSPACE.has(ch) ? typed.slice(0, -1) : typed + ch;
      }
    };
    setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

function readLine(io: CliIo): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, terminal: false });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) resolve('');
    });
  });
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export function confirm(io: CliIo, question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}
