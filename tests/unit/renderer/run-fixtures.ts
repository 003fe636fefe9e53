// Test helper: a run interval with plain figures, for the renderer's pure run logic; each test
// overrides what it is about.
import type { RunInterval } from '../../../shared/contract/benchmarks';

export const runInterval = (over: Partial<RunInterval>): RunInterval => ({
  t: 1,
  warmup: false,
  qps: 100,
  tps: 10,
  latency: { avg: 1, p50: 1, p95: 2, p99: 3, p999: 4, max: 5 },
  errors: 0,
  errors_by_class: {
    connection: 0,
    timeout: 0,
    serialization: 0,
    constraint: 0,
    syntax: 0,
    other: 0,
  },
  retries: 0,
  reconnects: 0,
  threads: 4,
  stage: 0,
  lag_p99: null,
  network_rtt_ms: null,
  server_counters: {},
  ...over,
});
