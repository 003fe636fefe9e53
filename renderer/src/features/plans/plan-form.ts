// Runs in the renderer (pure). The Run plan form's text fields turned into a plans.start request,
// or the first sentence saying what to fix. The contract checks everything else on the server.
import type { PlanInput, RunConfig } from '../../stores/plans-store';

export type PlanKindChoice = 'repeat' | 'sweep' | 'capacity';

export interface PlanFields {
  kind: PlanKindChoice;
  /** Measured seconds of every run (the base's by default). */
  duration: string;
  /** Runs of a repeat. */
  repeat: string;
  /** Runs of each swept value. */
  perValue: string;
  sweepParameter: string;
  sweepValues: string;
  metric: 'p50' | 'p95' | 'p99';
  maxMs: string;
  startRate: string;
  stepMode: 'factor' | 'increment';
  step: string;
  maxRate: string;
  /** Percent: bisect between the last good and first bad rate to within this; empty: no refining. */
  refine: string;
}

export const DEFAULT_FIELDS: PlanFields = {
  kind: 'repeat',
  duration: '',
  repeat: '3',
  perValue: '1',
  sweepParameter: 'threads',
  sweepValues: '1, 2, 4, 8',
  metric: 'p99',
  maxMs: '20',
  startRate: '500',
  stepMode: 'factor',
  step: '2',
  maxRate: '20000',
  refine: '5',
};

const number = (label: string, text: string): number => {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0)
    throw new Error(`${label} must be a positive number.`);
  return v;
};

/** "1, 2, 4 8" → [1, 2, 4, 8]. */
export function parseValues(text: string): number[] {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length < 2) throw new Error('Give at least two values, separated by commas.');
  return parts.map((p) => number(`'${p}'`, p));
}

export function buildPlanInput(
  base: RunConfig & { allow_production?: boolean },
  f: PlanFields,
): { input: PlanInput } | { error: string } {
  try {
    const run = {
      ...base,
      duration: f.duration.trim() ? number('Duration', f.duration) : base.duration,
    };
    switch (f.kind) {
      case 'repeat':
        return { input: { base: run, kind: 'repeat', repeat: number('Repetitions', f.repeat) } };
      case 'sweep':
        return {
          input: {
            base: run,
            kind: 'sweep',
            repeat: number('Runs per value', f.perValue),
            sweep: { parameter: f.sweepParameter, values: parseValues(f.sweepValues) },
          },
        };
      case 'capacity':
        return {
          input: {
            base: run,
            kind: 'capacity',
            capacity: {
              objective: { metric: f.metric, max_ms: number('The latency objective', f.maxMs) },
              start_rate: number('Start rate', f.startRate),
              max_rate: number('Max rate', f.maxRate),
              step:
                f.stepMode === 'factor'
                  ? { factor: number('Step factor', f.step) }
                  : { increment: number('Step increment', f.step) },
              ...(f.refine.trim() === ''
                ? {}
                : { precision: number('Refine to within', f.refine) / 100 }),
            },
          },
        };
    }
  } catch (err) {
    return { error: (err as Error).message };
  }
}
