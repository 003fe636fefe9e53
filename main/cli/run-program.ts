// Runs in the CLI process. Parses one command line with a built program and turns its outcome into
// an exit code; every failure ends as one line on stderr, never a stack.
import { type Command, CommanderError } from 'commander';
import { CliFailure, EXIT_FAILED, EXIT_OK, EXIT_USAGE, oneLine } from './exit';
import { type CliIo, writeLine } from './io';

const QUIET_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** `code()` is the exit code the command set while running (0 unless it set one). */
export async function runProgram(
  program: Command,
  args: readonly string[],
  io: CliIo,
  code: () => number = () => EXIT_OK,
): Promise<number> {
  try {
    await program.parseAsync([...args], { from: 'user' });
    return code();
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its line (or the help); only the exit code is ours.
      if (QUIET_EXITS.has(err.code)) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      return EXIT_USAGE;
    }
    if (err instanceof CliFailure) {
      writeLine(io.stderr, `error: ${oneLine(err.message)}`);
      return err.exitCode;
    }
    // A system error (EACCES on the data directory, …) names a path the user can fix; others stay generic.
    const sys = err as { syscall?: unknown; message?: unknown };
    const detail =
      typeof sys.syscall === 'string' && typeof sys.message === 'string'
        ? `: ${oneLine(sys.message)}`
        : '';
    writeLine(io.stderr, `error: Benchphant could not start${detail}.`);
    return EXIT_FAILED;
  }
}
