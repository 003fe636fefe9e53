// Runs in the main process (planning) and in benchmark workers (generating). The rows of each
// benchmark table by kind, and the split of a prepare into contiguous row ranges per worker.
import { randomC, randomPad } from './workloads/sysbench';

/** Rows per COPY chunk and per multi-row INSERT when a worker loads its segments. */
export const LOAD_BATCH = 1000;

export const FILL_KINDS = [
  'sbtest',
  'pgbench_branches',
  'pgbench_tellers',
  'pgbench_accounts',
] as const;
export type FillKind = (typeof FILL_KINDS)[number];

/** One table to fill with rows 1..count. */
export interface TableFill {
  kind: FillKind;
  table: string;
  count: number;
}

/** Rows lo..hi (inclusive) of one table; `count` is the table's full size (sysbench's k range). */
export interface Segment extends TableFill {
  lo: number;
  hi: number;
}

export type Row = (string | number)[];

/** Values never hold tabs, newlines or backslashes, so they go into COPY's text format as they are. */
const FILLS: Record<FillKind, { columns: string; row: (i: number, count: number) => Row }> = {
  sbtest: {
    columns: 'id, k, c, pad',
    row: (i, count) => [i, 1 + Math.floor(Math.random() * count), randomC(), randomPad()],
  },
  pgbench_branches: { columns: 'bid, bbalance', row: (i) => [i, 0] },
  pgbench_tellers: {
    columns: 'tid, bid, tbalance',
    row: (i) => [i, Math.floor((i - 1) / 10) + 1, 0],
  },
  pgbench_accounts: {
    columns: 'aid, bid, abalance, filler',
    row: (i) => [i, Math.floor((i - 1) / 100_000) + 1, 0, ''],
  },
};

export const fillColumns = (kind: FillKind): string => FILLS[kind].columns;

/** Rows lo..hi of a segment in batches of `batch`. */
export function* segmentBatches(s: Segment, batch: number): Generator<Row[]> {
  const { row } = FILLS[s.kind];
  for (let lo = s.lo; lo <= s.hi; lo += batch) {
    const rows: Row[] = [];
    const hi = Math.min(s.hi, lo + batch - 1);
    for (let i = lo; i <= hi; i++) rows.push(row(i, s.count));
    yield rows;
  }
}

/**
 * Splits the tables' rows into `parts` lists of contiguous segments with about the same number of
 * rows each, so every worker has an equal share whatever the mix of table sizes.
 */
export function splitFills(fills: readonly TableFill[], parts: number): Segment[][] {
  const total = fills.reduce((n, f) => n + f.count, 0);
  const share = Math.ceil(total / Math.max(1, parts));
  const out: Segment[][] = [];
  let current: Segment[] = [];
  let room = share;
  for (const f of fills) {
    let lo = 1;
    while (lo <= f.count) {
      const hi = Math.min(f.count, lo + room - 1);
      current.push({ ...f, lo, hi });
      room -= hi - lo + 1;
      lo = hi + 1;
      if (room === 0) {
        out.push(current);
        current = [];
        room = share;
      }
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
