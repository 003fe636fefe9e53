// A real short run on PostgreSQL: the database's figures sampled while it ran come back in its
// bundle per report interval (aligned to the intervals' own `t`), are saved with the run when it
// ends, survive export and import, and appear as a section of the HTML report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundleSchema, type RunBundle } from '../../../shared/contract/results';
import { resultsCore, type ResultsCore } from './runs';

let rc: ResultsCore;
let id: string;
let bundle: RunBundle;
beforeAll(async () => {
  rc = await resultsCore();
  id = await rc.run(rc.pg, 'postgresql', 2);
  bundle = runBundleSchema.parse(
    JSON.parse((await rc.call('results.export', { id, format: 'json' })).content),
  );
}, 90_000);
afterAll(() => rc?.dispose());

describe("a run's database figures", () => {
  it('are in its bundle, one entry per report interval it covered', () => {
    const db = bundle.server_metrics.database;
    expect(db.length).toBeGreaterThanOrEqual(2);
    const ts = new Set(bundle.intervals.map((i) => i.t));
    for (const i of db) expect(ts.has(i.t)).toBe(true);
    // The run's two clients were connected throughout its measured intervals.
    const measured = db.filter((i) => i.t > 0);
    expect(measured.length).toBeGreaterThanOrEqual(1);
    for (const i of measured) {
      expect(i.values.sessions_total?.max).toBeGreaterThanOrEqual(2);
      const v = i.values.sessions_total!;
      expect(v.min).toBeLessThanOrEqual(v.avg);
      expect(v.avg).toBeLessThanOrEqual(v.max);
    }
    // Every sample of a measured interval saw the load: transactions went through.
    expect(measured.some((i) => (i.values.transactions_per_sec?.max ?? 0) > 0)).toBe(true);
    // No server host without SSH.
    expect(bundle.server_metrics.host).toEqual([]);
  });

  it('are saved with the run, and an imported copy carries them', async () => {
    // Past the raw samples' day (every raw second pruned), the run still has its figures.
    rc.core.dbMetrics.store.prune(Date.now() + 2 * 86_400_000);
    expect(rc.core.dbMetrics.store.latest(rc.pg)).toBeNull();
    const later = runBundleSchema.parse(
      JSON.parse((await rc.call('results.export', { id, format: 'json' })).content),
    );
    expect(later.server_metrics).toEqual(bundle.server_metrics);
    const { id: copy } = await rc.call('results.import', { bundle });
    const again = runBundleSchema.parse(
      JSON.parse((await rc.call('results.export', { id: copy, format: 'json' })).content),
    );
    expect(again.server_metrics).toEqual(bundle.server_metrics);
  });

  it('are drawn in the HTML report', async () => {
    const report = await rc.call('results.report', { run_ids: [id], baseline_id: id });
    expect(report.html).toContain('The database and its server during the runs');
    expect(report.html).toContain('id="server-db-tps"');
    expect(report.html).toContain('id="server-db-sessions"');
  });
});
