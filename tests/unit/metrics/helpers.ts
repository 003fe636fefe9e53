// Test helpers for the metrics suites: a controllable clock, a throwaway store and synthetic samples.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventBus } from '../../../main/core/events';
import { silentLogger } from '../../../main/core/logging/logger';
import type { Clock } from '../../../main/core/metrics/clock';
import { FIGURES } from '../../../main/core/metrics/figures';
import type { EncodedRow, StoredSample } from '../../../main/core/metrics/history-store';
import { unavailable } from '../../../main/core/metrics/perf-counters';
import { MetricsService } from '../../../main/core/metrics/service';
import { openDatabase } from '../../../main/core/store/database';

export const DAY = 86_400_000;

export function fakeClock(
  start: number,
): Clock & { set(ms: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    monotonic: () => t,
    set(ms) {
      t = ms;
    },
    advance(ms) {
      t += ms;
    },
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'bp-metrics-'));
}

export function makeService(start = Date.UTC(2026, 0, 31)) {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'benchphant.sqlite'));
  const clock = fakeClock(start);
  const events = createEventBus();
  const perfData = unavailable('test machine');
  const service = new MetricsService({
    db,
    events,
    logger: silentLogger,
    dataDir: dir,
    clock,
    perf: { current: () => perfData, close() {} },
  });
  return { dir, db, clock, events, service };
}

/** Deterministic pseudo-random values (xorshift), so failures reproduce. */
export function rng(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) % 1_000_000) / 1_000_000;
  };
}

/** A stored row with every non-perf figure set and perf figures null (no PMU), like this machine. */
export function syntheticRow(next: () => number): EncodedRow {
  return FIGURES.map((f) =>
    f.type === 'perf_events' || f.type === 'memory_bandwidth'
      ? null
      : Math.round(next() * 10_000 * (f.scale >= 1 ? 1 : 100)),
  );
}

export function* syntheticSamples(
  from: number,
  to: number,
  stepMs: number,
  seed = 7,
): Generator<StoredSample> {
  const next = rng(seed);
  for (let ts = from; ts < to; ts += stepMs) {
    // Jitter inside the step so samples do not sit exactly on bucket boundaries.
    yield { ts: ts + Math.floor(next() * (stepMs / 2)), runId: null, values: syntheticRow(next) };
  }
}
