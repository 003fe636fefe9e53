// Runs in benchmark workers. Open loop as pgbench -R schedules it, and as the native engine's
// threads do (claimArrival in main/native/src/engine.cc): one Poisson stream of arrivals per event
// loop at the rate of its active clients together. A client that is free takes the next arrival
// and starts it when it is due, so no arrival waits behind one client's slow transaction while
// the loop's other clients idle.
import type { StageView } from './plan';
import type { Rng } from './workloads/rng';

export class ArrivalStream {
  /** The last arrival handed out (epoch ms); NaN before the first. */
  private last = Number.NaN;
  private stage = -1;
  /** Arrivals per ms: the stage's rate per client times this loop's active clients. */
  private perMs = 0;

  /** `connections`: each of the loop's clients' connection number (stages leave the higher ones idle). */
  constructor(
    private readonly rng: Rng,
    private readonly connections: readonly number[],
  ) {}

  /**
   * The next arrival, for a free client in an open-loop stage (`ratePerLoop`: its rate per client);
   * each stage's stream starts no earlier than the stage.
   */
  claim(stage: StageView, ratePerLoop: number): number {
    if (Number.isNaN(this.last) || stage.index !== this.stage) {
      this.last = Number.isNaN(this.last) ? stage.startsAt : Math.max(this.last, stage.startsAt);
      this.stage = stage.index;
      const active = this.connections.filter((c) => c < stage.threads).length;
      this.perMs = (ratePerLoop * active) / 1000;
    }
    this.last += -Math.log(1 - this.rng.double()) / this.perMs;
    return this.last;
  }
}
