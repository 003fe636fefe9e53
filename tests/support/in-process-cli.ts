// Test helper. One CLI command driven in-process through commander with captured streams: what it
// printed, what it reported, and the exit code it set or a CliFailure carried.
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { CliFailure } from '../../main/cli/exit';
import type { CliIo } from '../../main/cli/io';

export type RegisterCommand = (
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
) => void;

export interface InProcessResult {
  code: number;
  out: string;
  err: string;
}

export async function runInProcess(
  register: RegisterCommand,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<InProcessResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: CliIo = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env,
    untilSignal: () => new Promise(() => {}),
  };
  let code = 0;
  // Commander's own usage messages land in the same captured streams.
  const program = new Command('benchphant').exitOverride().configureOutput({
    writeOut: (s) => stdout.write(s),
    writeErr: (s) => stderr.write(s),
  });
  register(program, io, (c) => (code = c));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CliFailure)) throw e;
    err += e.message;
    code = e.exitCode;
  }
  return { code, out, err };
}
