// Runs in the CLI process. `benchphant import FILE`: stores an exported run bundle as a new run
// (marked imported, its original id kept), so it can be compared with the runs made here.
import type { Command } from 'commander';
import { type CliIo, writeLine } from '../io';
import { withSession } from '../session';
import { readBundle } from './run-refs';

export function importCommand(program: Command, io: CliIo): void {
  program
    .command('import')
    .description('Import a run bundle exported by Benchphant (benchphant export … --format json).')
    .argument('<file>', 'the bundle file')
    .option('--json', 'print the new run id as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const bundle = await readBundle(file);
      const r = await withSession(io, (s) => s.call('results.import', { bundle }));
      writeLine(io.stdout, o.json ? JSON.stringify(r, null, 2) : r.message);
    });
}
