// The comparison as a pure function of bundles: deltas and their direction per metric, the
// baseline, series without warm-up, the spectrum from the histogram, host alignment, the diff order.
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../main/core/results/compare';
import { deltaPercent, verdictOf } from '../../../main/core/results/figures';
import { ninesOf } from '../../../main/core/results/spectrum';
import { bundle, withRtt } from './fixture';

describe('figures and directions', () => {
  it('calls higher throughput better and higher latency or errors worse', () => {
    expect(verdictOf('qps', 1200, 1000)).toBe('better');
    expect(verdictOf('tps', 800, 1000)).toBe('worse');
    expect(verdictOf('p99', 12, 10)).toBe('worse');
    expect(verdictOf('avg', 8, 10)).toBe('better');
    expect(verdictOf('errors', 3, 0)).toBe('worse');
    expect(verdictOf('errors', 0, 3)).toBe('better');
  });

  it('counts a change under 2% as the same', () => {
    expect(verdictOf('qps', 1019, 1000)).toBe('same');
    expect(verdictOf('qps', 1021, 1000)).toBe('better');
    expect(verdictOf('p99', 9.85, 10)).toBe('same');
  });

  it('gives percent deltas, and none from a zero baseline', () => {
    expect(deltaPercent(110, 100)).toBeCloseTo(10, 12);
    expect(deltaPercent(95, 100)).toBeCloseTo(-5, 12);
    expect(deltaPercent(0, 0)).toBe(0);
    expect(deltaPercent(5, 0)).toBeNull();
  });
});

describe('compareRuns', () => {
  const a = bundle({ qps: 1000, p99: 10 });
  const b = bundle({ qps: 1500, p99: 12, errors: 2, threads: 8 });

  it('puts every run against the baseline (the first by default)', () => {
    const c = compareRuns([a, b]);
    expect(c.baseline_id).toBe(a.run.id);
    const [base, other] = c.runs;
    expect(base!.baseline).toBe(true);
    expect(base!.figures.qps).toEqual({ value: 1000, delta_percent: null, verdict: 'baseline' });
    expect(other!.figures.qps.delta_percent).toBeCloseTo(50, 10);
    expect(other!.figures.qps.verdict).toBe('better');
    expect(other!.figures.p99.delta_percent).toBeCloseTo(20, 10);
    expect(other!.figures.p99.verdict).toBe('worse');
    expect(other!.figures.errors).toEqual({ value: 2, delta_percent: null, verdict: 'worse' });
    expect(c.metrics.map((m) => [m.key, m.direction])).toContainEqual(['qps', 'higher_better']);
    expect(c.metrics.map((m) => [m.key, m.direction])).toContainEqual(['p999', 'lower_better']);
  });

  it('takes another baseline when asked', () => {
    const c = compareRuns([a, b], { baselineId: b.run.id });
    expect(c.runs[0]!.figures.qps.delta_percent).toBeCloseTo(-33.333, 2);
    expect(c.runs[0]!.figures.qps.verdict).toBe('worse');
    expect(c.runs[1]!.figures.qps.verdict).toBe('baseline');
    expect(() => compareRuns([a, b], { baselineId: 'nope' })).toThrow(/baseline/);
  });

  it('overlays measured intervals only, on measured seconds', () => {
    const c = compareRuns([a, b]);
    expect(c.series[1]).toEqual({
      run_id: b.run.id,
      t: [1, 2, 3],
      qps: [1500, 1500, 1500],
      p99: [12, 12, 12],
    });
  });

  it('reads the percentile spectrum from the histogram on a nines axis', () => {
    const latencies = Array.from({ length: 1000 }, (_, i) => i + 1);
    const c = compareRuns([bundle({ latencies, p99: 990 }), a]);
    const points = c.spectrum[0]!.points;
    // 1000 values resolve three nines.
    expect(points.at(-1)!.nines).toBe(3);
    expect(points.length).toBe(31);
    const at = (nines: number) => points.find((p) => p.nines === nines)!;
    expect(at(0).p).toBe(0);
    expect(at(1).p).toBeCloseTo(90, 6);
    expect(at(1).ms).toBeCloseTo(900, -1);
    expect(at(2).ms).toBeCloseTo(990, -1);
    expect(ninesOf(99.9)).toBeCloseTo(3, 10);
    for (let i = 1; i < points.length; i++)
      expect(points[i]!.ms).toBeGreaterThanOrEqual(points[i - 1]!.ms);
    // Never above the run's exact maximum.
    expect(Math.max(...points.map((p) => p.ms))).toBeLessThanOrEqual(990 * 3);
  });

  it('aligns host samples on the measured time axis, ending at the run end', () => {
    const hosted = bundle({
      endTime: '2026-11-22T10:00:00.000Z',
      hostMetrics: [
        {
          timestamp: '2026-11-22T09:59:56.000Z',
          data: { cpu: { usage_percent: 40 }, memory: { usage_percent: 50 } },
        },
        {
          timestamp: '2026-11-22T10:00:00.000Z',
          data: { cpu: { usage_percent: 90 }, memory: { usage_percent: 51 } },
        },
      ],
    });
    const h = compareRuns([hosted, a]).host[0]!;
    expect(h.measure_end).toBe(3);
    expect(h.warmup_start).toBe(-1);
    expect(h).toMatchObject({ t: [-1, 3], cpu_percent: [40, 90], memory_percent: [50, 51] });
  });
});

describe('why is B different?', () => {
  it('lists only what differs, the load before settings before the client', () => {
    const base = bundle({ threads: 4, settings: { shared_buffers: '128MB', work_mem: '4MB' } });
    const other = bundle({
      threads: 16,
      settings: { shared_buffers: '1GB', work_mem: '64MB' },
      client: { cpu: 'Test CPU', cores: 8, memory_bytes: 1e9, os: 'linux', node: 'v24' },
    });
    const diff = compareRuns([base, other]).diff;
    expect(diff.map((d) => d.key)).toEqual([
      'config.threads',
      'settings.shared_buffers',
      'settings.work_mem',
      'client.cores',
    ]);
    expect(diff.map((d) => d.rank)).toEqual([1, 2, 3, 4]);
    expect(diff[0]!.values).toEqual(['4', '16']);
    expect(diff[1]!.category).toBe('settings');
  });

  it('ignores round-trip noise but reports a real network difference', () => {
    const near = compareRuns([withRtt(bundle(), 0.1), withRtt(bundle(), 0.11)]).diff;
    expect(near.map((d) => d.key)).not.toContain('network.rtt_before_ms');
    const far = compareRuns([withRtt(bundle(), 0.1), withRtt(bundle(), 2.5)]).diff;
    expect(far.map((d) => d.key)).toEqual(['network.rtt_before_ms']);
    expect(far[0]!.values).toEqual(['0.100', '2.500']);
  });

  it('is empty for runs captured alike', () => {
    expect(compareRuns([bundle(), bundle()]).diff).toEqual([]);
  });
});
