// The prepare phase's arithmetic: row ranges split evenly over workers, the windowed rate and ETA
// (no ETA while nothing moves), the parameter bounds and the size estimate the 1 GB gate reads.
import { describe, expect, it } from 'vitest';
import { PrepareMeter } from '../../../main/core/benchmark/prepare-meter';
import { splitFills } from '../../../main/core/benchmark/prepare-rows';
import {
  LARGE_PREPARE_BYTES,
  parameterProblem,
  prepareEstimate,
} from '../../../shared/model/benchmark-data';

describe('splitFills', () => {
  it('gives every worker a contiguous share of about the same size, covering every row once', () => {
    const fills = [
      { kind: 'pgbench_branches' as const, table: 'b', count: 3 },
      { kind: 'pgbench_tellers' as const, table: 't', count: 30 },
      { kind: 'pgbench_accounts' as const, table: 'a', count: 300_000 },
    ];
    const parts = splitFills(fills, 4);
    expect(parts).toHaveLength(4);
    const sizes = parts.map((p) => p.reduce((n, s) => n + s.hi - s.lo + 1, 0));
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(3);
    for (const f of fills) {
      const segs = parts.flat().filter((s) => s.table === f.table);
      segs.sort((x, y) => x.lo - y.lo);
      expect(segs[0]!.lo).toBe(1);
      expect(segs.at(-1)!.hi).toBe(f.count);
      for (let i = 1; i < segs.length; i++) expect(segs[i]!.lo).toBe(segs[i - 1]!.hi + 1);
    }
  });

  it('never makes more parts than rows', () => {
    expect(splitFills([{ kind: 'sbtest', table: 'sbtest1', count: 2 }], 8)).toHaveLength(2);
  });
});

describe('PrepareMeter', () => {
  it('reports rows done of planned with the recent rate and an ETA, and no ETA once nothing moves', () => {
    const m = new PrepareMeter(0);
    m.rows(1000, 10_000, 100_000);
    m.rows(2000, 20_000, 100_000);
    expect(m.report(2000)).toEqual({
      done: 20_000,
      total: 100_000,
      progress: 0.2,
      rowsPerS: 10_000,
      etaS: 8,
    });
    // Nothing for six seconds: the window holds no movement.
    expect(m.report(8000)).toMatchObject({ done: 20_000, rowsPerS: 0, etaS: null });
    m.rows(9000, 100_000, 100_000);
    expect(m.report(9000)).toMatchObject({ progress: 1, etaS: 0 });
  });
});

describe('parameter bounds and the size estimate', () => {
  it('bounds table_size by INTEGER, tables by 1,000 and scale by the accounts key', () => {
    expect(parameterProblem('table_size', 2_147_483_647)).toBeNull();
    expect(parameterProblem('table_size', 3_000_000_000)).toMatch(/32-bit INTEGER/);
    expect(parameterProblem('table_size', '99999999999')).toMatch(/at most 2,147,483,647/);
    expect(parameterProblem('tables', 1001)).toMatch(/at most 1,000/);
    expect(parameterProblem('scale', 21_475)).toMatch(/at most 21,474/);
    expect(parameterProblem('table_size', 0)).toMatch(/at least 1/);
    expect(parameterProblem('init', 'none')).toBeNull();
    expect(parameterProblem('table_size', 3e9, 'Rows per table')).toBe(
      'Rows per table is at most 2,147,483,647: the id column is a 32-bit INTEGER (got 3,000,000,000)',
    );
  });

  it('estimates rows, bytes and time; 10 tables of a million rows need a confirmation', () => {
    const big = prepareEstimate('oltp_read_write', { tables: 10, table_size: 1_000_000 });
    expect(big).toMatchObject({ family: 'sysbench', rows: 10_000_000, seconds: 100 });
    expect(big.bytes).toBeGreaterThan(LARGE_PREPARE_BYTES);
    expect(prepareEstimate('oltp_point_select', {}).bytes).toBeLessThan(LARGE_PREPARE_BYTES);
    expect(prepareEstimate('tpcb_like', { scale: 10 }).rows).toBe(1_000_110);
    expect(prepareEstimate('custom', { init: 'none' }).rows).toBe(0);
  });
});
