// Runs in agent processes (and unit tests). Estimates the offset between the agent's wall clock and
// the coordinator's from a few request/response exchanges, NTP style; pure arithmetic, no I/O.

export interface ClockSample {
  /** Agent time when the request left. */
  t1: number;
  /** Coordinator time when it answered. */
  t2: number;
  /** Agent time when the answer arrived. */
  t3: number;
}

export interface ClockEstimate {
  /** Coordinator clock minus agent clock, ms: coordinator time = agent time + offsetMs. */
  offsetMs: number;
  /** How far the offset can be wrong: half the round trip of the sample it came from, ms. */
  errorMs: number;
}

/**
 * The exchange with the shortest round trip bounds the offset most tightly: the coordinator's
 * answer was stamped somewhere inside it, so the true offset lies within ± half of it.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate {
  if (samples.length === 0) throw new Error('no clock samples');
  let best = samples[0]!;
  for (const s of samples) if (s.t3 - s.t1 < best.t3 - best.t1) best = s;
  const rtt = Math.max(0, best.t3 - best.t1);
  return { offsetMs: best.t2 - (best.t1 + best.t3) / 2, errorMs: rtt / 2 };
}
