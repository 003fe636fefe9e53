// Runs in the CLI process. How a failure leaves the CLI: one line on stderr and an exit code
// (0 ok, 1 the operation failed, 2 bad input or usage); never a stack.
import type { ErrorCode } from '../../shared/errors';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A failure written for the user; the CLI prints its message and exits with its code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** Input the contract rejected is the caller's mistake (2); anything else is a failed operation (1). */
export function exitCodeFor(code: ErrorCode): number {
  return code === 'BAD_INPUT' || code === 'UNKNOWN_METHOD' ? EXIT_USAGE : EXIT_FAILED;
}

/** Messages reach a terminal as exactly one line. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
