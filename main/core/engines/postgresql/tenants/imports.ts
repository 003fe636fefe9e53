// Runs in the main process, server and CLI. PostgreSQL's part in imports: the source read through
// a cursor in one REPEATABLE READ snapshot, values as text; multi-row INSERTs within the bind
// limit, identity columns overridden, sequences moved past the copied ids.
import type { ImportDialect } from '../../tenant-facets';
import { pgQuoter as q } from './sql';

/** PostgreSQL binds at most 65535 parameters per statement. */
const PG_MAX_PARAMS = 60_000;

export const postgresImports: ImportDialect = {
  async targetColumns(target, table) {
    const r = await target.query(
      `SELECT column_name AS name, (is_generated = 'ALWAYS') AS generated FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1`,
      [table],
    );
    return new Map(
      r.rows.map((row) => [
        String(row.name),
        Boolean(Number(row.generated) || row.generated === true),
      ]),
    );
  },
  async openReader(source, o, cols, from) {
    await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const total = Number((await source.query(`SELECT count(*) AS n ${from}`)).rows[0]?.n ?? 0);
    const select = cols.map((c) => `${q.ident(c.name)}::text AS ${q.ident(c.name)}`).join(', ');
    await source.query(`DECLARE bp_import NO SCROLL CURSOR FOR SELECT ${select} ${from}`);
    return {
      total,
      next: async () => (await source.query(`FETCH FORWARD ${o.batch} FROM bp_import`)).rows,
      close: () => source.query('COMMIT').then(() => undefined),
    };
  },
  insertSql(table, cols, rows) {
    const names = cols.map((c) => q.ident(c.name)).join(', ');
    let n = 0;
    const tuple = () => `(${cols.map(() => `$${++n}`).join(', ')})`;
    const values = Array.from({ length: rows }, tuple).join(', ');
    // OVERRIDING SYSTEM VALUE: identity columns take the source's ids as they are.
    return `INSERT INTO ${q.ident(table)} (${names}) OVERRIDING SYSTEM VALUE VALUES ${values}`;
  },
  rowsPerInsert: (columns) => Math.max(1, Math.floor(PG_MAX_PARAMS / columns)),
  /** Serial and identity sequences continue after the copied ids. */
  async afterCopy(target, table) {
    const r = await target.query(
      `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1
        AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')`,
      [table],
    );
    for (const row of r.rows) {
      const col = q.ident(String(row.name));
      await target.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${col}), 0) + 1, false) FROM ${q.ident(table)}`,
        [q.ident(table), String(row.name)],
      );
    }
  },
  routingFilter: (column, value) => `${q.ident(column)}::text = ${q.literal(value)}`,
  async rowsPerValue(c, table, column) {
    const col = q.ident(column);
    const r = await c.query(
      `SELECT ${col}::text AS v, count(*) AS n FROM ${q.ident(table)} GROUP BY 1`,
    );
    return new Map(r.rows.map((row) => [typeof row.v === 'string' ? row.v : null, Number(row.n)]));
  },
  dropIndexesBeforeColumn: false,
};
