// Runs in the main process, server and CLI. MySQL's part in imports: the source read in one
// consistent snapshot by keyset pages (binary columns as hex), multi-row INSERTs, routing values
// compared byte by byte (a collation may ignore case).
import type { ImportDialect } from '../../tenant-facets';
import { mysqlQuoter as q } from './sql';

const MYSQL_BINARY =
  /^(tiny|medium|long)?blob|^(var)?binary|^bit\b|^geometry|^point|polygon|linestring/i;

export const mysqlImports: ImportDialect = {
  async targetColumns(target, table) {
    const r = await target.query(
      `SELECT column_name AS name, (extra LIKE '%GENERATED%') AS generated FROM information_schema.columns
            WHERE table_schema = DATABASE() AND table_name = ?`,
      [table],
    );
    return new Map(
      r.rows.map((row) => [
        String(row.name),
        Boolean(Number(row.generated) || row.generated === true),
      ]),
    );
  },
  async openReader(source, o, cols, from, where) {
    await source.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await source.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
    const total = Number((await source.query(`SELECT count(*) AS n ${from}`)).rows[0]?.n ?? 0);
    const select = cols
      .map((c) =>
        MYSQL_BINARY.test(c.type)
          ? `HEX(${q.ident(c.name)}) AS ${q.ident(c.name)}`
          : `CAST(${q.ident(c.name)} AS CHAR) AS ${q.ident(c.name)}`,
      )
      .join(', ');
    // A stable order inside one snapshot makes LIMIT/OFFSET pages exact.
    // The routing column is constant within one tenant's rows, so the rest of the key orders them.
    const keyCols = o.key
      .filter((k) => k !== o.routing?.column)
      .map((k) => cols.find((c) => c.name === k));
    if (keyCols.length === 0 || keyCols.some((c) => c === undefined)) {
      // No usable key: a stable order over every column inside the one snapshot makes the pages exact.
      const order = cols.map((_, i) => String(i + 1)).join(', ');
      let offset = 0;
      return {
        total,
        next: async () => {
          const r = await source.query(
            `SELECT ${select} ${from} ORDER BY ${order} LIMIT ${o.batch} OFFSET ${offset}`,
          );
          offset += r.rows.length;
          return r.rows;
        },
        close: () => source.query('COMMIT').then(() => undefined),
      };
    }
    // Keyset pages: each starts after the last key read, so no page rescans the ones before it.
    const key = keyCols.filter((c) => c !== undefined);
    // Qualified: ORDER BY would otherwise take the text alias of the same name and sort as text.
    const keyList = key.map((c) => `${q.ident(o.table)}.${q.ident(c.name)}`).join(', ');
    const keyMarks = key.map((c) => (MYSQL_BINARY.test(c.type) ? 'UNHEX(?)' : '?')).join(', ');
    let last: unknown[] | null = null;
    return {
      total,
      next: async () => {
        const after = last ? `${where ? ' AND' : ' WHERE'} (${keyList}) > (${keyMarks})` : '';
        const r = await source.query(
          `SELECT ${select} ${from}${after} ORDER BY ${keyList} LIMIT ${o.batch}`,
          last ?? [],
        );
        const end = r.rows.at(-1);
        if (end) last = key.map((c) => end[c.name]);
        return r.rows;
      },
      close: () => source.query('COMMIT').then(() => undefined),
    };
  },
  insertSql(table, cols, rows) {
    const names = cols.map((c) => q.ident(c.name)).join(', ');
    const tuple = () =>
      `(${cols.map((c) => (MYSQL_BINARY.test(c.type) ? 'UNHEX(?)' : '?')).join(', ')})`;
    const values = Array.from({ length: rows }, tuple).join(', ');
    return `INSERT INTO ${q.ident(table)} (${names}) VALUES ${values}`;
  },
  rowsPerInsert: (_columns, batch) => batch,
  afterCopy: async () => undefined,
  routingFilter(column, value) {
    const col = q.ident(column);
    const lit = q.literal(value);
    return `${col} = ${lit} AND CAST(${col} AS BINARY) = CAST(${lit} AS BINARY)`;
  },
  async rowsPerValue(c, table, column) {
    const col = q.ident(column);
    const r = await c.query(
      `SELECT HEX(${col}) AS v, count(*) AS n FROM ${q.ident(table)} GROUP BY HEX(${col})`,
    );
    return new Map(
      r.rows.map((row) => [
        typeof row.v === 'string' ? Buffer.from(row.v, 'hex').toString('utf8') : null,
        Number(row.n),
      ]),
    );
  },
  dropIndexesBeforeColumn: true,
};
