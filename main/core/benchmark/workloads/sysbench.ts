// Runs in benchmark workers. The sysbench OLTP family (oltp_common.lua): the same statements,
// the same per-event table choice and the same defaults, over sbtest1..N.
import type { WorkloadType } from '../../../../shared/contract/benchmarks';
import type { DbType } from '../../../../shared/model/connection';
import {
  type BenchSession,
  boolParam,
  numberParam,
  type ParamValue,
  randInt,
  type SqlValue,
  statement,
  type Statement,
  type Txn,
} from './spec';

export interface SysbenchLayout {
  tables: number;
  table_size: number;
}

export function sysbenchLayout(params: Record<string, ParamValue>): SysbenchLayout {
  return {
    tables: numberParam(params, 'tables', 1, 1),
    table_size: numberParam(params, 'table_size', 10_000, 1),
  };
}

/** `n` uniform random digits (n <= 6): one small-integer draw instead of one per digit, for speed. */
const digits = (n: number) => String(10 ** n + Math.floor(Math.random() * 10 ** n)).slice(1);
/** `count` groups of 11 random digits joined by '-', as sysbench's '###########-…' templates. */
function digitGroups(count: number): string {
  let s = digits(5) + digits(6);
  for (let i = 1; i < count; i++) s += '-' + digits(5) + digits(6);
  return s;
}
/** sysbench's `c` (10 groups of 11 digits) and `pad` (5 groups) values. */
export const randomC = () => digitGroups(10);
export const randomPad = () => digitGroups(5);

interface TableStatements {
  point: Statement;
  simple: Statement;
  sum: Statement;
  order: Statement;
  distinct: Statement;
  updIndex: Statement;
  updNonIndex: Statement;
  del: Statement;
  ins: Statement;
  insAuto: Statement;
}

function tableStatements(engine: DbType, t: number): TableStatements {
  const s = (name: string, sql: string) =>
    statement(engine, `bp_${name}_${t}`, sql.replace('%t', `sbtest${t}`));
  return {
    point: s('point', 'SELECT c FROM %t WHERE id=?'),
    simple: s('simple', 'SELECT c FROM %t WHERE id BETWEEN ? AND ?'),
    sum: s('sum', 'SELECT SUM(k) FROM %t WHERE id BETWEEN ? AND ?'),
    order: s('order', 'SELECT c FROM %t WHERE id BETWEEN ? AND ? ORDER BY c'),
    distinct: s('distinct', 'SELECT DISTINCT c FROM %t WHERE id BETWEEN ? AND ? ORDER BY c'),
    updIndex: s('updidx', 'UPDATE %t SET k=k+1 WHERE id=?'),
    updNonIndex: s('updnonidx', 'UPDATE %t SET c=? WHERE id=?'),
    del: s('del', 'DELETE FROM %t WHERE id=?'),
    ins: s('ins', 'INSERT INTO %t (id, k, c, pad) VALUES (?, ?, ?, ?)'),
    insAuto: s('insauto', 'INSERT INTO %t (k, c, pad) VALUES (?, ?, ?)'),
  };
}

export function sysbenchTxns(
  type: WorkloadType,
  engine: DbType,
  params: Record<string, ParamValue>,
): Txn[] {
  const { tables, table_size: size } = sysbenchLayout(params);
  const n = (key: string, fallback: number) => numberParam(params, key, fallback, 0);
  const rangeSize = Math.max(1, Math.min(n('range_size', 100), size));
  const cfg = {
    point: n('point_selects', 10),
    simple: n('simple_ranges', 1),
    sum: n('sum_ranges', 1),
    order: n('order_ranges', 1),
    distinct: n('distinct_ranges', 1),
    updIndex: n('index_updates', 1),
    updNonIndex: n('non_index_updates', 1),
    delIns: n('delete_inserts', 1),
  };
  const skipTrx = boolParam(params, 'skip_trx', false);
  const perTable = Array.from({ length: tables }, (_, i) => tableStatements(engine, i + 1));
  const begin = statement(engine, 'bp_begin', 'BEGIN');
  const commit = statement(engine, 'bp_commit', 'COMMIT');
  // A small pool of strings keeps 120-character random text off the hot path.
  const cPool = Array.from({ length: 256 }, randomC);
  const padPool = Array.from({ length: 64 }, randomPad);
  const pick = <T>(pool: T[]): T => pool[Math.floor(Math.random() * pool.length)]!;
  const table = () => perTable[tables === 1 ? 0 : randInt(0, tables - 1)]!;
  const id = () => randInt(1, size);
  const NONE: readonly SqlValue[] = [];
  const pointParams: SqlValue[] = [0];

  const ranges = async (s: BenchSession, st: Statement, count: number) => {
    for (let i = 0; i < count; i++) {
      const start = randInt(1, size - rangeSize + 1);
      await s.run(st, [start, start + rangeSize - 1]);
    }
  };
  const reads = async (s: BenchSession) => {
    const t = table();
    for (let i = 0; i < cfg.point; i++) await s.run(t.point, [id()]);
    await ranges(s, t.simple, cfg.simple);
    await ranges(s, t.sum, cfg.sum);
    await ranges(s, t.order, cfg.order);
    await ranges(s, t.distinct, cfg.distinct);
  };
  const readCount = cfg.point + cfg.simple + cfg.sum + cfg.order + cfg.distinct;
  const writes = async (s: BenchSession) => {
    const t = table();
    for (let i = 0; i < cfg.updIndex; i++) await s.run(t.updIndex, [id()]);
    for (let i = 0; i < cfg.updNonIndex; i++) await s.run(t.updNonIndex, [pick(cPool), id()]);
    for (let i = 0; i < cfg.delIns; i++) {
      const row = id();
      await s.run(t.del, [row]);
      await s.run(t.ins, [row, id(), pick(cPool), pick(padPool)]);
    }
  };
  const writeCount = cfg.updIndex + cfg.updNonIndex + 2 * cfg.delIns;
  /** A transaction of `count` statements sent by `body`, inside BEGIN/COMMIT unless skip_trx. */
  const inTrx = (count: number, body: (s: BenchSession) => Promise<void>): Txn[] => [
    skipTrx
      ? { name: type, weight: 1, run: body, statements: count, inTransaction: false }
      : {
          name: type,
          weight: 1,
          run: async (s) => {
            await s.run(begin, NONE);
            await body(s);
            await s.run(commit, NONE);
          },
          statements: count + 2,
          inTransaction: true,
        },
  ];
  const single = (run: (s: BenchSession) => Promise<void>): Txn[] => [
    { name: type, weight: 1, run, statements: 1, inTransaction: false },
  ];

  switch (type) {
    case 'oltp_point_select':
      return single((s) => {
        // One array refilled for every query (a session reads it before run() returns).
        pointParams[0] = id();
        return s.run(table().point, pointParams);
      });
    case 'oltp_read_only':
      return inTrx(readCount, reads);
    case 'oltp_write_only':
      return inTrx(writeCount, writes);
    case 'oltp_read_write':
      return inTrx(readCount + writeCount, async (s) => {
        await reads(s);
        await writes(s);
      });
    case 'oltp_insert':
      return single((s) => s.run(table().insAuto, [id(), pick(cPool), pick(padPool)]));
    case 'oltp_update_index':
      return single((s) => s.run(table().updIndex, [id()]));
    case 'oltp_update_non_index':
      return single((s) => s.run(table().updNonIndex, [pick(cPool), id()]));
    default:
      throw new Error(`${type} is not a sysbench workload`);
  }
}
