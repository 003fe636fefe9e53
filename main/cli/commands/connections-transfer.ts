// Runs in the CLI process. `benchphant connections import|export`: import shows the preview and
// creates nothing until confirmed (or --yes); export writes no password, by construction.
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { Command } from 'commander';
import {
  IMPORT_SOURCES,
  type ImportPreview,
  type ImportSource,
  importSourceSchema,
} from '../../../shared/contract/connection-transfer';
import { guessImportSource } from '../../core/connections/import/guess-source';
import { readSourceFile } from '../../core/connections/import/read-source';
import { defaultSourcePath } from '../../core/connections/import/sources';
import { AppError } from '../../../shared/errors';
import { CliFailure, EXIT_FAILED, EXIT_OK, EXIT_USAGE, exitCodeFor } from '../exit';
import { type CliIo, writeLine } from '../io';
import { confirm, readPassword } from '../prompt';
import { withSession } from '../session';
import { renderTable } from '../table';
import { address, printJson, resolveConnection } from './connections-common';

interface ImportOptions {
  format?: string;
  pgpass?: boolean;
  pgService?: boolean;
  myCnf?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

interface ExportOptions {
  ids?: string;
  urls?: boolean;
  out?: string;
}

const DEFAULT_FLAGS: [keyof ImportOptions, ImportSource, string][] = [
  ['pgpass', 'pgpass', '--pgpass'],
  ['pgService', 'pg_service', '--pg-service'],
  ['myCnf', 'my_cnf', '--my-cnf'],
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A core error met before the session (reading the file to guess its kind) ends like any other. */
async function readForGuess(file: string): Promise<string> {
  try {
    return await readSourceFile(file);
  } catch (err) {
    if (err instanceof AppError) throw new CliFailure(err.message, exitCodeFor(err.code));
    throw err;
  }
}

async function sourceOf(
  io: CliIo,
  file: string | undefined,
  o: ImportOptions,
): Promise<{ source: ImportSource; path: string }> {
  const defaults = DEFAULT_FLAGS.filter(([key]) => o[key]);
  if (defaults.length + (file ? 1 : 0) !== 1) {
    throw new CliFailure(
      'Give exactly one source: a FILE, --pgpass, --pg-service or --my-cnf.',
      EXIT_USAGE,
    );
  }
  const [chosen] = defaults;
  if (chosen) {
    const [, source] = chosen;
    const home = io.env.HOME || homedir();
    return { source, path: defaultSourcePath(source, { env: io.env, home }) ?? '' };
  }
  const path = file ?? '';
  if (o.format !== undefined) {
    const parsed = importSourceSchema.safeParse(o.format);
    if (!parsed.success) {
      throw new CliFailure(`--format must be one of: ${IMPORT_SOURCES.join(', ')}.`, EXIT_USAGE);
    }
    return { source: parsed.data, path };
  }
  const guessed = guessImportSource(path, await readForGuess(path));
  if (!guessed) {
    throw new CliFailure(
      `Cannot tell what kind of file ${path} is; pass --format with one of: ${IMPORT_SOURCES.join(', ')}.`,
      EXIT_USAGE,
    );
  }
  return { source: guessed, path };
}

function printPreview(io: CliIo, p: ImportPreview): void {
  writeLine(io.stdout, `Source: ${p.source}${p.file ? ` (${p.file})` : ''}`);
  if (p.candidates.length) {
    writeLine(io.stdout, `\nTo create (${p.candidates.length}):`);
    const rows = p.candidates.map((c) => [
      c.name,
      c.type,
      address(c),
      c.has_password ? 'found' : c.needs_password ? 'needed' : 'none',
      c.origin,
    ]);
    writeLine(io.stdout, renderTable(['NAME', 'TYPE', 'ADDRESS', 'PASSWORD', 'FROM'], rows));
  }
  if (p.skipped.length) {
    writeLine(io.stdout, `\nSkipped (${p.skipped.length}):`);
    for (const s of p.skipped) {
      writeLine(io.stdout, `  ${s.origin}${s.address ? ` ${s.address}` : ''}: ${s.reason}`);
    }
  }
  if (p.notices.length) {
    writeLine(io.stdout, '\nNotes:');
    for (const n of p.notices) writeLine(io.stdout, `  ${n}`);
  }
}

async function runImport(io: CliIo, file: string | undefined, o: ImportOptions): Promise<number> {
  const input = await sourceOf(io, file, o);
  return withSession(io, async (s) => {
    const preview = await s.call('connections.importPreview', input);
    if (!o.json) printPreview(io, preview);
    const count = preview.candidates.length;
    if (count === 0 || o.dryRun) {
      if (o.json) printJson(io, { preview, created: [], failed: [] });
      else
        writeLine(io.stdout, count === 0 ? '\nNothing to import.' : '\nDry run: nothing created.');
      return EXIT_OK;
    }
    if (!o.yes) {
      if (!io.stdin.isTTY) {
        throw new CliFailure(
          `Nothing imported: stdin is not a terminal, so nobody can confirm. Pass --yes to create ${plural(count, 'connection')}.`,
          EXIT_USAGE,
        );
      }
      if (!(await confirm(io, `Create ${plural(count, 'connection')}?`))) {
        throw new CliFailure('Nothing imported.', EXIT_FAILED);
      }
    }
    // Asked only when someone is there to answer; with --yes they are created without one.
    const items = [];
    for (const c of preview.candidates) {
      const ask = c.needs_password && !o.yes && io.stdin.isTTY;
      const password = ask ? await readPassword(io, `Password for ${c.name} (empty: none): `) : '';
      items.push({ key: c.key, ...(password ? { password } : {}) });
    }
    const result = await s.call('connections.importApply', { token: preview.token, items });
    if (o.json) {
      printJson(io, { preview, ...result });
    } else {
      writeLine(io.stdout, `\nCreated ${plural(result.created.length, 'connection')}.`);
      for (const f of result.failed) writeLine(io.stderr, `error: ${f.name || f.key}: ${f.reason}`);
      const without = result.created.filter((c) => !c.has_password).length;
      if (without) {
        writeLine(
          io.stdout,
          `${plural(without, 'connection')} without a password: add it with Edit in the app if the server needs one.`,
        );
      }
    }
    return result.failed.length ? EXIT_FAILED : EXIT_OK;
  });
}

async function runExport(io: CliIo, o: ExportOptions): Promise<void> {
  const refs = o.ids
    ?.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  await withSession(io, async (s) => {
    const ids = refs
      ? await Promise.all(refs.map(async (r) => (await resolveConnection(s, r)).id))
      : undefined;
    const out = await s.call('connections.export', {
      ...(ids ? { ids } : {}),
      format: o.urls ? 'urls' : 'json',
    });
    if (!o.out) {
      io.stdout.write(out.content);
      return;
    }
    await writeFile(o.out, out.content);
    writeLine(
      io.stdout,
      `Exported ${plural(out.count, 'connection')} to ${o.out} (without passwords).`,
    );
  });
}

export function transferCommands(cmd: Command, io: CliIo, setExit: (code: number) => void): void {
  cmd
    .command('import')
    .description('Import connections from another tool: shows what will be created, then asks.')
    .argument('[file]', 'a file to import (its kind is guessed unless --format is given)')
    .option('--format <kind>', `what the file is: ${IMPORT_SOURCES.join(', ')}`)
    .option('--pgpass', 'import ~/.pgpass (or $PGPASSFILE)')
    .option('--pg-service', 'import ~/.pg_service.conf (or $PGSERVICEFILE)')
    .option('--my-cnf', 'import ~/.my.cnf')
    .option('-y, --yes', 'create without asking (required when stdin is not a terminal)')
    .option('--dry-run', 'only show what would be created and skipped')
    .option('--json', 'print the preview and the outcome as JSON')
    .addHelpText(
      'after',
      '\nDuplicates of saved connections (same host, port, database and user) and unreadable lines are\n' +
        'skipped and listed with the reason. Passwords found in the file go to the keychain, never the\n' +
        "data file. pgAdmin and DBeaver exports hold no passwords (DBeaver's credentials file is never\n" +
        'read): on a terminal you are asked for the ones DBeaver had saved.\n\n' +
        'Examples:\n' +
        '  benchphant connections import --pgpass\n' +
        '  benchphant connections import ~/servers.json --dry-run\n' +
        '  benchphant connections import urls.txt --format urls --yes --json',
    )
    .action(async (file: string | undefined, o: ImportOptions) =>
      setExit(await runImport(io, file, o)),
    );

  cmd
    .command('export')
    .description('Export saved connections without their passwords (JSON, re-importable).')
    .option('--ids <list>', 'comma-separated ids or names (default: every saved connection)')
    .option('--urls', 'one connection URL per line instead of JSON')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((o: ExportOptions) => runExport(io, o));
}
