// Runs in the main process, server and CLI. Hands the prepare phase's row ranges to worker threads
// and sums what they report; the main thread never generates a row. Abort ends every worker at once.
import { Worker } from 'node:worker_threads';
import type { ConnectionParams } from '../../../shared/model/connection';
import type { Segment } from './prepare-rows';
import type { FromWorker, ToWorker } from './protocol';
import type { WorkerScript } from './worker-script';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Settles with `work`, or rejects with CancelledError as soon as `signal` aborts: Stop never
 * waits on a statement still running (the caller's cleanup then closes its session).
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Fills row ranges of tables that already exist, reporting rows as they land. */
export interface RowLoader {
  /** How many ranges to split a load into. */
  readonly parallelism: number;
  /** Resolves once every range is written; rejects with CancelledError on abort. */
  load(parts: Segment[][], onRows: (rows: number) => void): Promise<void>;
}

export interface LoadTarget {
  params: ConnectionParams;
  tls: boolean;
  schema: string;
}

/** A loader on `workers` worker threads of the benchmark worker script. */
export function workerLoader(
  script: WorkerScript,
  target: LoadTarget,
  workers: number,
  signal: AbortSignal,
): RowLoader {
  return {
    parallelism: Math.max(1, workers),
    load: (parts, onRows) => loadParts(script, target, parts, onRows, signal),
  };
}

async function loadParts(
  script: WorkerScript,
  target: LoadTarget,
  parts: Segment[][],
  onRows: (rows: number) => void,
  signal: AbortSignal,
): Promise<void> {
  if (signal.aborted) throw new CancelledError();
  const workers: Worker[] = [];
  const stopAll = () => Promise.all(workers.map((w) => w.terminate().catch(() => 0)));
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const done = parts.map((segments, workerIndex) => {
    const worker = new Worker(script.path, { execArgv: script.execArgv });
    workers.push(worker);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'loaded') onRows(m.rows);
        else if (m.type === 'load-done') resolve();
        else if (m.type === 'error') reject(new Error(m.message));
      });
      worker.on('error', reject);
      worker.on('exit', () => reject(new Error('a benchmark worker stopped while loading rows')));
      const msg: ToWorker = { type: 'load', workerIndex, ...target, segments };
      worker.postMessage(msg);
    });
  });
  try {
    await Promise.race([Promise.all(done), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Ending a worker closes its connection, which ends its COPY or insert on the server.
    await stopAll();
  }
}
