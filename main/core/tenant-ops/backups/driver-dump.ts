// Runs in the main process, server and CLI. A PostgreSQL backup without pg_dump, for servers newer
// than the installed client tools (the Sandbox is one): the schema as DDL from the catalogs, each
// table's rows as JSON in batches read through a cursor, the grants of tables and sequences, all
// in one REPEATABLE READ snapshot; gzip-compressed JSON lines. Restoring creates the tables,
// loads the rows, moves the sequences on, then adds indexes, foreign keys and grants.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import type { DbClient } from '../../db/client';
import { snapshotStatements } from '../../tenants/ddl/from-snapshot';
import { introspectPostgres } from '../../tenants/introspect/postgres';
import { pgQuoter } from '../../engines/postgresql/tenants/sql';
import { grantsOf } from './acl';
import type { RowCounts } from './row-counts';

export const DRIVER_TOOL = 'benchphant (driver)';
const FORMAT = 'benchphant-pg-json';
const BATCH = 1000;
const q = pgQuoter;

const headerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  statements: z.array(z.string()),
  tables: z.array(z.string()),
  serials: z.array(z.object({ table: z.string(), column: z.string() })),
  grants: z.array(z.string()),
});
const batchSchema = z.object({ table: z.string(), rows: z.array(z.unknown()) });

/** GRANT statements recreating the ACLs of the schema's tables and sequences. */
async function grantStatements(c: DbClient): Promise<string[]> {
  const r = await c.query(`
    SELECT c.relname AS name, c.relkind AS kind, c.relacl::text[] AS acl
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'S') AND c.relacl IS NOT NULL`);
  return r.rows.flatMap((row) =>
    grantsOf(
      `${row.kind === 'S' ? 'SEQUENCE' : 'TABLE'} ${q.ident(String(row.name))}`,
      row.acl as string[],
    ),
  );
}

/** Writes the backup; the caller holds `c` in a REPEATABLE READ transaction. */
export async function driverDump(
  c: DbClient,
  file: string,
  rows: RowCounts,
  onTable: () => void,
): Promise<void> {
  const schema = await introspectPostgres(c);
  const serials = schema.tables.flatMap((t) =>
    t.columns
      .filter((col) => col.default !== null && /^nextval\(/i.test(col.default))
      .map((col) => ({ table: t.name, column: col.name })),
  );
  const header = {
    format: FORMAT,
    version: 1,
    statements: snapshotStatements(schema, 'postgresql'),
    tables: Object.keys(rows),
    serials,
    grants: await grantStatements(c),
  };
  const client = c;
  async function* lines(): AsyncGenerator<string> {
    yield `${JSON.stringify(header)}\n`;
    for (const table of header.tables) {
      const cursor = `bp_dump_${header.tables.indexOf(table)}`;
      await client.query(
        `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t) AS j FROM ${q.ident(table)} t`,
      );
      for (;;) {
        const batch = await client.query(`FETCH ${BATCH} FROM ${cursor}`);
        if (batch.rows.length === 0) break;
        yield `${JSON.stringify({ table, rows: batch.rows.map((r) => r.j) })}\n`;
      }
      await client.query(`CLOSE ${cursor}`);
      onTable();
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { mode: 0o600 }));
}

/** Loads a driver backup into `c`'s (empty) database. */
export async function driverRestore(c: DbClient, file: string): Promise<void> {
  let header: z.infer<typeof headerSchema> | null = null;
  let later: string[] = [];
  await c.query('BEGIN');
  // Made after the last await before reading: readline emits lines from the start, and any line
  // emitted before the loop below attaches would be lost.
  const input = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  try {
    for await (const line of input) {
      if (!line) continue;
      if (!header) {
        header = headerSchema.parse(JSON.parse(line));
        const creates = header.statements.filter((s) => s.startsWith('CREATE TABLE'));
        later = header.statements.filter((s) => !s.startsWith('CREATE TABLE'));
        for (const s of creates) await c.query(s);
        continue;
      }
      const batch = batchSchema.parse(JSON.parse(line));
      const table = q.ident(batch.table);
      await c.query(
        `INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`,
        [JSON.stringify(batch.rows)],
      );
    }
    if (!header) throw new Error('the backup file is empty');
    for (const s of header.serials) {
      const col = q.ident(s.column);
      await c.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(max(${col}), 1), max(${col}) IS NOT NULL) FROM ${q.ident(s.table)}`,
        [q.ident(s.table), s.column],
      );
    }
    for (const s of [...later, ...header.grants]) await c.query(s);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
