// Runs in the main process, server and CLI. Starts the worker threads of one run, hands each its
// clients, and delivers every interval once all workers have reported it. Never touches the store.
import { Worker } from 'node:worker_threads';
import type { FromWorker, InitMessage, IntervalStats, ToWorker } from './protocol';
import type { WorkerScript } from './worker-script';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 800;

export interface PoolHandlers {
  /** Interval `index` with one stats object per worker. */
  onInterval(index: number, parts: IntervalStats[]): void;
  /** A worker failed after start; the run goes on without it being fatal unless `fatal`. */
  onError(message: string, fatal: boolean): void;
}

/**
 * What a run's measure phase drives: worker threads here, or load agents elsewhere
 * (`agents/agent-pool.ts`). `init` takes one message per member; intervals arrive through
 * `PoolHandlers` once every member still in the run has reported them.
 */
export interface RunPool {
  readonly size: number;
  init(inits: InitMessage[]): Promise<void>;
  start(t0: number, intervalMs: number): void;
  stop(): Promise<IntervalStats[]>;
  terminate(): Promise<void>;
  /** Ends a slow `init` at once (agents still being launched) when the run is cancelled. */
  abortInit?(): void;
}

export class WorkerPool implements RunPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, IntervalStats[]>();
  private finals: IntervalStats[] = [];
  private onFinal: (() => void) | null = null;
  private stopped = false;
  private started = false;

  constructor(
    private readonly script: WorkerScript,
    private readonly handlers: PoolHandlers,
  ) {}

  get size(): number {
    return this.workers.length;
  }

  /** Spawns one worker per init message and resolves when every one has connected its clients. */
  async init(inits: InitMessage[]): Promise<void> {
    const ready = inits.map((msg) => {
      const worker = new Worker(this.script.path, { execArgv: this.script.execArgv });
      this.workers.push(worker);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('a benchmark worker did not start in time')),
          READY_TIMEOUT_MS,
        );
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'ready') {
            clearTimeout(timer);
            resolve();
          } else if (m.type === 'error' && m.fatal) {
            clearTimeout(timer);
            reject(new Error(m.message));
          }
          this.receive(m);
        });
        worker.on('error', (err: Error) => {
          clearTimeout(timer);
          reject(err);
          if (this.started)
            this.handlers.onError(`a benchmark worker crashed: ${err.message}`, true);
        });
        this.send(worker, msg);
      });
    });
    try {
      await Promise.all(ready);
    } catch (err) {
      await this.terminate();
      throw err;
    }
  }

  start(t0: number, intervalMs: number): void {
    this.started = true;
    for (const w of this.workers) this.send(w, { type: 'start', t0, intervalMs });
  }

  /** Asks every worker to stop; resolves with their final partial intervals within a second. */
  async stop(): Promise<IntervalStats[]> {
    if (this.stopped) return [];
    this.stopped = true;
    const done = new Promise<void>((resolve) => {
      this.onFinal = resolve;
      if (this.finals.length >= this.workers.length) resolve();
    });
    for (const w of this.workers) this.send(w, { type: 'stop' });
    await Promise.race([done, new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
    await this.terminate();
    return this.finals;
  }

  async terminate(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers.map((w) => w.terminate().catch(() => 0)));
  }

  private send(worker: Worker, msg: ToWorker): void {
    worker.postMessage(msg);
  }

  private receive(m: FromWorker): void {
    if (m.type === 'stats') {
      if (m.final) {
        this.finals.push(m.stats);
        if (this.finals.length >= this.workers.length) this.onFinal?.();
        return;
      }
      const parts = this.pending.get(m.stats.index) ?? [];
      parts.push(m.stats);
      if (parts.length < this.workers.length) {
        this.pending.set(m.stats.index, parts);
        return;
      }
      this.pending.delete(m.stats.index);
      this.handlers.onInterval(m.stats.index, parts);
    } else if (m.type === 'error' && this.started && !this.stopped) {
      this.handlers.onError(m.message, m.fatal);
    }
  }
}
