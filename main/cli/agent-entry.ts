// Runs as a `benchphant agent` process started from sources (tests, development): the agent
// command alone, so that starting N agents does not load and transpile the whole CLI each time.
// The bundle starts agents through `cli.mjs agent` instead; both run the same command code.
import { Command } from 'commander';
import { agentCommand } from './commands/agent';
import { processIo } from './io';
import { runProgram } from './run-program';

const io = processIo();
const program = new Command('benchphant').exitOverride().configureOutput({
  writeOut: (s) => io.stdout.write(s),
  writeErr: (s) => io.stderr.write(s),
});
agentCommand(program, io);
const code = await runProgram(program, process.argv.slice(2), io);
await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
process.exit(code);
