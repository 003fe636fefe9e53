// Runs in the CLI process. The command tree and how its outcome becomes an exit code; every
// failure ends as one line on stderr, never a stack.
import { Command } from 'commander';
import { agentCommand } from './commands/agent';
import { compareCommand } from './commands/compare';
import { connectionsCommand } from './commands/connections';
import { exportCommand } from './commands/export';
import { showCommand } from './commands/show';
import { importCommand } from './commands/import';
import { planCommand } from './commands/plan';
import { runCommand } from './commands/run';
import { sandboxCommand } from './commands/sandbox';
import { settingsCommand } from './commands/settings';
import { scheduleCommand } from './commands/schedule';
import { serveCommand } from './commands/serve';
import { tenantsCommand } from './commands/tenants';
import { usersCommand } from './commands/users';
import { workspacesCommand } from './commands/workspaces';
import { EXIT_OK } from './exit';
import type { CliIo } from './io';
import { runProgram } from './run-program';
import { VERSION } from './session';

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('benchphant')
    .description(
      'Benchphant: a workbench for database performance. Manage connections, run benchmarks, run the headless server.',
    )
    .version(VERSION, '-V, --version')
    // Inherited by every subcommand created below: errors reach run() instead of process.exit.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 the operation failed (test failed, not found, …), 2 bad input or usage.\n' +
        'Environment: BENCHPHANT_DATA_DIR (data directory), BENCHPHANT_PASSWORD (password for `connections add`, `users add|passwd`),\n' +
        'BENCHPHANT_TOKEN (server token), BENCHPHANT_MASTER_KEY (encrypted secrets file where no keychain answers),\n' +
        'BENCHPHANT_SECRET_STORE (auto | keychain | memory).',
    );
  serveCommand(program, io);
  connectionsCommand(program, io, setExit);
  sandboxCommand(program, io);
  runCommand(program, io, setExit);
  compareCommand(program, io, setExit);
  exportCommand(program, io);
  showCommand(program, io);
  importCommand(program, io);
  planCommand(program, io, setExit);
  tenantsCommand(program, io, setExit);
  workspacesCommand(program, io);
  scheduleCommand(program, io, setExit);
  usersCommand(program, io);
  agentCommand(program, io);
  settingsCommand(program, io);
  return program;
}

/** Runs one command line (without the node and script arguments) and returns its exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => (code = c));
  return runProgram(program, args, io, () => code);
}
