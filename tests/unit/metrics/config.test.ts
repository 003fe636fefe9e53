import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricsHandlers } from '../../../main/core/metrics/handlers';
import { MetricsService, RUN_INTERVAL_MS } from '../../../main/core/metrics/service';
import { dispatch } from '../../../main/rpc/dispatch';
import type { Handlers } from '../../../shared/contract';
import { DEFAULT_METRICS_CONFIG } from '../../../shared/contract/metrics';
import { makeService } from './helpers';

let close: (() => void) | null = null;
afterEach(() => {
  close?.();
  close = null;
});

function setup() {
  const s = makeService();
  close = () => {
    s.service.stop();
    s.db.close();
  };
  const handlers = metricsHandlers(s.service, () => true) as unknown as Handlers;
  return { ...s, call: (method: string, input: unknown) => dispatch(handlers, method, input) };
}

describe('config', () => {
  it('starts from the spec defaults and keeps a partial update', async () => {
    const s = setup();
    expect(await s.call('config.get', {})).toEqual({ ok: true, value: DEFAULT_METRICS_CONFIG });
    const r = await s.call('config.update', { retention_days: 60, archive_enabled: false });
    expect(r).toEqual({
      ok: true,
      value: {
        message: 'Configuration updated',
        config: { ...DEFAULT_METRICS_CONFIG, retention_days: 60, archive_enabled: false },
      },
    });
    // A second service on the same file reads what was saved.
    const again = new MetricsService({
      db: s.db,
      events: s.events,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      dataDir: s.dir,
    });
    expect(again.config.get().retention_days).toBe(60);
  });

  it.each([
    [{ sampling_interval_seconds: 0 }, 'sampling_interval_seconds must be between 1 and 3600'],
    [{ sampling_interval_seconds: 2.5 }, 'sampling_interval_seconds must be a whole number'],
    [{ retention_days: 'ten' }, 'retention_days'],
    [{ archive_enabled: 'yes' }, 'archive_enabled'],
    [{ downsample_interval: '5m' }, 'downsample_interval must be one of: 1m, 1h'],
    [
      { downsample_after_days: 40 },
      'downsample_after_days (40) must not exceed retention_days (30)',
    ],
    [{ colour: 'blue' }, 'colour'],
    [{}, 'the body must set at least one of'],
  ])('rejects %j with a clear BAD_INPUT', async (body, message) => {
    const s = setup();
    const r = await s.call('config.update', body);
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!r.ok) expect(r.error.message).toContain(message);
    expect(s.service.config.get()).toEqual(DEFAULT_METRICS_CONFIG);
  });

  it('applies a new sampling interval at once, and 1 s while a run is active', async () => {
    const s = setup();
    s.service.start();
    expect(await s.call('metrics.current', {})).toMatchObject({
      ok: true,
      value: { sampling: true, interval_seconds: 5 },
    });
    await s.call('config.update', { sampling_interval_seconds: 2 });
    expect(s.service.intervalMs).toBe(2000);
    s.service.setActiveRun('run-9');
    expect(s.service.intervalMs).toBe(RUN_INTERVAL_MS);
    // While the run lasts its 1 s interval wins over the configured one.
    await s.call('config.update', { sampling_interval_seconds: 10 });
    expect(s.service.intervalMs).toBe(RUN_INTERVAL_MS);
    s.service.setActiveRun(null);
    expect(s.service.intervalMs).toBe(10_000);
  });

  it('reschedules the running sampler at once when the interval changes', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const s = setup();
      const seen: string[] = [];
      s.events.subscribe((e) => {
        if (e.event === 'metrics.sampled') seen.push(e.payload.timestamp);
      });
      s.service.start();
      vi.advanceTimersByTime(1_000);
      expect(seen).toHaveLength(0);
      s.service.updateConfig({ sampling_interval_seconds: 1 });
      // Not at the old 5 s mark: one second after the change, then every second.
      vi.advanceTimersByTime(1_000);
      expect(seen).toHaveLength(1);
      vi.advanceTimersByTime(2_000);
      expect(seen).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
