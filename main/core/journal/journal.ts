// Runs in the main process, server and CLI. Multi-step operations on tenant servers write their
// intent here before each irreversible step, in the same SQLite transaction as the step's own
// bookkeeping; at start (and before a new operation on the same target) the recovery pass
// completes or undoes what a crash cut short. It never talks to a database server itself: each
// kind's recoverer, registered by its service, does.
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import { type IntentKind, type IntentRow, IntentStore } from './store';

export type { IntentKind, IntentRow } from './store';

/**
 * A test port: called at every crash point (after each recorded step, after each action, and at
 * points inside a step); a crash test kills the process there. Production passes none.
 */
export type StepBarrier = (point: { kind: IntentKind; target: string; label: string }) => void;

/** What a step function sees of its intent: record a step, or mark a crash point. */
export interface StepLog {
  /** Records that the next irreversible action is `step` (with the payload merged in). */
  step(step: string, payload?: Record<string, unknown>, bookkeeping?: () => void): void;
  /** A crash point inside a step; records nothing. */
  point(label: string): void;
}

/** Does nothing: for callers outside any journaled operation. */
export const NO_STEP_LOG: StepLog = { step() {}, point() {} };

/** Completes or undoes one unfinished intent; returns what it did, in words for the log. */
export type Recoverer = (intent: IntentRow) => Promise<string>;

export class Intent<
  P extends Record<string, unknown> = Record<string, unknown>,
> implements StepLog {
  private closed = false;

  constructor(
    private readonly journal: Journal,
    readonly id: string,
    readonly kind: IntentKind,
    readonly target: string,
    private current: string,
    private data: P,
  ) {}

  get payload(): P {
    return this.data;
  }

  get currentStep(): string {
    return this.current;
  }

  step(step: string, payload?: Partial<P>, bookkeeping?: () => void): void {
    this.point(`after ${this.current}`);
    const data = { ...this.data, ...payload };
    this.journal.write(() => {
      bookkeeping?.();
      this.journal.store.setStep(this.id, step, data);
    });
    this.data = data;
    this.current = step;
    this.point(`before ${step}`);
  }

  point(label: string): void {
    this.journal.barrier({ kind: this.kind, target: this.target, label });
  }

  /** The operation finished consistently (succeeded or cleaned up after itself). */
  done(bookkeeping?: () => void): void {
    if (this.closed) return;
    this.point(`after ${this.current}`);
    this.journal.write(() => {
      bookkeeping?.();
      this.journal.store.remove(this.id);
    });
    this.close();
  }

  /**
   * The operation failed and could not put things back itself: the intent stays open for the
   * recovery pass (run before the next operation on the target, or at the next start).
   */
  close(): void {
    this.closed = true;
    this.journal.release(this.id);
  }
}

export interface JournalDeps {
  db: Db;
  logger: Logger;
  barrier?: StepBarrier | undefined;
}

const text = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Another live process still runs this operation: it is not debris to recover. */
function ownedElsewhere(intent: IntentRow): boolean {
  if (intent.owner_pid === process.pid) return false;
  try {
    process.kill(intent.owner_pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Journal {
  readonly store: IntentStore;
  /** Intents this process is working on (running, or being recovered). */
  private readonly active = new Set<string>();
  private readonly recoverers = new Map<IntentKind, Recoverer>();
  private tag: string | null = null;

  constructor(private readonly deps: JournalDeps) {
    this.store = new IntentStore(deps.db);
  }

  barrier(point: Parameters<StepBarrier>[0]): void {
    this.deps.barrier?.(point);
  }

  write(fn: () => void): void {
    this.deps.db.transaction(fn)();
  }

  release(id: string): void {
    this.active.delete(id);
  }

  /** This data directory's tag: scratch databases carry it, so debris is known to be ours. */
  instanceTag(): string {
    this.tag ??= this.store.instanceTag(() => randomBytes(4).toString('hex'));
    return this.tag;
  }

  /** A scratch name on a tenant server: `<prefix>_<tag>_<random>`. */
  scratchName(prefix: 'bp_restore' | 'bp_replaced', suffix: string): string {
    return `${prefix}_${this.instanceTag()}_${suffix}`;
  }

  register(kind: IntentKind, recoverer: Recoverer): void {
    this.recoverers.set(kind, recoverer);
  }

  /**
   * Starts an operation on `target`. An unfinished one there (a crash, or a failure that could
   * not clean up) is recovered first; one still running refuses.
   */
  async begin<P extends Record<string, unknown>>(
    kind: IntentKind,
    target: string,
    step: string,
    payload: P,
    bookkeeping?: () => void,
  ): Promise<Intent<P>> {
    const open = this.store.openOn(target);
    if (open) {
      if (this.active.has(open.id) || ownedElsewhere(open)) {
        throw new AppError(
          'CONFLICT',
          `Another operation (${open.kind}) on ${target} is in progress${open.owner_pid === process.pid ? '' : ` in process ${open.owner_pid}`}; wait for it to finish.`,
        );
      }
      const ok = await this.recover(open);
      if (!ok) {
        throw new AppError(
          'CONFLICT',
          `An earlier ${open.kind} of ${target} was cut short and could not be recovered yet (${this.store.get(open.id)?.message ?? 'see the log'}); fix that and try again.`,
        );
      }
    }
    const id = randomUUID();
    this.write(() => {
      bookkeeping?.();
      this.store.insert({ id, kind, target, step, payload });
    });
    this.active.add(id);
    const intent = new Intent<P>(this, id, kind, target, step, payload);
    intent.point(`before ${step}`);
    return intent;
  }

  /** Recovers one unfinished intent; false (and the reason on the row) when it could not. */
  async recover(intent: IntentRow): Promise<boolean> {
    if (this.active.has(intent.id) || ownedElsewhere(intent)) return false;
    // Someone else (the start-up pass, or a new operation's begin) may have handled it meanwhile.
    if (this.store.get(intent.id)?.state !== 'running') return true;
    const recoverer = this.recoverers.get(intent.kind);
    if (!recoverer) return false;
    this.active.add(intent.id);
    try {
      const what = await recoverer(intent);
      this.store.setRecovered(intent.id, `recovered: ${what}`);
      this.deps.logger.info(`recovered ${intent.kind} of ${intent.target}: ${what}`);
      return true;
    } catch (err) {
      const note = `Recovery of this ${intent.kind} (cut short at step '${intent.step}') failed: ${text(err)}. It is tried again at the next start and before the next operation on ${intent.target}.`;
      this.store.setNote(intent.id, note);
      this.deps.logger.error(`could not recover ${intent.kind} of ${intent.target}`, err);
      return false;
    } finally {
      this.active.delete(intent.id);
    }
  }

  /** Recovers an operation that failed part-way right now; returns what recovery said. */
  async settle<P extends Record<string, unknown>>(intent: Intent<P>): Promise<string> {
    intent.close();
    const row = this.store.get(intent.id);
    if (!row) return 'nothing was left to recover';
    await this.recover(row);
    return this.store.get(intent.id)?.message ?? 'nothing was left to recover';
  }

  /** Every unfinished intent a previous process left, oldest first. */
  async recoverAll(): Promise<{ recovered: number; failed: number }> {
    let recovered = 0;
    let failed = 0;
    for (const intent of this.store.open()) {
      if (this.active.has(intent.id)) continue;
      if (ownedElsewhere(intent)) {
        this.deps.logger.info(
          `left ${intent.kind} of ${intent.target} alone: process ${intent.owner_pid} still runs it`,
        );
        continue;
      }
      if (await this.recover(intent)) recovered++;
      else failed++;
    }
    this.store.prune(90);
    return { recovered, failed };
  }

  /** Open intents: what debris sweepers must leave alone. */
  open(kind?: IntentKind): IntentRow[] {
    return this.store.open(kind);
  }
}
