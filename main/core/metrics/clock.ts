// Runs in the main process, server and CLI. The time port of the metrics services, so tests can
// drive a month of history in milliseconds; never reads the time any other way.
export interface Clock {
  /** Wall-clock epoch milliseconds: sample timestamps and retention cutoffs. */
  now(): number;
  /** Monotonic milliseconds: elapsed time between readings. */
  monotonic(): number;
}

export const systemClock: Clock = { now: () => Date.now(), monotonic: () => performance.now() };
