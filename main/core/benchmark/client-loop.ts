// Runs in benchmark workers. One simulated client: picks a transaction by weight, runs it,
// records its latency; in open loop it measures from the intended start (no coordinated
// omission). A lost connection is re-established with backoff; it never throws. With a pipeline,
// several loops share one connection and keep that many statements in flight on it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ArrivalStream } from './arrivals';
import { classifyError, errorText } from './errors';
import type { StageView } from './plan';
import type { IntervalRecorder } from './recorder';
import { cumulativeWeights, pickTxn } from './workloads/program';
import type { BenchSession, ClientCtx, CompiledWorkload } from './workloads/spec';

export interface ClientDeps {
  workload: CompiledWorkload;
  ctx: ClientCtx;
  recorder: () => IntervalRecorder;
  stopping: () => boolean;
  maxTries: number;
  /** This loop's connection number: a stage with fewer threads leaves the higher ones idle. */
  connection: number;
  /** The stage in force at a time (threads and open-loop rate). */
  stage: (t: number) => StageView;
  /** Open loop: the arrivals this loop's clients share. */
  arrivals: ArrivalStream;
  /** Time every statement for the per-class latencies (only for multi-statement transactions). */
  perClass: boolean;
  now: () => number;
}

const BACKOFF_START_MS = 50;
const BACKOFF_MAX_MS = 1000;
const IDLE_POLL_MS = 100;

/**
 * Waits until `at` (ms) on a timer, never spinning: Node's timers fire on the millisecond after
 * the one asked for, so the schedule lag here is up to a millisecond (the native engine sleeps on
 * a timerfd to the microsecond). Spinning on setImmediate would burn the core the server needs.
 */
async function waitUntil(at: number, now: () => number, stopping: () => boolean): Promise<void> {
  const ahead = at - now();
  if (ahead > 0 && !stopping()) await sleep(ahead);
}

/** One connection shared by a client's pipelined loops; the first loop to find it dead reconnects for all. */
export class SessionSlot {
  private connecting: Promise<BenchSession | null> | null = null;
  private backoff = BACKOFF_START_MS;

  constructor(
    private session: BenchSession | null,
    private readonly connect: () => Promise<BenchSession>,
    private readonly onReconnect: () => void,
    private readonly stopping: () => boolean,
  ) {}

  /** The live session, if there is one: the hot loop's path, with no promise to await. */
  get current(): BenchSession | null {
    return this.session;
  }

  /** The live session, reconnecting with backoff if needed; null once the run stops. */
  async acquire(): Promise<BenchSession | null> {
    if (this.session) return this.session;
    this.connecting ??= this.reconnect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async reconnect(): Promise<BenchSession | null> {
    while (!this.stopping()) {
      try {
        this.session = await this.connect();
        this.onReconnect();
        this.backoff = BACKOFF_START_MS;
        return this.session;
      } catch {
        await sleep(this.backoff);
        this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
      }
    }
    return null;
  }

  /** Forgets a session that failed; the next acquire() reconnects. */
  drop(session: BenchSession): void {
    if (this.session !== session) return;
    session.destroy();
    this.session = null;
  }

  close(): void {
    this.session?.destroy();
    this.session = null;
  }
}

export async function runClient(d: ClientDeps, slot: SessionSlot): Promise<void> {
  const { workload, ctx, now, stopping } = d;
  const cumulative = cumulativeWeights(workload.program);
  // Open loop: when the arrival this client took is due; NaN while it has none.
  let intended = Number.NaN;
  // One timing wrapper per connection, rebuilt only when a reconnect brings a new one.
  let timedOf: BenchSession | null = null;
  let timed: BenchSession | null = null;
  const timing = (s: BenchSession): BenchSession => {
    if (!d.perClass) return s;
    if (timedOf !== s) {
      timedOf = s;
      timed = {
        run: (stmt, params) => {
          const t = now();
          return s
            .run(stmt, params)
            .then(() => d.recorder().statement(stmt.cls, (now() - t) * 1000));
        },
        destroy: () => s.destroy(),
      };
    }
    return timed!;
  };

  // Looked up again only when the stage in force ends, not for every transaction.
  let stage = d.stage(now());
  while (!stopping()) {
    if (now() >= stage.endsAt) stage = d.stage(now());
    if (d.connection >= stage.threads) {
      // Idle in this stage: no arrival is this client's.
      intended = Number.NaN;
      await sleep(Math.min(Math.max(stage.endsAt - now(), 1), IDLE_POLL_MS));
      continue;
    }
    const rate = stage.ratePerLoop;
    const raw = slot.current ?? (await slot.acquire());
    if (raw === null) break;
    const session = timing(raw);
    if (rate !== null) {
      if (Number.isNaN(intended)) intended = d.arrivals.claim(stage, rate);
      await waitUntil(intended, now, stopping);
      if (stopping()) break;
    }
    const index = pickTxn(cumulative, ctx.rng);
    const txn = workload.txns[index]!;
    const sent = now();
    let tries = 0;
    for (;;) {
      try {
        await txn.run(session, ctx);
        const end = now();
        const from = rate === null ? sent : intended;
        d.recorder().txn(
          index,
          (end - from) * 1000,
          txn.statements,
          (end - sent) * 1000,
          rate === null ? 0 : (sent - intended) * 1000,
        );
        break;
      } catch (err) {
        if (stopping()) return;
        const cls = classifyError(err);
        if (cls === 'connection') {
          d.recorder().error(cls, errorText(err));
          slot.drop(raw);
          break;
        }
        if (txn.inTransaction) await session.run(workload.rollback, []).catch(() => undefined);
        if (cls === 'serialization' && ++tries < d.maxTries) {
          d.recorder().retries++;
          continue;
        }
        d.recorder().error(cls, errorText(err));
        break;
      }
    }
    intended = Number.NaN;
  }
}
