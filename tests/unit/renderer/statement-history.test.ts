// A log_analysis task's statement history for the report's sparklines: oldest window first, up to
// the execution shown, a gap where the statement was not in that window's top statements.
import { describe, expect, it } from 'vitest';
import type { Execution } from '../../../shared/contract/scheduler';
import { statementHistory } from '../../../renderer/src/features/schedules/statement-history';

const execution = (
  id: string,
  at: string,
  top: { key: string; mean_ms: number; calls: number }[] | null,
): Execution => ({
  id,
  task_id: 't',
  status: 'succeeded',
  trigger: 'manual',
  scheduled_for: null,
  started_at: at,
  finished_at: at,
  duration_ms: 1,
  summary: '',
  output: { report: top === null ? null : { top } },
});

// Newest first, as scheduler.executions lists them.
const executions = [
  execution('e4', '2026-12-04T02:00:00.000Z', [{ key: 'a', mean_ms: 4, calls: 40 }]),
  execution('e3', '2026-12-03T02:00:00.000Z', [
    { key: 'a', mean_ms: 3, calls: 30 },
    { key: 'b', mean_ms: 9, calls: 1 },
  ]),
  execution('e2', '2026-12-02T02:00:00.000Z', [{ key: 'b', mean_ms: 8, calls: 2 }]),
  // The first snapshot has no report.
  execution('e1', '2026-12-01T02:00:00.000Z', null),
];

describe('statementHistory', () => {
  it('gives each statement its windows, oldest first, with gaps', () => {
    const h = statementHistory(executions, 'e4');
    expect(h.get('a')?.map((p) => p?.mean_ms ?? null)).toEqual([null, 3, 4]);
    expect(h.get('b')?.map((p) => p?.calls ?? null)).toEqual([2, 1, null]);
  });

  it('stops at the execution shown', () => {
    const h = statementHistory(executions, 'e3');
    expect(h.get('a')?.map((p) => p?.mean_ms ?? null)).toEqual([null, 3]);
    expect(h.get('b')?.map((p) => p?.at ?? null)).toEqual([
      '2026-12-02T02:00:00.000Z',
      '2026-12-03T02:00:00.000Z',
    ]);
  });
});
