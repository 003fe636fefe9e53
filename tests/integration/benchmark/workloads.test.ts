// Every workload on both engines, short runs against the real servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKLOAD_TYPES } from '../../../shared/contract/benchmarks';
import { createHarness, ENGINES, type Harness } from './harness';

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

const SMALL = { tables: 2, table_size: 2000, scale: 1 };

describe.each(ENGINES)('workloads on %s', (_name, params) => {
  it.each(WORKLOAD_TYPES.filter((t) => t !== 'custom'))(
    '%s completes with traffic and no errors',
    async (type) => {
      const id = await h.start({
        connection_id: h.idFor(params),
        type,
        parameters: SMALL,
        threads: 2,
      });
      const summary = await h.engine.waitFor(id);
      const run = h.engine.get(id);
      expect(summary.status, summary.message ?? '').toBe('completed');
      expect(run.metrics.tps).toBeGreaterThan(10);
      expect(run.metrics.qps).toBeGreaterThanOrEqual(run.metrics.tps);
      expect(run.metrics.latency.p50).toBeGreaterThan(0);
      expect(run.metrics.latency.p99).toBeGreaterThanOrEqual(run.metrics.latency.p50);
      expect(run.metrics.latency.max).toBeGreaterThanOrEqual(run.metrics.latency.p999);
      // Concurrent delete+insert of one id can collide on a key, as in sysbench; nothing else may fail.
      const d = run.detail.errors_by_class;
      expect(
        d.connection + d.syntax + d.timeout + d.other,
        JSON.stringify(run.detail.first_errors),
      ).toBe(0);
      expect(run.server?.version).toMatch(
        params.type === 'postgresql' ? /PostgreSQL/ : /MariaDB|MySQL/,
      );
      expect(h.engine.intervals(id).length).toBeGreaterThanOrEqual(1);
    },
  );
});
