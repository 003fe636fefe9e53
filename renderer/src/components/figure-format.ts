// Runs in the renderer (pure). How every benchmark figure reads: counts, latencies (milliseconds,
// seconds above 1 000 ms), latency axes, and changes against a baseline (a ratio above 1 000 %).

/** Above this many milliseconds a latency reads in seconds: "1.52 s", not "1520.3 ms". */
const SECONDS_FROM_MS = 1000;
/** Above this many percent a change reads as a ratio: "×20.2", not "+1 920 %". */
const RATIO_FROM_PERCENT = 1000;

export const count = (v: number): string => Math.round(v).toLocaleString('en-US');

/** A figure to `digits` significant digits, thousands separated: "1,234", "12.3", "0.0123". */
export const sigDigits = (v: number, digits = 3): string =>
  v.toLocaleString('en-US', { maximumSignificantDigits: digits });

/** A figure with at most `decimals` digits after the point, thousands separated: "1,234.5". */
export const upToDecimals = (v: number, decimals: number): string =>
  v.toLocaleString('en-US', { maximumFractionDigits: decimals });

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

/** "1 row", "12 rows", "1,204 tenants": the count with thousands separators and the right noun. */
export const countOf = (n: number, one: string, many = `${one}s`): string =>
  `${count(n)} ${Math.round(n) === 1 ? one : many}`;

/** Milliseconds in the unit that fits: "850 ms", "12.5 s", "3 min 5 s", "2 h 3 min". */
export function durationMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1) return `${ms.toFixed(2)} ms`;
  if (abs < 1000) return `${count(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  return duration(ms / 1000);
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Bytes in binary units, three significant digits: "512 B", "128 MiB", "1.5 GiB". */
export function bytes(n: number): string {
  let v = n;
  let unit = 0;
  while (Math.abs(v) >= 1024 && unit < BYTE_UNITS.length - 1) {
    v /= 1024;
    unit += 1;
  }
  const text = unit === 0 ? count(v) : v.toLocaleString('en-US', { maximumSignificantDigits: 3 });
  return `${text} ${BYTE_UNITS[unit]}`;
}

/** PostgreSQL's setting units (pg_settings.unit) as bytes or milliseconds per unit. */
const PG_UNITS: Record<string, { bytes: number } | { ms: number }> = {
  B: { bytes: 1 },
  kB: { bytes: 1024 },
  '8kB': { bytes: 8192 },
  '16kB': { bytes: 16_384 },
  '32kB': { bytes: 32_768 },
  MB: { bytes: 1024 ** 2 },
  '16MB': { bytes: 16 * 1024 ** 2 },
  GB: { bytes: 1024 ** 3 },
  TB: { bytes: 1024 ** 4 },
  us: { ms: 0.001 },
  ms: { ms: 1 },
  s: { ms: 1000 },
  min: { ms: 60_000 },
  h: { ms: 3_600_000 },
  d: { ms: 86_400_000 },
};

/** MySQL/MariaDB variables that hold a size in bytes without saying so. */
const MYSQL_BYTE_SETTING = /(_size|_buffer_length|_max_length)$/;

/**
 * A server setting as recorded with a run ("16384 8kB", "134217728", "on") as a person reads it:
 * "128 MiB", "5 min"; anything else stays as the server wrote it, with thousands separators.
 */
export function settingValue(name: string, raw: string): string {
  const m = /^(-?\d+(?:\.\d+)?)(?: (\S+))?$/.exec(raw.trim());
  if (!m) return raw;
  const n = Number(m[1]);
  const unit = m[2] === undefined ? undefined : PG_UNITS[m[2]];
  // -1 and 0 mean "off" or "the default" for many settings: left as the server says them.
  if (n <= 0) return m[2] ? `${m[1]} ${m[2]}` : raw;
  if (unit && 'bytes' in unit) return bytes(n * unit.bytes);
  if (unit && 'ms' in unit) return durationMs(n * unit.ms);
  if (m[2] === undefined && MYSQL_BYTE_SETTING.test(name)) return bytes(n);
  return m[2] === undefined && Number.isInteger(n) ? count(n) : raw;
}

/** The viewer's time zone name, e.g. "Europe/Paris" (for sentences that name it). */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const DATE_TIME = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});
const SHORT_DATE_TIME = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

const toDate = (when: string | number | Date): Date =>
  when instanceof Date ? when : typeof when === 'number' ? new Date(when) : new Date(when);

const TIME_OF_DAY = new Intl.DateTimeFormat('en-US', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

const AXIS_TIME = new Intl.DateTimeFormat('en-US', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const AXIS_DAY_TIME = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A time axis's tick, local time without the zone (the chart names it once): "18:40:12". */
export const axisTime = (t: number): string => AXIS_TIME.format(t);

/** A tick of a time axis longer than a day: "Dec 6, 18:40". */
export const axisDayTime = (t: number): string => AXIS_DAY_TIME.format(t);

/** The time of day with its zone, for what happened moments ago: "18:40:12 UTC". */
export function timeOfDay(when: string | number | Date): string {
  const d = toDate(when);
  return Number.isNaN(d.getTime()) ? String(when) : TIME_OF_DAY.format(d);
}

/** A moment in local time with its zone: "Dec 6, 2026, 18:40 UTC"; "—" for none. */
export function dateTime(when: string | number | Date | null | undefined): string {
  if (when === null || when === undefined) return '—';
  const d = toDate(when);
  return Number.isNaN(d.getTime()) ? String(when) : DATE_TIME.format(d);
}

/** A run's start for lists, seconds included: "Dec 6, 18:40:12 UTC". */
export function shortDateTime(when: string | number | Date): string {
  const d = toDate(when);
  return Number.isNaN(d.getTime()) ? String(when) : SHORT_DATE_TIME.format(d);
}

const DAY = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });

/**
 * A stretch of time in local time, the date and the zone said once: "Dec 6, 18:40:12 – 18:40:26
 * UTC", or "Dec 6, 23:59:56 – Dec 7, 00:00:20 UTC" across midnight.
 */
export function timeRange(from: string | number | Date, to: string | number | Date): string {
  const a = toDate(from);
  const b = toDate(to);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime()))
    return `${String(from)}–${String(to)}`;
  const start = SHORT_DATE_TIME.formatToParts(a)
    .filter((p) => p.type !== 'timeZoneName')
    .map((p) => p.value)
    .join('')
    .trim();
  const end = DAY.format(a) === DAY.format(b) ? TIME_OF_DAY.format(b) : SHORT_DATE_TIME.format(b);
  return `${start} – ${end}`;
}

export interface Direction {
  /** ▲ the figure went up, ▼ it went down, = unchanged: direction only, in the app and reports. */
  arrow: '▲' | '▼' | '=';
  /** Whether that is good for the figure (its colour); `same` inside the noise margin. */
  tone: 'better' | 'worse' | 'same';
}

/** The arrow and tone of a change: ▲/▼ say up/down, the tone says better/worse for this figure. */
export function direction(percent: number, higherIsBetter: boolean, sameWithin = 0): Direction {
  const arrow = percent > 0 ? '▲' : percent < 0 ? '▼' : '=';
  if (Math.abs(percent) <= sameWithin || percent === 0) return { arrow, tone: 'same' };
  return { arrow, tone: percent > 0 === higherIsBetter ? 'better' : 'worse' };
}
