// Runs in the main process, server and CLI. A timer for a moment on the run's clock (epoch
// milliseconds from performance.timeOrigin), as the workers' interval boundaries are given.

/**
 * Calls `fn` at `epochMs`, never before: libuv's timers count whole milliseconds from a floored
 * start, so one may fire up to 1 ms early; it waits a millisecond more.
 */
export function timeoutAt(epochMs: number, fn: () => void): NodeJS.Timeout {
  const ms = epochMs - (performance.timeOrigin + performance.now());
  return setTimeout(fn, Math.max(0, Math.ceil(ms) + 1));
}
