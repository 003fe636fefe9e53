// Runs in the renderer. The New run form's values: where they start (the one place defaults come
// from), how a saved configuration (a profile, the connection's last run) fills them, what each
// field says is wrong with it, and the run settings they make. Bounds are read from the contract's
// schema, so the form and the core never disagree on them.
import {
  customScriptSchema,
  runStartSchema,
  type WorkloadType,
} from '../../../../shared/contract/benchmarks';
import { parameterProblem, type ParamValue } from '../../../../shared/model/benchmark-data';
import { type BenchDefaults, DEFAULT_APP_SETTINGS } from '../../../../shared/contract/settings';
import { count } from '../../components/figure-format';
import type { ProfileSettings } from '../../stores/profiles-store';
import { WORKLOADS } from './workload-defaults';

export interface ScriptValues {
  name: string;
  weight: string;
  sql: string;
}

/** Numbers stay typed text until the run starts, so an empty field is told apart from zero. */
export interface RunFormValues {
  type: WorkloadType;
  threads: string;
  duration: string;
  /** Empty: closed loop. */
  rate: string;
  /** Seconds; empty: the engine's default, 10 % of the duration. */
  warmup: string;
  /** Seconds between reported intervals. */
  reportInterval: string;
  params: Record<string, string>;
  scripts: ScriptValues[];
  schema: string;
  cleanup: boolean;
}

/** A field of the form: a value's name, a workload parameter's key, or a script's part. */
export type RunField =
  | 'threads'
  | 'duration'
  | 'rate'
  | 'warmup'
  | 'reportInterval'
  | 'schema'
  | `param-${string}`
  | `script-${number}-${keyof ScriptValues}`;
export type RunFormErrors = Partial<Record<RunField, string>>;

const DEFAULT_SCRIPT =
  '\\set aid random(1, 100000 * :scale)\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n';

/** A script to add after `existing`, under the first free name ("script", "script 2", …). */
export function newScript(existing: readonly ScriptValues[]): ScriptValues {
  const taken = new Set(existing.map((s) => s.name.trim()));
  let n = 1;
  while (taken.has(n === 1 ? 'script' : `script ${n}`)) n++;
  return { name: n === 1 ? 'script' : `script ${n}`, weight: '1', sql: DEFAULT_SCRIPT };
}

/**
 * What a fresh form shows: the new-run defaults from Settings (the built-in ones until they have
 * loaded). The one place the form's defaults come from.
 */
export const runFormDefaults = (
  bench: BenchDefaults = DEFAULT_APP_SETTINGS.bench_defaults,
): RunFormValues => ({
  type: 'oltp_read_write',
  threads: String(bench.clients),
  duration: String(bench.duration),
  rate: '',
  warmup: String(bench.warmup),
  reportInterval: String(bench.report_interval_ms / 1000),
  params: {},
  scripts: [newScript([])],
  schema: bench.schema,
  cleanup: false,
});

/** Every workload parameter the form has a field for, on some workload. */
const FORM_PARAMETERS = new Set(WORKLOADS.flatMap((w) => w.params.map((p) => p.key)));

/** A run's or profile's settings the form has fields for; the rest is returned apart. */
export function fromConfig(config: ProfileSettings): {
  values: RunFormValues;
  extras: Partial<ProfileSettings>;
} {
  const {
    type,
    threads,
    duration,
    rate,
    warmup,
    report_interval_ms,
    parameters,
    scripts,
    schema,
    cleanup,
    ...rest
  } = config;
  const defaults = runFormDefaults();
  // Parameters no workload's form offers (sysbench's rand_type, skip_trx, …) ride along unchanged.
  const unoffered = Object.entries(parameters ?? {}).filter(([k]) => !FORM_PARAMETERS.has(k));
  const extras: Partial<ProfileSettings> = unoffered.length
    ? { ...rest, parameters: Object.fromEntries(unoffered) }
    : rest;
  return {
    values: {
      type,
      threads: String(threads),
      duration: String(duration),
      rate: rate === undefined ? '' : String(rate),
      warmup: warmup === undefined ? '' : String(warmup),
      reportInterval:
        report_interval_ms === undefined
          ? defaults.reportInterval
          : String(report_interval_ms / 1000),
      params: Object.fromEntries(
        Object.entries(parameters ?? {})
          .filter(([k]) => FORM_PARAMETERS.has(k))
          .map(([k, v]) => [k, String(v)]),
      ),
      scripts: scripts?.length
        ? scripts.map((s) => ({
            // Absent in saved input: the core's own defaults.
            name: s.name ?? 'script',
            weight: String(s.weight ?? 1),
            sql: s.sql,
          }))
        : defaults.scripts,
      schema: schema ?? defaults.schema,
      cleanup: cleanup ?? false,
    },
    extras,
  };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** What is wrong with a schema name, in the form's words; null when it is fine. */
export const schemaProblem = (schema: string, place: string): string | null =>
  IDENTIFIER.test(schema)
    ? null
    : `The ${place} name takes lower-case letters, digits and _ (at most 63, not starting with a digit).`;

const workloadOf = (type: WorkloadType) => WORKLOADS.find((w) => w.type === type)!;

const shape = runStartSchema.shape;
const BOUNDS = {
  threads: { min: shape.threads.minValue ?? 1, max: shape.threads.maxValue ?? 4096 },
  duration: { min: shape.duration.minValue ?? 1, max: shape.duration.maxValue ?? 86_400 },
  warmup: { min: 0, max: shape.warmup.unwrap().maxValue ?? 86_400 },
  rate: { max: shape.rate.unwrap().maxValue ?? 10_000_000 },
  reportMs: {
    min: shape.report_interval_ms.unwrap().minValue ?? 100,
    max: shape.report_interval_ms.unwrap().maxValue ?? 60_000,
  },
  weight: {
    min: customScriptSchema.shape.weight.unwrap().minValue ?? 1,
    max: customScriptSchema.shape.weight.unwrap().maxValue ?? 1000,
  },
} as const;

function wholeProblem(raw: string, name: string, min: number, max: number): string | undefined {
  if (raw.trim() === '')
    return `${name}: enter a whole number from ${count(min)} to ${count(max)}.`;
  const v = Number(raw);
  if (!Number.isInteger(v)) return `${name} is a whole number from ${count(min)} to ${count(max)}.`;
  if (v < min) return `${name} must be at least ${count(min)}.`;
  if (v > max) return `${name} is at most ${count(max)}.`;
  return undefined;
}

/**
 * What is wrong with each field, in the words of the form (the label on screen, not the API's
 * field name); empty when the run can start. `place` is "schema" or "database".
 */
export function runFormErrors(v: RunFormValues, place: string): RunFormErrors {
  const errors: RunFormErrors = {};
  const put = (field: RunField, problem: string | null | undefined) => {
    if (problem) errors[field] = problem;
  };
  put('threads', wholeProblem(v.threads, 'Clients', BOUNDS.threads.min, BOUNDS.threads.max));
  put('duration', wholeProblem(v.duration, 'Duration', BOUNDS.duration.min, BOUNDS.duration.max));
  if (v.rate.trim()) {
    const rate = Number(v.rate);
    put(
      'rate',
      !(rate > 0)
        ? 'Rate is above 0 transactions/s.'
        : rate > BOUNDS.rate.max
          ? `Rate is at most ${count(BOUNDS.rate.max)} transactions/s.`
          : undefined,
    );
  }
  if (v.warmup.trim()) {
    const warmup = Number(v.warmup);
    put(
      'warmup',
      !Number.isFinite(warmup) || warmup < 0
        ? 'Warm-up is 0 s or more.'
        : warmup > BOUNDS.warmup.max
          ? `Warm-up is at most ${count(BOUNDS.warmup.max)} s.`
          : undefined,
    );
  }
  const reportMs = Number(v.reportInterval) * 1000;
  put(
    'reportInterval',
    v.reportInterval.trim() === '' ||
      !Number.isFinite(reportMs) ||
      reportMs < BOUNDS.reportMs.min ||
      reportMs > BOUNDS.reportMs.max
      ? `Report interval is from ${BOUNDS.reportMs.min / 1000} to ${BOUNDS.reportMs.max / 1000} s.`
      : undefined,
  );
  for (const p of workloadOf(v.type).params) {
    const raw = v.params[p.key]?.trim();
    const problem = raw ? parameterProblem(p.key, raw, p.label) : null;
    put(`param-${p.key}`, problem && `${problem}.`);
  }
  put('schema', schemaProblem(v.schema, place));
  if (v.type === 'custom') {
    const names = v.scripts.map((s) => s.name.trim());
    v.scripts.forEach((s, i) => {
      const name = names[i]!;
      put(
        `script-${i}-name`,
        name === ''
          ? 'Give the script a name: the results list each script by it.'
          : names.indexOf(name) !== i
            ? `Another script is named “${name}”: each needs its own name.`
            : undefined,
      );
      put(
        `script-${i}-weight`,
        wholeProblem(s.weight, 'Weight', BOUNDS.weight.min, BOUNDS.weight.max),
      );
      put(
        `script-${i}-sql`,
        s.sql.trim() === '' ? 'The script is empty: write at least one statement.' : undefined,
      );
    });
  }
  return errors;
}

/** Top to bottom, so the first field with a problem is the one focused. */
export function fieldOrder(v: RunFormValues): RunField[] {
  return [
    'threads',
    'duration',
    'rate',
    'warmup',
    'reportInterval',
    ...workloadOf(v.type).params.map((p): RunField => `param-${p.key}`),
    'schema',
    ...v.scripts.flatMap((_, i): RunField[] => [
      `script-${i}-name`,
      `script-${i}-weight`,
      `script-${i}-sql`,
    ]),
  ];
}

/** The run settings of valid values, with what the form has no field for (`extras`) kept. */
export function toSettings(v: RunFormValues, extras: Partial<ProfileSettings>): ProfileSettings {
  const parameters: Record<string, ParamValue> = { ...extras.parameters };
  for (const p of workloadOf(v.type).params) {
    const raw = v.params[p.key]?.trim();
    if (raw) parameters[p.key] = Number(raw);
  }
  return {
    ...extras,
    type: v.type,
    threads: Number(v.threads),
    duration: Number(v.duration),
    parameters,
    schema: v.schema,
    cleanup: v.cleanup,
    report_interval_ms: Math.round(Number(v.reportInterval) * 1000),
    ...(v.rate.trim() ? { rate: Number(v.rate) } : {}),
    ...(v.warmup.trim() ? { warmup: Number(v.warmup) } : {}),
    ...(v.type === 'custom'
      ? {
          scripts: v.scripts.map((s) => ({
            name: s.name.trim(),
            sql: s.sql,
            weight: Number(s.weight),
          })),
        }
      : {}),
  };
}
