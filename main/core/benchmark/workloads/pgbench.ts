// Runs in the main process and in benchmark workers. pgbench's built-in scripts, run by the
// custom-script engine so that both share one interpreter.
import type { CustomScript } from '../../../../shared/contract/benchmarks';
import { numberParam, type ParamValue } from './spec';

export const TPCB_LIKE = `\\set aid random(1, 100000 * :scale)
\\set bid random(1, 1 * :scale)
\\set tid random(1, 10 * :scale)
\\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
COMMIT;
`;

export const SELECT_ONLY = `\\set aid random(1, 100000 * :scale)
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
`;

export const pgbenchScale = (params: Record<string, ParamValue>): number =>
  numberParam(params, 'scale', 1, 1);

export function pgbenchScripts(type: 'tpcb_like' | 'select_only'): CustomScript[] {
  return [{ name: type, sql: type === 'tpcb_like' ? TPCB_LIKE : SELECT_ONLY, weight: 1 }];
}
