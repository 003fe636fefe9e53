// Test and benchmark helper: an hour-long run bundle (3 600 one-second intervals, the host's CPU
// and memory every second) made from a real short run's exported bundle, so the import path and
// every field stay real: a slow wave, a little noise, and one interval whose latency is 10× (a
// spike that a chart must still draw after reducing the hour to its pixel width).
import type { RunInterval } from '../../shared/contract/benchmarks';
import type { RunBundle } from '../../shared/contract/results';

export const HOUR_S = 3600;

/** The interval (its `t`) of variant `variant`'s latency spike. */
export const spikeAt = (variant: number): number => 1200 + variant * 600;

/** A real short run's bundle stretched to an hour: a slow wave, noise, and one 10× spike. */
export function hourLong(template: RunBundle, variant: number): RunBundle {
  const measured = template.intervals.find((i) => !i.warmup) ?? template.intervals[0]!;
  const start = Date.parse(template.run.start_time);
  const intervals: RunInterval[] = [];
  for (let t = 1; t <= HOUR_S; t += 1) {
    const wave = 1 + 0.2 * Math.sin((t + variant * 300) / 240) + 0.05 * Math.sin(t * 1.7);
    const spike = t === spikeAt(variant) ? 10 : 1;
    intervals.push({
      ...measured,
      t,
      warmup: false,
      qps: measured.qps * wave * (1 + variant * 0.1),
      tps: measured.tps * wave * (1 + variant * 0.1),
      latency: Object.fromEntries(
        Object.entries(measured.latency).map(([k, v]) => [k, (v / wave) * spike]),
      ) as RunInterval['latency'],
    });
  }
  // The host's CPU and memory every second, as the sampler records them.
  const host = Array.from({ length: HOUR_S }, (_, i) => ({
    timestamp: new Date(start + i * 1000).toISOString(),
    data: {
      cpu: { usage_percent: 40 + 20 * Math.sin(i / 300 + variant) + (i % 7) },
      memory: { usage_percent: 55 + variant * 5 + 3 * Math.sin(i / 900) },
    },
  }));
  return {
    ...template,
    run: {
      ...template.run,
      id: `${template.run.id.slice(0, -1)}${variant}`,
      duration: HOUR_S,
      end_time: new Date(start + HOUR_S * 1000).toISOString(),
      tags: [`bench-ui-${variant}`],
      config: { ...template.run.config, duration: HOUR_S },
    },
    intervals,
    host_metrics: host,
  };
}
