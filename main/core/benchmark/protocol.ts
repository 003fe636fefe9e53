// Runs in the main process and in benchmark worker threads. The typed messages between the pool
// and its workers; workers report aggregated interval stats, never a message per query.
import type { ConnectionParams } from '../../../shared/model/connection';
import type { ErrorClass, RunEngine } from '../../../shared/contract/benchmarks';
import type { StagePlan } from './plan';
import type { Segment } from './prepare-rows';
import type { WorkloadSpec } from './workloads/spec';

export interface InitMessage {
  type: 'init';
  workerIndex: number;
  params: ConnectionParams;
  /** Whether the admin session negotiated TLS; workers then use TLS too. */
  tls: boolean;
  schema: string;
  /** Client ids this worker owns (0-based, unique over the pool). */
  clientIds: number[];
  workload: WorkloadSpec;
  /** Threads and rate over time; one stage unless the run has stages. */
  plan: StagePlan[];
  /** Which engine runs the clients; the native one spreads them over `nativeThreads` threads. */
  engine: RunEngine;
  nativeThreads: number;
}

export interface StartMessage {
  type: 'start';
  /** Epoch milliseconds (performance.timeOrigin based) when interval 0 begins. */
  t0: number;
  intervalMs: number;
}

export interface StopMessage {
  type: 'stop';
}

/** The prepare phase: fill these row ranges of tables the main thread has created. */
export interface LoadMessage {
  type: 'load';
  workerIndex: number;
  params: ConnectionParams;
  tls: boolean;
  schema: string;
  segments: Segment[];
}

export type ToWorker = InitMessage | StartMessage | StopMessage | LoadMessage;

export interface TxnStats {
  name: string;
  count: number;
  sumUs: number;
  maxUs: number;
  hist: string;
}

/** An encoded HDR histogram (µs) with the exact sum and maximum of its values. */
export interface Series {
  sumUs: number;
  maxUs: number;
  hist: string;
}

export interface IntervalStats {
  index: number;
  startMs: number;
  endMs: number;
  txns: number;
  queries: number;
  failed: number;
  retries: number;
  reconnects: number;
  errors: Record<ErrorClass, number>;
  firstErrors: Partial<Record<ErrorClass, string>>;
  /** Transaction latency (µs): from the intended start in open loop. Encoded HDR histogram. */
  sumUs: number;
  maxUs: number;
  hist: string;
  /** Open loop only: service time (from the actual send) and schedule lag, µs. */
  service: Series | null;
  lag: Series | null;
  byTxn: TxnStats[];
  /** Per statement class (select, update, …), when transactions send several statements. */
  byClass: TxnStats[];
  /** Time clients spent in the load generator before sending, summed (µs), and over how many statements. */
  overheadUs?: number;
  overheadCount?: number;
}

export type FromWorker =
  | { type: 'ready'; workerIndex: number }
  | { type: 'stats'; workerIndex: number; stats: IntervalStats; final: boolean }
  | { type: 'error'; workerIndex: number; message: string; fatal: boolean }
  /** Rows written since the last report (prepare phase). */
  | { type: 'loaded'; workerIndex: number; rows: number }
  | { type: 'load-done'; workerIndex: number };
