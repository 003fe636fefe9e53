// Test helper: synthetic run bundles with real encoded HDR histograms, shaped as exports are.
import { randomUUID } from 'node:crypto';
import {
  ERROR_CLASSES,
  type ErrorClass,
  type RunInterval,
} from '../../../shared/contract/benchmarks';
import type { RunBundle } from '../../../shared/contract/results';
import { encodeHistogram, newHistogram } from '../../../main/core/benchmark/histogram';

export interface FixtureOptions {
  qps?: number;
  tps?: number;
  p99?: number;
  errors?: number;
  threads?: number;
  /** Latencies (ms) recorded into the histogram. */
  latencies?: number[];
  settings?: Record<string, string>;
  client?: Record<string, string | number>;
  endTime?: string;
  hostMetrics?: RunBundle['host_metrics'];
  agents?: RunBundle['agents'];
}

const noErrors = () =>
  Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;

const latency = (p99: number) => ({
  avg: p99 / 4,
  p50: p99 / 5,
  p95: p99 / 2,
  p99,
  p999: p99 * 2,
  max: p99 * 3,
});

function interval(t: number, warmup: boolean, qps: number, p99: number): RunInterval {
  return {
    t,
    warmup,
    qps,
    tps: qps / 10,
    latency: latency(p99),
    errors: 0,
    errors_by_class: noErrors(),
    retries: 0,
    reconnects: 0,
    threads: 4,
    stage: 0,
    lag_p99: null,
    network_rtt_ms: 0.1,
    server_counters: { xact_commit: qps / 10 },
  };
}

export function bundle(o: FixtureOptions = {}): RunBundle {
  const qps = o.qps ?? 1000;
  const p99 = o.p99 ?? 10;
  const h = newHistogram();
  for (const ms of o.latencies ?? [1, 2, 3, 4, 5]) h.recordValue(Math.round(ms * 1000));
  return {
    format: 'benchphant-run',
    version: 1,
    exported_at: '2026-11-22T10:00:00.000Z',
    exported_by: 'Benchphant test',
    run: {
      id: randomUUID(),
      connection_id: randomUUID(),
      connection: { name: 'pg', type: 'postgresql' },
      type: 'oltp_point_select',
      status: 'completed',
      threads: o.threads ?? 4,
      duration: 3,
      start_time: '2026-11-22T09:59:50.000Z',
      end_time: o.endTime ?? '2026-11-22T10:00:00.000Z',
      message: null,
      tags: [],
      notes: '',
      imported_from: null,
      config: {
        connection_id: randomUUID(),
        type: 'oltp_point_select',
        duration: 3,
        threads: o.threads ?? 4,
        parameters: { tables: 1 },
        warmup: 1,
        protocol: 'prepared',
        pipeline: 1,
        max_tries: 1,
        schema: 'benchphant_bench',
        cleanup: false,
        report_interval_ms: 1000,
      },
      server: {
        version: 'PostgreSQL 15.8',
        settings: o.settings ?? { shared_buffers: '16384 8kB' },
      },
      client: o.client ?? {
        cpu: 'Test CPU',
        cores: 2,
        memory_bytes: 1e9,
        os: 'linux',
        node: 'v24',
      },
      metrics: { qps, tps: o.tps ?? qps / 10, latency: latency(p99), errors: o.errors ?? 0 },
      detail: null,
      histogram: encodeHistogram(h),
      warnings: [],
      target: null,
    },
    intervals: [
      interval(0, true, qps / 2, p99 * 3),
      interval(1, false, qps, p99),
      interval(2, false, qps, p99),
      interval(3, false, qps, p99),
    ],
    host_metrics: o.hostMetrics ?? [],
    server_metrics: { database: [], host: [] },
    agents: o.agents ?? null,
  };
}

/** With its run's detail set only where a test needs it. */
export function withRtt(b: RunBundle, rttBefore: number): RunBundle {
  return {
    ...b,
    run: {
      ...b.run,
      detail: {
        transactions: 0,
        queries: 0,
        retries: 0,
        reconnects: 0,
        errors_by_class: noErrors(),
        first_errors: {},
        service_latency: null,
        schedule_lag: null,
        target_rate: null,
        saturated: false,
        network_rtt_ms: rttBefore,
        network_rtt_before_ms: rttBefore,
        percentiles: [],
        stages: [],
        by_statement: {},
        by_transaction: {},
      },
    },
  };
}
