// Runs in the main process, server and CLI. Runs a dump or restore program to completion, with
// its stderr kept (short) for the error a user reads, and each stderr line offered for progress.
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../../shared/errors';

export interface RunOptions {
  program: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Streamed to the program's stdin. */
  stdin?: Readable;
  /** Receives the program's stdout. */
  stdout?: Writable;
  onStderrLine?: (line: string) => void;
}

const KEEP_STDERR = 4000;

export async function runTool(o: RunOptions): Promise<void> {
  const child = spawn(o.program, o.args, {
    env: o.env,
    stdio: [o.stdin ? 'pipe' : 'ignore', o.stdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-KEEP_STDERR);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) o.onStderrLine?.(line);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const streams: Promise<void>[] = [];
  if (o.stdin && child.stdin) streams.push(pipeline(o.stdin, child.stdin));
  if (o.stdout && child.stdout) streams.push(pipeline(child.stdout, o.stdout));
  const [code] = await Promise.all([exited, ...streams.map((s) => s.catch(() => undefined))]);
  if (code !== 0) {
    const reason = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' ');
    throw new AppError('INTERNAL', `${o.program} failed (exit ${code}): ${reason || 'no message'}`);
  }
}
