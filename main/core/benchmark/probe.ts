// Runs in the main process, server and CLI. The per-interval probe on a run's spare session (round
// trip and server counters). It is awaited only briefly, so a stalled database never holds an
// interval's report back; an answer that comes later joins its interval afterwards.
import { counterDelta } from './server-info';

export interface ProbeReading {
  rttMs: number | null;
  counters: Record<string, number> | null;
}

export class IntervalProbe {
  private busy = false;
  private last: { index: number; values: Record<string, number> } | null = null;

  constructor(
    private readonly take: () => Promise<ProbeReading>,
    private readonly graceMs: number,
  ) {}

  /** The counters before the first interval. */
  baseline(values: Record<string, number> | null): void {
    this.last = values ? { index: -1, values } : null;
  }

  /**
   * A reading as interval `index` ends: resolves with it when it comes within the grace, else with
   * null (missing for now) and hands it to `late` when it comes. While one is out no other starts,
   * as it would only queue behind it on the one session: that interval's reading is missing.
   */
  async read(late: (r: ProbeReading) => void): Promise<ProbeReading | null> {
    if (this.busy) return null;
    this.busy = true;
    const taking = this.take().finally(() => (this.busy = false));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.graceMs);
    });
    const first = await Promise.race([taking, grace]);
    clearTimeout(timer);
    // A late answer may land after the run ended (its store closed): that loss is harmless.
    if (first === null) void taking.then(late).catch(() => undefined);
    return first;
  }

  /**
   * The counters' change over interval `index`; empty (missing) unless the previous interval's
   * reading exists, so a change never silently spans several intervals.
   */
  delta(index: number, values: Record<string, number> | null): Record<string, number> {
    if (!values) return {};
    const prev = this.last;
    this.last = { index, values };
    return prev && prev.index === index - 1 ? counterDelta(prev.values, values) : {};
  }
}
