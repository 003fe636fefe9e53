// Runs in the CLI process. `benchphant sandbox start|stop|status`: the built-in PostgreSQL lives
// inside the process that started it, so `start` stays in the foreground until Ctrl-C.
import type { Command } from 'commander';
import type { SandboxStatus } from '../../../shared/contract/sandbox';
import { type CliIo, writeLine } from '../io';
import { withOwnerSession, withSession } from '../session';

function describe(s: SandboxStatus): string {
  const conn = s.connection_id ? ` (connection ${s.connection_id})` : '';
  switch (s.state) {
    case 'running':
      return `Sandbox PostgreSQL is running on 127.0.0.1:${s.port}${conn}.`;
    case 'failed':
      return s.message ?? 'Sandbox PostgreSQL failed.';
    case 'stopped':
      return s.connection_id
        ? `Sandbox PostgreSQL is not running in this process${conn}; its data is kept for the next start.`
        : 'Sandbox PostgreSQL has never been started here; `benchphant sandbox start` creates it.';
    default:
      return `Sandbox PostgreSQL is ${s.state}${conn}.`;
  }
}

const print = (io: CliIo, status: SandboxStatus, json: boolean | undefined) =>
  writeLine(io.stdout, json ? JSON.stringify(status, null, 2) : describe(status));

export function sandboxCommand(program: Command, io: CliIo): void {
  const cmd = program
    .command('sandbox')
    .description('The built-in Sandbox PostgreSQL, kept inside the data directory.')
    .addHelpText(
      'after',
      '\nThe sandbox runs inside the Benchphant process that starts it (the app, `benchphant serve` or\n' +
        '`benchphant sandbox start`) and stops when that process ends; its data stays for the next start.',
    );

  cmd
    .command('start')
    .description('Start the sandbox and keep it running in the foreground until Ctrl-C.')
    .option('--json', 'print the status as JSON once it runs')
    .action((o: { json?: boolean }) =>
      withOwnerSession(io, 'benchphant sandbox start', async (s) => {
        print(io, await s.call('sandbox.start'), o.json);
        if (!o.json) writeLine(io.stderr, 'Press Ctrl-C to stop it.');
        await io.untilSignal();
        writeLine(io.stderr, 'Stopping the sandbox…');
      }),
    );

  cmd
    .command('stop')
    .description('Stop the sandbox if this process runs it (report its state otherwise).')
    .option('--json', 'print the status as JSON')
    .action((o: { json?: boolean }) =>
      withSession(io, async (s) => void print(io, await s.call('sandbox.stop'), o.json)),
    );

  cmd
    .command('status')
    .description('Show the state of the sandbox and its saved connection.')
    .option('--json', 'print the status as JSON')
    .action((o: { json?: boolean }) =>
      withSession(io, async (s) => void print(io, await s.call('sandbox.status'), o.json)),
    );
}
