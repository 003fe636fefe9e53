// Runs in the main process, server and CLI. Repeated runs of one setup form a group; each group
// gets mean and 95% CI per metric, and each is tested against the baseline's group with Welch's
// t-test, so a comparison says whether a difference is larger than the run-to-run noise.
import {
  COMPARED_METRICS,
  METRIC_DIRECTION,
  type ComparedMetric,
  type Figures,
  type Repetitions,
} from '../../../shared/contract/results';
import { deltaPercent } from './figures';
import { ALPHA, CONFIDENCE, confidenceInterval, mean, welchTTest } from './statistics';

export interface RepetitionGroup {
  id: string;
  label: string;
  runs: { id: string; figures: Figures }[];
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Null unless some group holds at least two runs (otherwise there is no noise to measure). */
export function repetitionsOf(
  groups: readonly RepetitionGroup[],
  baselineGroupId: string,
): Repetitions | null {
  if (!groups.some((g) => g.runs.length >= 2)) return null;
  const base = groups.find((g) => g.id === baselineGroupId);
  if (!base) throw new Error(`the baseline group ${baselineGroupId} is not among the groups`);
  const values = (g: RepetitionGroup, m: ComparedMetric) => g.runs.map((r) => r.figures[m]);

  const comparisons: Repetitions['comparisons'] = [];
  for (const g of groups) {
    if (g.id === base.id) continue;
    for (const m of COMPARED_METRICS) {
      const a = values(g, m);
      const b = values(base, m);
      const test = welchTTest(a, b);
      const delta = deltaPercent(mean(a), mean(b));
      const significant = test !== null && test.p_value < ALPHA;
      const higher = mean(a) > mean(b);
      comparisons.push({
        group_id: g.id,
        metric: m,
        delta_percent: delta,
        t: test ? finite(test.t) : null,
        df: test ? finite(test.df) : null,
        p_value: test ? test.p_value : null,
        significant,
        verdict:
          test === null
            ? 'insufficient'
            : !significant
              ? 'same'
              : higher === (METRIC_DIRECTION[m] === 'higher_better')
                ? 'better'
                : 'worse',
      });
    }
  }
  return {
    test: "Welch's t-test",
    alpha: ALPHA,
    confidence: CONFIDENCE,
    groups: groups.map((g) => ({
      id: g.id,
      label: g.label,
      run_ids: g.runs.map((r) => r.id),
      baseline: g.id === base.id,
      stats: Object.fromEntries(
        COMPARED_METRICS.map((m) => [m, confidenceInterval(values(g, m))]),
      ) as Repetitions['groups'][number]['stats'],
    })),
    comparisons,
  };
}
