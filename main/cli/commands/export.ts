// Runs in the CLI process. `benchphant export RUN_ID --format json|csv|html [--out FILE]`: a run
// as a portable bundle, CSV, or an HTML report (several ids: a comparison report, the first the baseline).
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliFailure, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';
import { withSession } from '../session';

const FORMATS = ['json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

export function exportCommand(program: Command, io: CliIo): void {
  program
    .command('export')
    .description(
      'Export a saved run as a JSON bundle or CSV, or runs as a self-contained HTML report.',
    )
    .argument('<run_ids...>', 'the run (html: one or more; the first is the baseline)')
    .option('--format <format>', `one of: ${FORMATS.join(', ')}`, 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (ids: string[], o: { format: string; out?: string }) => {
      if (!(FORMATS as readonly string[]).includes(o.format))
        throw new CliFailure(`--format must be one of: ${FORMATS.join(', ')}.`, EXIT_USAGE);
      const format = o.format as Format;
      if (format !== 'html' && ids.length !== 1)
        throw new CliFailure(`--format ${format} exports one run; give one id.`, EXIT_USAGE);
      const file = await withSession(io, async (s) => {
        if (format === 'html') {
          const r = await s.call('results.report', { run_ids: ids });
          return { filename: r.filename, content: r.html };
        }
        return s.call('results.export', { id: ids[0]!, format });
      });
      if (!o.out) {
        io.stdout.write(file.content);
        return;
      }
      await writeFile(o.out, file.content).catch((err: NodeJS.ErrnoException) => {
        throw new CliFailure(`Cannot write ${o.out}: ${err.code ?? err.message}.`);
      });
      writeLine(io.stderr, `Wrote ${o.out}.`);
    });
}
