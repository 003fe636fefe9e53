// Runs in the renderer (pure). How every benchmark figure reads: counts, latencies (milliseconds,
// seconds above 1 000 ms), latency axes, and changes against a baseline (a ratio above 1 000 %).

/** Above this many milliseconds a latency reads in seconds: "1.52 s", not "1520.3 ms". */
const SECONDS_FROM_MS = 1000;
/** Above this many percent a change reads as a ratio: "×20.2", not "+1 920 %". */
const RATIO_FROM_PERCENT = 1000;

export const count = (v: number): string => Math.round(v).toLocaleString('en-US');

/** Digits after the point for a value of this size: µs resolution for small ones, fewer as they grow. */
const decimals = (v: number): number => {
  const abs = Math.abs(v);
  return abs < 10 ? 3 : abs < 100 ? 2 : 1;
};

/** A latency's number without its unit, in the unit `latencyUnit` picks for it. */
export function latencyNumber(ms: number): string {
  if (Math.abs(ms) >= SECONDS_FROM_MS) {
    const s = ms / 1000;
    return s.toFixed(Math.abs(s) < 10 ? 2 : 1);
  }
  return ms.toFixed(decimals(ms));
}

export const latencyUnit = (ms: number): 'ms' | 's' =>
  Math.abs(ms) >= SECONDS_FROM_MS ? 's' : 'ms';

/** A latency with its unit: "0.412 ms", "12.35 ms", "1.52 s". */
export const latency = (ms: number): string => `${latencyNumber(ms)} ${latencyUnit(ms)}`;

export interface LatencyAxis {
  unit: 'ms' | 's';
  /** A tick's text, unit-less (the axis title names the unit): three significant digits at most. */
  tick: (ms: number) => string;
}

/** The axis for latencies up to `maxMs`: seconds when the largest value is 1 000 ms or more. */
export function latencyAxis(maxMs: number): LatencyAxis {
  const unit = latencyUnit(maxMs);
  const div = unit === 's' ? 1000 : 1;
  return {
    unit,
    tick: (ms) => (ms / div).toLocaleString('en-US', { maximumSignificantDigits: 3 }),
  };
}

export interface ChangeText {
  /** What the cell shows: "+12.3 %", "−4.10 %", "±0.00 %", or "×20.2" for large rises. */
  text: string;
  /** The same for a sentence: "12.3 % higher", "20.2 times the baseline". */
  words: string;
}

const percentDigits = (abs: number): string =>
  abs >= 100 ? abs.toFixed(0) : abs >= 10 ? abs.toFixed(1) : abs.toFixed(2);

/** A change in percent of the baseline; rises above 1 000 % read as the ratio to the baseline. */
export function change(percent: number): ChangeText {
  if (percent > RATIO_FROM_PERCENT) {
    const ratio = 1 + percent / 100;
    const r = ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(1);
    return { text: `×${r}`, words: `${r} times the baseline` };
  }
  const abs = Math.abs(percent);
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '±';
  return {
    text: `${sign}${percentDigits(abs)} %`,
    words:
      percent === 0
        ? 'unchanged from the baseline'
        : `${percentDigits(abs)} % ${percent > 0 ? 'higher' : 'lower'} than the baseline`,
  };
}

/** Seconds as a duration: "45 s", "12 min 5 s", "2 h 3 min". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
}
