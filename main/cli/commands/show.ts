// Runs in the CLI process. `benchphant show RUN_ID [--json]`: a saved run's final report (what
// `run` prints at its end), with the server it measured and its caveats; never a password.
import type { Command } from 'commander';
import { type CliIo, writeLine } from '../io';
import { withSession } from '../session';
import { finalReport } from './run';

export function showCommand(program: Command, io: CliIo): void {
  program
    .command('show')
    .description('Show a saved run: its figures, the server it measured and its caveats.')
    .argument('<run_id>', 'the run')
    .option('--json', 'print the run as JSON (the API status shape)')
    .action((id: string, o: { json?: boolean }) =>
      withSession(io, async (s) => {
        const run = await s.call('runs.get', { id });
        if (o.json) writeLine(io.stdout, JSON.stringify(run, null, 2));
        else for (const line of finalReport(run).slice(1)) writeLine(io.stdout, line);
      }),
    );
}
