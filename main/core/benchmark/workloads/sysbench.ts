// Runs in the main process and in benchmark workers. The sysbench OLTP family (oltp_common.lua):
// the same statements, the same per-event table choice and the same defaults, over sbtest1..N.
import type { WorkloadType } from '../../../../shared/contract/benchmarks';
import type { DbType } from '../../../../shared/model/connection';
import { type Code, OP } from './expr';
import { patternRef, type Program, type ProgramTxn, type Step } from './program';
import {
  boolParam,
  choiceParam,
  numberParam,
  type ParamValue,
  statement,
  type Statement,
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

/**
 * sysbench's get_id(): the bytecode of a row id in [1, size] drawn from the distribution its
 * --rand-type names (rand_type here), with its --rand-spec-* and --rand-pareto-h settings. Its
 * default, 'special', sends three draws in four to the 1 % of the rows in the middle of the table:
 * a run that drew uniformly would touch other rows than sysbench does, and cost the server
 * differently.
 */
export function sysbenchIdCode(params: Record<string, ParamValue>, size: number): Code {
  const n = (key: string, fallback: number) => numberParam(params, key, fallback, 0);
  const ids = [OP.push, 1, OP.push, size];
  const type = choiceParam(params, 'rand_type');
  switch (type) {
    case 'uniform':
      return [...ids, OP.random];
    case 'gaussian':
      return [...ids, OP.push, n('rand_spec_iter', 12), OP.sbGaussian];
    case 'pareto': {
      const h = n('rand_pareto_h', 0.2);
      return [...ids, OP.push, Math.log(h) / Math.log(1 - h), OP.sbPareto];
    }
    default: // 'special'
      return [
        ...ids,
        OP.push,
        n('rand_spec_pct', 1),
        OP.push,
        n('rand_spec_res', 75),
        OP.push,
        n('rand_spec_iter', 12),
        OP.sbSpecial,
      ];
  }
}

/** The statements of one table, in this order; table t's are at t * TABLE_STATEMENTS.length. */
const TABLE_STATEMENTS = [
  ['point', 'SELECT c FROM %t WHERE id=?'],
  ['simple', 'SELECT c FROM %t WHERE id BETWEEN ? AND ?'],
  ['sum', 'SELECT SUM(k) FROM %t WHERE id BETWEEN ? AND ?'],
  ['order', 'SELECT c FROM %t WHERE id BETWEEN ? AND ? ORDER BY c'],
  ['distinct', 'SELECT DISTINCT c FROM %t WHERE id BETWEEN ? AND ? ORDER BY c'],
  ['updidx', 'UPDATE %t SET k=k+1 WHERE id=?'],
  ['updnonidx', 'UPDATE %t SET c=? WHERE id=?'],
  ['del', 'DELETE FROM %t WHERE id=?'],
  ['ins', 'INSERT INTO %t (id, k, c, pad) VALUES (?, ?, ?, ?)'],
  ['insauto', 'INSERT INTO %t (k, c, pad) VALUES (?, ?, ?)'],
] as const;
type TableStatement = (typeof TABLE_STATEMENTS)[number][0];
const at = (name: TableStatement) => TABLE_STATEMENTS.findIndex(([n]) => n === name);

const C_PATTERN = Array.from({ length: 10 }, () => '#'.repeat(11)).join('-');
const PAD_PATTERN = Array.from({ length: 5 }, () => '#'.repeat(11)).join('-');

/** Variable slots of a sysbench program (slot 0 is client_id, as in every program). */
const V = { table: 1, id: 2, start: 3, end: 4, k: 5 } as const;
const C = patternRef(0);
const PAD = patternRef(1);

/**
 * The sysbench OLTP family as a program: statements over sbtest1..N, the table drawn uniformly per
 * event (once for the reads, once for the writes), ids, range starts and k drawn as sysbench's
 * get_id() draws them (sysbenchIdCode), c and pad from sysbench's templates.
 */
export function sysbenchProgram(
  type: WorkloadType,
  engine: DbType,
  params: Record<string, ParamValue>,
  rollback: Statement,
): Program {
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
  const statements: Statement[] = [];
  for (let t = 1; t <= tables; t++) {
    for (const [name, sql] of TABLE_STATEMENTS)
      statements.push(statement(engine, `bp_${name}_${t}`, sql.replace('%t', `sbtest${t}`)));
  }
  const begin = statements.push(statement(engine, 'bp_begin', 'BEGIN')) - 1;
  const commit = statements.push(statement(engine, 'bp_commit', 'COMMIT')) - 1;
  const rb = statements.push(rollback) - 1;

  const set = (slot: number, code: number[]): Step => ({ op: 'set', slot, code });
  const idCode = sysbenchIdCode(params, size);
  const drawId = (slot: number): Step => set(slot, idCode);
  const chooseTable: Step[] =
    tables === 1
      ? []
      : [
          set(V.table, [
            OP.push,
            0,
            OP.push,
            tables - 1,
            OP.random,
            OP.push,
            TABLE_STATEMENTS.length,
            OP.mul,
          ]),
        ];
  const sql = (name: TableStatement, params: number[]): Step => ({
    op: 'sql',
    stmt: at(name),
    pick: tables === 1 ? -1 : V.table,
    params,
  });
  const repeat = (count: number, steps: () => Step[]) =>
    Array.from({ length: count }, steps).flat();
  // As sysbench: the range starts at a drawn id and may run past the last row.
  const range = (name: TableStatement, count: number) =>
    repeat(count, () => [
      drawId(V.start),
      set(V.end, [OP.load, V.start, OP.push, rangeSize - 1, OP.add]),
      sql(name, [V.start, V.end]),
    ]);
  const id = drawId(V.id);
  const reads = (): Step[] => [
    ...chooseTable,
    ...repeat(cfg.point, () => [id, sql('point', [V.id])]),
    ...range('simple', cfg.simple),
    ...range('sum', cfg.sum),
    ...range('order', cfg.order),
    ...range('distinct', cfg.distinct),
  ];
  const writes = (): Step[] => [
    ...chooseTable,
    ...repeat(cfg.updIndex, () => [id, sql('updidx', [V.id])]),
    ...repeat(cfg.updNonIndex, () => [id, sql('updnonidx', [C, V.id])]),
    ...repeat(cfg.delIns, () => [
      id,
      sql('del', [V.id]),
      drawId(V.k),
      sql('ins', [V.id, V.k, C, PAD]),
    ]),
  ];
  const txn = (steps: Step[], trx: boolean): ProgramTxn => {
    const body =
      trx && !skipTrx
        ? [
            { op: 'sql', stmt: begin, pick: -1, params: [] } as Step,
            ...steps,
            { op: 'sql', stmt: commit, pick: -1, params: [] } as Step,
          ]
        : steps;
    return {
      name: type,
      weight: 1,
      steps: body,
      statements: body.filter((s) => s.op === 'sql').length,
      inTransaction: trx && !skipTrx,
    };
  };
  const one = (name: TableStatement, params: number[], pre: Step[]) =>
    txn([...chooseTable, ...pre, sql(name, params)], false);

  let main: ProgramTxn;
  switch (type) {
    case 'oltp_point_select':
      main = one('point', [V.id], [id]);
      break;
    case 'oltp_read_only':
      main = txn(reads(), true);
      break;
    case 'oltp_write_only':
      main = txn(writes(), true);
      break;
    case 'oltp_read_write':
      main = txn([...reads(), ...writes()], true);
      break;
    case 'oltp_insert':
      main = one('insauto', [V.k, C, PAD], [drawId(V.k)]);
      break;
    case 'oltp_update_index':
      main = one('updidx', [V.id], [id]);
      break;
    case 'oltp_update_non_index':
      main = one('updnonidx', [C, V.id], [id]);
      break;
    default:
      throw new Error(`${type} is not a sysbench workload`);
  }
  return {
    statements,
    txns: [main],
    vars: [0, 0, 0, 0, 0, 0],
    patterns: [C_PATTERN, PAD_PATTERN],
    rollback: rb,
    multiStatement: ['oltp_read_only', 'oltp_read_write', 'oltp_write_only'].includes(type),
  };
}
