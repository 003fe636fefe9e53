// The Results store over the real dispatcher and core (memory transport): the filtered list,
// tags and notes, picking runs and comparing them, and importing bundles, good and bad.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CLASSES } from '../../../shared/contract/benchmarks';
import type { RunBundle } from '../../../shared/contract/results';
import { createResultsStore, type ResultsStore } from '../../../renderer/src/stores/results-store';
import { createHarness, type Harness } from './harness';

let h: Harness;
let store: ResultsStore;

beforeEach(() => {
  h = createHarness();
  store = createResultsStore(h.client);
});

afterEach(async () => {
  store.dispose();
  await h.cleanup();
});

const latency = (p99: number) => ({
  avg: p99 / 4,
  p50: p99 / 5,
  p95: p99 / 2,
  p99,
  p999: p99 * 2,
  max: p99 * 3,
});

const noErrors = Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<
  (typeof ERROR_CLASSES)[number],
  number
>;
/** The connection the bundles were measured on, on another machine. */
const ELSEWHERE = randomUUID();

/** A complete bundle as another machine would have exported it. */
function bundle(threads: number, qps: number, p99: number, id = randomUUID()): RunBundle {
  const metrics = { qps, tps: qps, latency: latency(p99), errors: 0 };
  return {
    format: 'benchphant-run',
    version: 1,
    exported_at: '2026-03-01T10:00:00.000Z',
    exported_by: 'Benchphant 0.1.0',
    run: {
      id,
      connection_id: ELSEWHERE,
      connection: { name: 'colleague pg', type: 'postgresql' },
      type: 'select_only',
      status: 'completed',
      threads,
      duration: 2,
      start_time: '2026-03-01T09:59:00.000Z',
      end_time: '2026-03-01T09:59:03.000Z',
      message: null,
      tags: [],
      notes: '',
      imported_from: null,
      config: {
        connection_id: ELSEWHERE,
        type: 'select_only',
        duration: 2,
        threads,
        parameters: { scale: 1 },
        protocol: 'prepared',
        pipeline: 1,
        max_tries: 1,
        schema: 'benchphant_bench',
        cleanup: false,
        report_interval_ms: 1000,
      },
      server: { version: 'PostgreSQL 15.8', settings: { shared_buffers: '128MB' } },
      client: { cpu: 'test cpu', cores: 2 },
      metrics,
      detail: {
        transactions: qps * 2,
        queries: qps * 2,
        retries: 0,
        reconnects: 0,
        errors_by_class: noErrors,
        first_errors: {},
        service_latency: null,
        schedule_lag: null,
        target_rate: null,
        saturated: false,
        network_rtt_ms: 0.2,
        network_rtt_before_ms: 0.2,
        percentiles: [
          { p: 50, ms: p99 / 5 },
          { p: 99, ms: p99 },
          { p: 100, ms: p99 * 3 },
        ],
        stages: [],
        by_statement: {},
        by_transaction: {},
      },
      histogram: null,
      warnings: [],
      target: null,
    },
    intervals: [1, 2].map((t) => ({
      t,
      warmup: false,
      qps,
      tps: qps,
      latency: latency(p99),
      errors: 0,
      errors_by_class: noErrors,
      retries: 0,
      reconnects: 0,
      threads,
      stage: 0,
      lag_p99: null,
      network_rtt_ms: 0.2,
      server_counters: {},
    })),
    host_metrics: [],
    server_metrics: { database: [], host: [] },
    agents: null,
  };
}

const text = (b: unknown) => JSON.stringify(b);

describe('results store', () => {
  it('imports bundles, lists them, and says clearly why a file is refused', async () => {
    await store.getState().load();
    expect(store.getState()).toMatchObject({ loadStatus: 'ready', runs: [] });

    const original = bundle(1, 1000, 4);
    const id = await store.getState().importBundle(text(original), 'a.json');
    expect(id).not.toBeNull();
    // The core names both ids; the notice says what happened, the list shows the run.
    expect(store.getState().importNotice).toEqual({ ok: true, message: 'The run was imported.' });
    expect(store.getState().runs.map((r) => [r.id, r.imported_from])).toEqual([
      [id, original.run.id],
    ]);

    expect(await store.getState().importBundle('{"format": "benchphant-run"', 'cut.json')).toBe(
      null,
    );
    expect(store.getState().importNotice).toEqual({
      ok: false,
      message:
        'cut.json was not imported: it is not JSON. Pick a run bundle exported from Benchphant (a .json file).',
    });
    await store.getState().importBundle(text({ ...bundle(1, 1, 1), version: 7 }), 'v7.json');
    expect(store.getState().importNotice?.message).toBe(
      "v7.json was not imported: version: this bundle's version is not supported; this Benchphant reads version 1.",
    );
    const broken = bundle(1, 1, 1) as unknown as { run: Record<string, unknown> };
    delete broken.run.threads;
    broken.run.status = 'exploded';
    await store.getState().importBundle(text(broken), 'broken.json');
    expect(store.getState().importNotice?.message).toMatch(
      /^broken\.json was not imported: run\.status: .+; run\.threads: .+\.$/,
    );
    expect(store.getState().runs).toHaveLength(1);
  });

  it('keeps tags and notes, offers every tag to the filter, and filters by tag and text', async () => {
    const a = (await store.getState().importBundle(text(bundle(1, 1000, 4)), 'a.json'))!;
    const b = (await store.getState().importBundle(text(bundle(4, 3000, 6)), 'b.json'))!;
    const saved = await store
      .getState()
      .updateRun(b, { tags: ['after index change', 'pg15'], notes: 'four clients' });
    expect(saved).toMatchObject({ tags: ['after index change', 'pg15'], notes: 'four clients' });
    expect(store.getState().knownTags).toEqual(['after index change', 'pg15']);

    await store.getState().setFields({ tag: 'pg15' });
    expect(store.getState().runs.map((r) => r.id)).toEqual([b]);
    await store.getState().setFields({ tag: '', search: 'FOUR CLIENTS' });
    expect(store.getState().runs.map((r) => r.id)).toEqual([b]);
    await store.getState().resetFields();
    expect(new Set(store.getState().runs.map((r) => r.id))).toEqual(new Set([a, b]));

    // A range that ends before it starts is refused here; the list stays as it was.
    await store.getState().setFields({ from: '2026-03-02', to: '2026-03-01' });
    expect(store.getState().filterError).toMatch(/before the "From" day/);
    expect(store.getState().runs).toHaveLength(2);

    await expect(
      store.getState().updateRun(a, { tags: ['x'.repeat(61)], notes: '' }),
    ).rejects.toThrow(/at most 60 characters/);
  });

  it('compares the picked runs against the first, then against another baseline', async () => {
    const a = (await store.getState().importBundle(text(bundle(1, 1000, 4)), 'a.json'))!;
    const b = (await store.getState().importBundle(text(bundle(4, 3000, 6)), 'b.json'))!;
    await store.getState().compare();
    expect(store.getState().compareError).toBe('Pick at least two runs to compare.');

    store.getState().toggle(a);
    store.getState().toggle(b);
    await store.getState().compare();
    const first = store.getState().comparison!;
    expect(first.baseline_id).toBe(a);
    const other = first.runs.find((r) => r.id === b)!;
    expect(other.figures.qps).toEqual({ value: 3000, delta_percent: 200, verdict: 'better' });
    expect(other.figures.p99).toEqual({ value: 6, delta_percent: 50, verdict: 'worse' });
    // Each run's series and host samples came in an answer of their own, the same as the
    // comparison gives in one answer when asked so (as the CLI and REST do by default).
    const whole = await h.client.call('results.compare', { run_ids: [a, b] });
    expect(whole.series.map((s) => s.t.length)).toEqual([2, 2]);
    expect(first.series).toEqual(whole.series);
    expect(first.host).toEqual(whole.host);
    const bare = await h.client.call('results.compare', { run_ids: [a, b], series: false });
    expect([bare.series, bare.host]).toEqual([[], []]);

    await store.getState().compare(b);
    const second = store.getState().comparison!;
    expect(second.baseline_id).toBe(b);
    expect(second.runs.find((r) => r.id === a)!.figures.qps.verdict).toBe('worse');
    // Comparing again (e.g. after a tag changed) keeps the chosen baseline.
    await store.getState().updateRun(a, { tags: ['one client'], notes: '' });
    expect(store.getState().comparison!.baseline_id).toBe(b);
    expect(store.getState().comparison!.runs.find((r) => r.id === a)!.tags).toEqual(['one client']);

    const report = await store.getState().report();
    expect(report?.filename).toMatch(/\.html$/);
    expect(report?.content).toContain('<svg');

    store.getState().toggle(a);
    expect(store.getState().selected).toEqual([b]);
    store.getState().closeComparison();
    expect(store.getState().comparison).toBeNull();
  });

  it('exports a run as a bundle that imports back to the same figures', async () => {
    const a = (await store.getState().importBundle(text(bundle(2, 1234.5, 3.25)), 'a.json'))!;
    const file = await store.getState().exportRun(a, 'json');
    expect(file?.filename).toMatch(/\.json$/);
    const again = (await store.getState().importBundle(file!.content, file!.filename))!;
    const [x, y] = await Promise.all([a, again].map((id) => h.client.call('runs.get', { id })));
    expect(y!.metrics).toEqual(x!.metrics);
    const csv = await store.getState().exportRun(a, 'csv');
    expect(csv?.mediaType).toMatch(/csv/);
    const gone = randomUUID();
    expect(await store.getState().exportRun(gone, 'json')).toBeNull();
    // The UI's words: what happened, without the internal id.
    expect(store.getState().error).toBe(
      'That benchmark run is not there any more; it may have been deleted.',
    );
  });
});
