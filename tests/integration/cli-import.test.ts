// The real CLI in a child process: `connections import` shows the preview and creates nothing
// without confirmation, imports a pgpass entry that then reaches a real password-protected
// PostgreSQL, and `connections export` writes a file the importer reads back.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionSchema } from '../../shared/model/connection';
import { importPreviewSchema } from '../../shared/contract/connection-transfer';
import { type CliResult, runCli } from '../support/cli';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { scanDirectory, secretForms } from '../support/secret-scan';
import { makeTempDir, type TempDir } from '../support/temp-dir';

const PASSWORD = `Zq9-cli-import-${randomBytes(5).toString('hex')}`;

const importJson = z.object({
  preview: importPreviewSchema,
  created: z.array(connectionSchema),
  failed: z.array(z.object({ key: z.string(), name: z.string(), reason: z.string() })),
});

function expectError(r: CliResult, code: number, text: RegExp) {
  expect(r.code).toBe(code);
  expect(r.stderr.trim()).toMatch(/^error: /);
  expect(r.stderr).toMatch(text);
}

describe('benchphant connections import / export', () => {
  let pg: PrivatePostgres;
  let dir: TempDir;
  let home: TempDir;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(args, { env });

  beforeAll(async () => {
    pg = await startPrivatePostgres({ password: PASSWORD });
    dir = makeTempDir('bp-cli-import-');
    home = makeTempDir('bp-cli-home-');
    // Passwords must outlive each CLI process: the keychain where one answers, else the encrypted file.
    env = {
      BENCHPHANT_DATA_DIR: dir.path,
      BENCHPHANT_MASTER_KEY: 'cli-import-test-master-key',
      HOME: home.path,
      PGPASSFILE: '',
      PGSERVICEFILE: '',
    };
    const { host, port, database, username } = pg.params;
    writeFileSync(
      join(home.path, '.pgpass'),
      [
        `${host}:${port}:${database}:${username}:${PASSWORD}`,
        '*:*:*:someone:wildcard-only',
        'oops',
      ].join('\n'),
      { mode: 0o600 },
    );
  });

  afterAll(async () => {
    // Leave nothing in a keychain the run may have used.
    const list = await cli('connections', 'list', '--json');
    for (const c of z.array(connectionSchema).parse(JSON.parse(list.stdout || '[]')))
      await cli('connections', 'rm', c.id, '--yes');
    dir?.remove();
    home?.remove();
    await pg?.stop();
  });

  it('refuses to import without a source, with two sources, or a file it cannot recognise', async () => {
    expectError(await cli('connections', 'import'), 2, /exactly one source/);
    expectError(await cli('connections', 'import', '--pgpass', '--my-cnf'), 2, /exactly one/);
    const notes = join(home.path, 'notes.txt');
    writeFileSync(notes, 'hello\n');
    expectError(await cli('connections', 'import', notes), 2, /--format/);
    expectError(
      await cli('connections', 'import', join(home.path, 'missing.json')),
      1,
      /There is no file at/,
    );
  });

  it('shows the preview and creates nothing without confirmation when stdin is not a terminal', async () => {
    const r = await cli('connections', 'import', '--pgpass');
    expect(r.stdout).toContain(`Source: pgpass (${join(home.path, '.pgpass')})`);
    expect(r.stdout).toMatch(/To create \(1\):\nNAME\s+TYPE\s+ADDRESS\s+PASSWORD\s+FROM/);
    expect(r.stdout).toMatch(/line 3: expected hostname:port:database:username:password/);
    expect(r.stdout).toMatch(/1 line has a \* wildcard/);
    expect(r.stdout).not.toContain(PASSWORD);
    expectError(r, 2, /Pass --yes/);
    const list = await cli('connections', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('imports with --yes, keeps the password out of the data file, and the connection tests OK', async () => {
    const r = await cli('connections', 'import', '--pgpass', '--yes');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Created 1 connection.');
    const { username, host, database } = pg.params;
    const name = `${username}@${host}/${database}`;
    const test = await cli('connections', 'test', name);
    expect(test.stderr).toBe('');
    expect(test.code).toBe(0);
    expect(scanDirectory(dir.path, secretForms(PASSWORD)).hits).toEqual([]);

    const again = await cli('connections', 'import', '--pgpass', '--yes');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already saved as/);
    expect(again.stdout).toContain('Nothing to import.');
  });

  it('guesses a URL list, reports duplicates in JSON, and exports what it has', async () => {
    const urls = join(home.path, 'urls.txt');
    writeFileSync(
      urls,
      '# two new, one twice\npostgres://a@one.example/db\nmysql://b@two.example/db\npostgres://a@one.example:5432/db\n',
    );
    const r = await cli('connections', 'import', urls, '--yes', '--json');
    expect(r.code).toBe(0);
    const out = importJson.parse(JSON.parse(r.stdout));
    expect(out.preview.source).toBe('urls');
    expect(out.created.map((c) => c.host)).toEqual(['one.example', 'two.example']);
    expect(out.preview.skipped).toEqual([
      {
        origin: 'line 4',
        address: 'a@one.example:5432/db',
        reason: 'same as line 2 in this import',
      },
    ]);

    const file = join(home.path, 'export.json');
    const exported = await cli('connections', 'export', '--out', file);
    expect(exported.stdout).toContain(`Exported 3 connections to ${file} (without passwords).`);
    expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);

    const chosen = await cli('connections', 'export', '--ids', 'a@one.example/db', '--urls');
    expect(chosen.stdout).toBe('# a@one.example/db\npostgresql://a@one.example:5432/db\n');

    // Read back into an empty data directory: everything would be created, nothing is yet.
    const fresh = makeTempDir('bp-cli-import-fresh-');
    try {
      const back = await runCli(['connections', 'import', file, '--dry-run', '--json'], {
        env: { ...env, BENCHPHANT_DATA_DIR: fresh.path },
      });
      expect(back.code).toBe(0);
      const preview = importJson.parse(JSON.parse(back.stdout)).preview;
      expect(preview.source).toBe('benchphant');
      expect(preview.candidates.map((c) => c.host).sort()).toEqual(
        ['one.example', pg.params.host, 'two.example'].sort(),
      );
    } finally {
      fresh.remove();
    }
  });
});
