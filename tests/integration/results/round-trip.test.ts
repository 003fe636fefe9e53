// Export → import → compare against real short runs on the real PostgreSQL and MariaDB: the
// imported run must give exactly the same figures, intervals, histogram and spectrum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundleSchema, type RunBundle } from '../../../shared/contract/results';
import { findSecret, secretForms } from '../../support/secret-scan';
import { RESULTS_SECRET, resultsCore, type ResultsCore } from './runs';

let rc: ResultsCore;
beforeAll(async () => {
  rc = await resultsCore();
}, 60_000);
afterAll(() => rc.dispose());

/** What must survive a round trip: the bundle minus where and when it was exported. */
const portable = (b: RunBundle) => {
  const { exported_at: _at, run, ...rest } = b;
  const { id: _id, imported_from: _from, ...figures } = run;
  return { ...rest, run: figures };
};

describe.each([
  ['postgresql', () => rc.pg],
  ['mysql', () => rc.my],
] as const)('on %s', (engine, connectionId) => {
  let original: string;
  let bundle: RunBundle;
  let imported: string;

  beforeAll(async () => {
    original = await rc.run(connectionId(), engine, 2);
    const exported = await rc.call('results.export', { id: original, format: 'json' });
    // The file travels as text: parse it back as a colleague's Benchphant would.
    bundle = runBundleSchema.parse(JSON.parse(exported.content));
    const result = await rc.call('results.import', { bundle });
    imported = result.id;
    // Imported beside its original, which the message points out.
    expect(result.message).toBe(
      `Run ${original} imported as ${imported}. It was already here as ${original}; delete one copy if you did not mean two.`,
    );
  }, 90_000);

  it('exports a complete, versioned bundle', () => {
    expect(bundle.format).toBe('benchphant-run');
    expect(bundle.version).toBe(1);
    expect(bundle.run.id).toBe(original);
    expect(bundle.run.connection).toEqual({
      name: engine === 'postgresql' ? 'results pg' : 'results maria',
      type: engine,
    });
    expect(bundle.run.histogram).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(bundle.run.server?.version).toBeTruthy();
    expect(Object.keys(bundle.run.server?.settings ?? {}).length).toBeGreaterThan(3);
    expect(bundle.run.metrics?.qps).toBeGreaterThan(0);
    const measured = bundle.intervals.filter((i) => !i.warmup);
    expect(measured.length).toBeGreaterThanOrEqual(2);
    expect(bundle.intervals.some((i) => Object.keys(i.server_counters).length > 0)).toBe(true);
  });

  it('imports it as a new run marked imported, with identical figures, intervals and histogram', async () => {
    expect(imported).not.toBe(original);
    const summary = (await rc.call('runs.list', {})).find((r) => r.id === imported);
    expect(summary?.imported_from).toBe(original);

    const file = await rc.call('results.export', { id: imported, format: 'json' });
    const again = runBundleSchema.parse(JSON.parse(file.content));
    expect(again.run.imported_from).toBe(original);
    expect(portable(again)).toEqual(portable(bundle));
    expect(again.run.histogram).toBe(bundle.run.histogram);

    const [a, b] = [
      await rc.call('runs.get', { id: original }),
      await rc.call('runs.get', { id: imported }),
    ];
    expect(b.metrics).toEqual(a.metrics);
    expect(b.detail).toEqual(a.detail);
    expect(await rc.call('runs.intervals', { id: imported })).toEqual(
      await rc.call('runs.intervals', { id: original }),
    );
  });

  it('compares the original with its import as equal in every figure and the same spectrum', async () => {
    const c = await rc.call('results.compare', { run_ids: [original, imported] });
    expect(c.baseline_id).toBe(original);
    const [base, copy] = c.runs;
    for (const m of c.metrics) {
      expect(copy!.figures[m.key].value).toBe(base!.figures[m.key].value);
      expect(copy!.figures[m.key].delta_percent).toBe(0);
      expect(copy!.figures[m.key].verdict).toBe('same');
    }
    expect(c.spectrum[1]!.points).toEqual(c.spectrum[0]!.points);
    expect(c.spectrum[0]!.points.length).toBeGreaterThan(10);
    const { run_id: _copy, ...copied } = c.series[1]!;
    const { run_id: _original, ...measured } = c.series[0]!;
    expect(copied).toEqual(measured);
    expect(measured.t.length).toBeGreaterThan(0);
    expect(c.diff).toEqual([]);
    expect(c.repetitions).toBeNull();
  });

  it('exports CSV with a summary row and one row per interval', async () => {
    const csv = await rc.call('results.export', { id: original, format: 'csv' });
    expect(csv.media_type).toBe('text/csv');
    // Every field is a number, a boolean or a plain word: no quoting to undo.
    const [header, ...lines] = csv.content
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const rows = lines.map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i] ?? ''])));
    expect(rows[0]!.row).toBe('summary');
    expect(Number(rows[0]!.qps)).toBe(bundle.run.metrics!.qps);
    expect(Number(rows[0]!.p99_ms)).toBe(bundle.run.metrics!.latency.p99);
    const intervals = rows.filter((r) => r.row === 'interval');
    expect(intervals).toHaveLength(bundle.intervals.length);
    expect(intervals.map((r) => Number(r.qps))).toEqual(bundle.intervals.map((i) => i.qps));
  });
});

it('never puts the connection password into a bundle, a CSV or a report', async () => {
  const [run] = await rc.call('runs.list', { connection_id: rc.pg });
  const forms = secretForms(RESULTS_SECRET);
  const json = await rc.call('results.export', { id: run!.id, format: 'json' });
  const csv = await rc.call('results.export', { id: run!.id, format: 'csv' });
  const report = await rc.call('results.report', { run_ids: [run!.id] });
  expect(findSecret('bundle', json.content, forms)).toEqual([]);
  expect(findSecret('csv', csv.content, forms)).toEqual([]);
  expect(findSecret('report', report.html, forms)).toEqual([]);
  expect(json.content).not.toContain('127.0.0.1');
});

it('refuses the bundle of a run that had not ended', async () => {
  const [run] = await rc.call('runs.list', { connection_id: rc.my });
  const bundle = runBundleSchema.parse(
    JSON.parse((await rc.call('results.export', { id: run!.id, format: 'json' })).content),
  );
  bundle.run.status = 'running';
  await expect(rc.call('results.import', { bundle })).rejects.toThrow(
    /BAD_INPUT: Run .* was still running when it was exported; export it again once it has ended/,
  );
});

it('refuses a file that is not a run bundle, saying why', async () => {
  await expect(
    rc.call('results.import', { bundle: { format: 'something-else' } as never }),
  ).rejects.toThrow(/BAD_INPUT.*not a Benchphant run bundle/);
});
