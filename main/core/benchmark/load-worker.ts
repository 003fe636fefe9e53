// Runs in a benchmark worker thread, started by the prepare phase's loader. Generates its share
// of the benchmark rows and streams them the engine's way (its module's bench-session.ts: COPY on
// PostgreSQL, batched inserts on MySQL). It never runs on the main thread, so a huge table can
// only slow the load, never the server.
import { sqlEngineOf } from '../engines/registry';
import type { RowSink } from '../engines/engine';
import { errorText } from './errors';
import type { FromWorker, LoadMessage } from './protocol';
/** How often rows written are reported (the main thread sums them into progress). */
const REPORT_MS = 100;

type Post = (m: FromWorker) => void;

class RowCounter implements RowSink {
  private pending = 0;
  private last = performance.now();
  constructor(
    private readonly workerIndex: number,
    private readonly post: Post,
  ) {}

  add(rows: number): void {
    this.pending += rows;
    const t = performance.now();
    if (t - this.last >= REPORT_MS) this.flush(t);
  }

  flush(t = performance.now()): void {
    if (this.pending > 0)
      this.post({ type: 'loaded', workerIndex: this.workerIndex, rows: this.pending });
    this.pending = 0;
    this.last = t;
  }
}

/** Loads the message's segments, then says so; a failure is posted as a fatal error. */
export async function onLoad(msg: LoadMessage, post: Post): Promise<void> {
  const counter = new RowCounter(msg.workerIndex, post);
  try {
    await sqlEngineOf(msg.params.type).bench.load(msg, counter);
    counter.flush();
    post({ type: 'load-done', workerIndex: msg.workerIndex });
  } catch (err) {
    counter.flush();
    post({
      type: 'error',
      workerIndex: msg.workerIndex,
      message: errorText(err),
      fatal: true,
    });
  }
}
