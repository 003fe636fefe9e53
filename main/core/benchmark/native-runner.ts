// Runs in a benchmark worker thread when the run uses the native engine. Hands the workload
// program to the C++ addon, and turns each interval's native figures (HDR bucket counts, counters,
// error codes) into the same IntervalStats the Node engine posts. Never runs per query.
import type * as hdr from 'hdr-histogram-js';
import { ERROR_CLASSES, type ErrorClass } from '../../../shared/contract/benchmarks';
import type { SqlType } from '../../../shared/model/connection';
import type { NativeEngineHandle, NativeFigures, NativeSeries } from '../../native';
import { loadNative } from '../../native';
import { nativeDialect } from './engine-choice';
import { classifyError, MYSQL_CONNECTION_ERRNOS, RETRY_CODES } from './errors';
import { encodeHistogram, newHistogram } from './histogram';
import type { InitMessage, IntervalStats } from './protocol';
import type { Program } from './workloads/program';
import { STATEMENT_CLASSES } from './workloads/spec';

/** The value at HdrHistogram counts index `i` (lowest 1, 3 digits: 1024 sub-buckets per half). */
export function valueAtIndex(i: number): number {
  let bucket = (i >> 10) - 1;
  let sub = (i & 1023) + 1024;
  if (bucket < 0) {
    sub -= 1024;
    bucket = 0;
  }
  return sub * 2 ** bucket;
}

/** An hdr-histogram-js histogram identical to the one the native side filled. */
export function histogramOf(s: NativeSeries): hdr.Histogram {
  const h = newHistogram();
  const b = s.buckets;
  for (let k = 0; k < b.length; k += 2) h.recordValueWithCount(valueAtIndex(b[k]!), b[k + 1]!);
  return h;
}

const series = (s: NativeSeries) => ({
  sumUs: s.sumUs,
  maxUs: s.maxUs,
  hist: encodeHistogram(histogramOf(s)),
});

export function toIntervalStats(
  f: NativeFigures,
  driver: SqlType,
  txnNames: readonly string[],
  openLoop: boolean,
  index: number,
  startMs: number,
  endMs: number,
): IntervalStats {
  const errors = Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;
  const firstErrors: Partial<Record<ErrorClass, string>> = {};
  const native = nativeDialect(driver);
  for (const e of f.errors) {
    const cls = classifyError({
      ...native.errorCode(e.code),
      message: e.message,
      fatal: e.connectionLost,
    });
    errors[cls] += e.count;
    firstErrors[cls] ??= e.message;
  }
  return {
    index,
    startMs,
    endMs,
    txns: f.txns,
    queries: f.queries,
    failed: f.failed,
    retries: f.retries,
    reconnects: f.reconnects,
    errors,
    firstErrors,
    ...series(f.total),
    service: openLoop ? series(f.service) : null,
    lag: openLoop ? series(f.lag) : null,
    byTxn: f.byTxn.map((s, i) => ({ name: txnNames[i]!, count: s.count, ...series(s) })),
    byClass: f.byClass.flatMap((s, i) =>
      s.count === 0 ? [] : [{ name: STATEMENT_CLASSES[i]!, count: s.count, ...series(s) }],
    ),
    overheadUs: f.overheadUs,
    overheadCount: f.overheadCount,
  };
}

/** Starts the native engine for a worker's clients and connects them; throws with the reason. */
export function openNative(msg: InitMessage, program: Program): NativeEngineHandle {
  const loaded = loadNative();
  if ('reason' in loaded) throw new Error(loaded.reason);
  const p = msg.params;
  const handle = new loaded.addon.NativeEngine({
    conn: {
      driver: nativeDialect(p.type).driver,
      host: p.host,
      port: p.port,
      user: p.username,
      password: p.password ?? '',
      database: p.database,
      schema: msg.schema,
      tls: msg.tls,
      tlsMode: p.tls?.mode ?? 'disable',
      ca: p.tls?.ca_file ?? '',
      cert: p.tls?.cert_file ?? '',
      key: p.tls?.key_file ?? '',
      passphrase: p.tls_key_passphrase ?? '',
      simple: msg.workload.protocol === 'simple',
      connectionCodes: [...MYSQL_CONNECTION_ERRNOS].map(String),
    },
    program,
    connections: msg.clientIds,
    pipeline: msg.workload.pipeline,
    threads: msg.nativeThreads,
    seed: msg.workload.seed,
    maxTries: msg.workload.maxTries,
    retryCodes: RETRY_CODES,
    plan: msg.plan,
    perClass: program.multiStatement,
  });
  const failed = handle.waitReady();
  if (failed !== null) {
    handle.stop();
    throw new Error(failed.trim());
  }
  return handle;
}
