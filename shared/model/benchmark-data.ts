// Runs in every process. What a workload's prepare phase loads: which tables, how many rows, how
// large and how long, and the bounds of the parameters that size them. The contract, the core and
// the New run form all read this one module.

export type ParamValue = string | number | boolean;

/** Which tables a workload needs prepared. */
export type DataFamily = 'sysbench' | 'pgbench' | 'none';

export function dataFamily(type: string, parameters: Record<string, ParamValue>): DataFamily {
  if (type.startsWith('oltp_')) return 'sysbench';
  if (type !== 'custom') return 'pgbench';
  const init = parameters.init ?? 'pgbench';
  if (init === 'pgbench' || init === 'sysbench' || init === 'none') return init;
  throw new Error(`parameter init must be pgbench, sysbench or none (got ${String(init)})`);
}

/** The largest INTEGER: sysbench's id and k, pgbench's aid are 32-bit columns. */
export const INT32_MAX = 2_147_483_647;

const PER_TRANSACTION = { min: 0, max: 1000, why: 'statements per transaction' };

/**
 * Bounds of the numeric parameters, each with why, for the 400 (or the form) it causes; whole
 * numbers unless `real`.
 */
export const PARAMETER_BOUNDS: Record<
  string,
  { min: number; max: number; why?: string; real?: true }
> = {
  tables: { min: 1, max: 1000 },
  table_size: { min: 1, max: INT32_MAX, why: 'the id column is a 32-bit INTEGER' },
  scale: {
    min: 1,
    max: Math.floor(INT32_MAX / 100_000),
    why: 'pgbench_accounts holds 100,000 rows per scale under a 32-bit INTEGER key',
  },
  range_size: { min: 1, max: INT32_MAX },
  point_selects: PER_TRANSACTION,
  simple_ranges: PER_TRANSACTION,
  sum_ranges: PER_TRANSACTION,
  order_ranges: PER_TRANSACTION,
  distinct_ranges: PER_TRANSACTION,
  index_updates: PER_TRANSACTION,
  non_index_updates: PER_TRANSACTION,
  delete_inserts: PER_TRANSACTION,
  // sysbench's --rand-spec-*: the 'special' distribution puts rand_spec_res percent of the draws
  // on rand_spec_pct percent of the rows; the rest (and 'gaussian') average rand_spec_iter draws.
  rand_spec_pct: { min: 0, max: 100, why: 'a percentage of the rows' },
  rand_spec_res: { min: 0, max: 99, why: 'a percentage of the draws, below 100' },
  rand_spec_iter: { min: 1, max: 1000 },
  rand_pareto_h: {
    min: 0.001,
    max: 0.999,
    real: true,
    why: 'the Pareto shape lies between 0 and 1',
  },
};

/** The text parameters that take one of a few values, the default first. */
export const PARAMETER_CHOICES: Record<string, readonly string[]> = {
  // sysbench's --rand-type: how the sysbench workloads draw row ids ('special' is sysbench's default).
  rand_type: ['special', 'uniform', 'gaussian', 'pareto'],
};

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The problem with one parameter's value, or null when it is within its bounds (or unbounded).
 * `name` is how the reader knows it: the key in the API, the field's label in the form.
 */
export function parameterProblem(key: string, raw: ParamValue, name = key): string | null {
  const choices = PARAMETER_CHOICES[key];
  if (choices && !choices.includes(String(raw)))
    return `${name} must be one of ${choices.join(', ')} (got ${String(raw)})`;
  const bound = PARAMETER_BOUNDS[key];
  if (!bound) return null;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  if (bound.real ? !Number.isFinite(value) : !Number.isInteger(value))
    return `${name} must be a ${bound.real ? 'number' : 'whole number'} from ${fmt(bound.min)} to ${fmt(bound.max)} (got ${String(raw)})`;
  if (value < bound.min) return `${name} must be at least ${fmt(bound.min)} (got ${fmt(value)})`;
  if (value > bound.max)
    return `${name} is at most ${fmt(bound.max)}${bound.why ? `: ${bound.why}` : ''} (got ${fmt(value)})`;
  return null;
}

const num = (parameters: Record<string, ParamValue>, key: string, fallback: number) => {
  const v = Number(parameters[key] ?? fallback);
  return Number.isFinite(v) ? v : fallback;
};

/**
 * On-disk bytes per row, table and indexes together, measured on PostgreSQL 15 and MariaDB 10.11
 * (sysbench: 1M rows take about 240 MB; pgbench: about 15 MB per scale).
 */
const BYTES_PER_ROW = { sysbench: 240, pgbench: 150 } as const;
/** A cautious loading rate for the time estimate (COPY from two workers on a small machine). */
export const ESTIMATE_ROWS_PER_S = 100_000;
/** Above this, a run must say it means it (`confirm_large_prepare`). */
export const LARGE_PREPARE_BYTES = 1_000_000_000;

export interface PrepareEstimate {
  family: DataFamily;
  rows: number;
  bytes: number;
  seconds: number;
}

/** What preparing this workload loads, if its tables are not there yet. */
export function prepareEstimate(
  type: string,
  parameters: Record<string, ParamValue>,
): PrepareEstimate {
  const family = dataFamily(type, parameters);
  const rows =
    family === 'sysbench'
      ? num(parameters, 'tables', 1) * num(parameters, 'table_size', 10_000)
      : family === 'pgbench'
        ? 100_011 * num(parameters, 'scale', 1)
        : 0;
  const bytes = family === 'none' ? 0 : rows * BYTES_PER_ROW[family];
  return { family, rows, bytes, seconds: Math.ceil(rows / ESTIMATE_ROWS_PER_S) };
}

/** "2.3 GB", "15 MB": for messages; the renderer has its own formatter for the screen. */
export function roughBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

/** "about 3 h 20 min", "about 40 s". */
export function roughDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  const min = Math.round(seconds / 60);
  if (min < 90) return `about ${min} min`;
  const h = Math.floor(min / 60);
  if (h >= 48) return `about ${Math.round(h / 24)} days`;
  return `about ${h} h ${min % 60} min`;
}
