// Runs in the CLI process. `benchphant compare A B … [--baseline A] [--fail-on …] [--json]`: the
// comparison table of exported bundles and/or saved runs, and the release gate a CI job exits on.
import type { Command } from 'commander';
import type { Comparison, RunBundle } from '../../../shared/contract/results';
import { compareRuns } from '../../core/results/compare';
import {
  checkGate,
  GateSyntaxError,
  parseFailOn,
  type Threshold,
  type Violation,
} from '../../core/results/gate';
import { CliFailure, EXIT_FAILED, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';
import { type Session, withSession } from '../session';
import { renderTable } from '../table';
import { statementLines } from './compare-statements';
import { classifyRef, loadBundles, sameRef, type RunRef } from './run-refs';

interface CompareOptions {
  baseline?: string;
  failOn?: string;
  json?: boolean;
}

/** Thresholds from `--fail-on`, or a usage error naming what is wrong. */
export function thresholdsOf(spec: string | undefined): Threshold[] {
  if (spec === undefined) return [];
  try {
    return parseFailOn(spec);
  } catch (err) {
    if (err instanceof GateSyntaxError) throw new CliFailure(err.message, EXIT_USAGE);
    throw err;
  }
}

const number = (v: number) =>
  Number.isInteger(v)
    ? String(v)
    : Math.abs(v) >= 100
      ? v.toFixed(0)
      : Math.abs(v) >= 1
        ? v.toFixed(2)
        : v.toFixed(3);

export function comparisonLines(c: Comparison): string[] {
  // A saturated or interrupted-by-outage run is flagged in its own column, its sentences below.
  const flagged = c.runs.some((r) => r.warnings.length > 0);
  const headers = ['run', ...c.metrics.map((m) => m.label), ...(flagged ? ['caveats'] : [])];
  const rows = c.runs.map((r, i) => [
    `${i + 1}${r.baseline ? '*' : ''}`,
    ...c.metrics.map((m) => {
      const f = r.figures[m.key];
      if (f.verdict === 'baseline') return number(f.value);
      const d =
        f.delta_percent === null
          ? 'n/a'
          : `${f.delta_percent >= 0 ? '+' : ''}${f.delta_percent.toFixed(1)}%`;
      const mark = f.verdict === 'better' ? ' better' : f.verdict === 'worse' ? ' worse' : '';
      return `${number(f.value)} (${d}${mark})`;
    }),
    ...(flagged ? [[...new Set(r.warnings.map((w) => w.code.toUpperCase()))].join(' ')] : []),
  ]);
  const lines = [
    renderTable(headers, rows),
    '* baseline. Latency in ms; changes under 2% count as the same.',
    ...c.runs.flatMap((r, i) => [
      `${i + 1}: ${r.label}${r.tags.length ? ` [${r.tags.join(', ')}]` : ''}`,
      ...r.warnings.map((w) => `   ${w.code.toUpperCase()}: ${w.message}`),
    ]),
  ];
  if (c.diff.length) {
    lines.push('', 'Why are they different (most likely first):');
    for (const d of c.diff.slice(0, 8))
      lines.push(`  ${d.label}: ${d.values.map((v) => v ?? '—').join(' | ')}`);
  }
  lines.push(...statementLines(c));
  if (c.repetitions) {
    const rep = c.repetitions;
    lines.push('', `Repetitions (mean, 95% CI; ${rep.test}, alpha ${rep.alpha}):`);
    for (const g of rep.groups) {
      const q = g.stats.qps;
      const p = g.stats.p99;
      lines.push(
        `  ${g.label}${g.baseline ? ' (baseline)' : ''}: n=${g.run_ids.length} qps ${number(q.mean)} [${number(q.ci_low)}, ${number(q.ci_high)}] p99 ${number(p.mean)} [${number(p.ci_low)}, ${number(p.ci_high)}] ms`,
      );
    }
    for (const t of rep.comparisons.filter((x) => x.metric === 'qps' || x.metric === 'p99'))
      lines.push(
        `  ${rep.groups.find((g) => g.id === t.group_id)?.label ?? t.group_id} vs baseline, ${t.metric}: p=${t.p_value === null ? 'n/a' : t.p_value.toPrecision(3)} → ${t.verdict === 'same' ? 'within run-to-run noise' : t.verdict}`,
      );
  }
  return lines;
}

/** Prints the comparison (or JSON) and the gate's outcome; returns the exit code it calls for. */
export function reportComparison(
  io: CliIo,
  c: Comparison,
  thresholds: readonly Threshold[],
  json: boolean,
): number {
  const violations: Violation[] = checkGate(c, thresholds);
  if (json) {
    const gate = {
      thresholds: thresholds.map((t) => t.text),
      passed: violations.length === 0,
      violations,
    };
    writeLine(io.stdout, JSON.stringify({ ...c, gate }, null, 2));
  } else {
    for (const line of comparisonLines(c)) writeLine(io.stdout, line);
  }
  if (thresholds.length === 0) return 0;
  if (violations.length === 0) {
    writeLine(
      io.stderr,
      `Gate passed: no run crossed ${thresholds.map((t) => `"${t.text}"`).join(', ')}.`,
    );
    return 0;
  }
  for (const v of violations) writeLine(io.stderr, `FAIL: ${v.message}`);
  return EXIT_FAILED;
}

/** Bundles in comparison order, the baseline's id; the baseline joins the list if not among it. */
export async function resolveComparison(
  refs: readonly RunRef[],
  baseline: RunRef | undefined,
  session: Session | null,
): Promise<{ bundles: RunBundle[]; baselineId: string }> {
  const all = baseline && !refs.some((r) => sameRef(r, baseline)) ? [baseline, ...refs] : [...refs];
  const bundles = await loadBundles(all, session);
  const seen = new Map<string, string>();
  bundles.forEach((b, i) => {
    const other = seen.get(b.run.id);
    if (other !== undefined)
      throw new CliFailure(
        `${other} and ${all[i]!.ref} hold the same run (${b.run.id}).`,
        EXIT_USAGE,
      );
    seen.set(b.run.id, all[i]!.ref);
  });
  const index = baseline ? all.findIndex((r) => sameRef(r, baseline)) : 0;
  return { bundles, baselineId: bundles[index]!.run.id };
}

/** Opens the core only when a run id needs it (bundle files alone never touch the data directory). */
export function withCoreIfNeeded<T>(
  io: CliIo,
  refs: readonly (RunRef | undefined)[],
  run: (s: Session | null) => Promise<T>,
): Promise<T> {
  return refs.some((r) => r && 'id' in r) ? withSession(io, run) : run(null);
}

export function compareCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description(
      'Compare runs (exported bundle files or saved run ids): the table with deltas against the baseline, why they differ, and a CI gate.',
    )
    .argument(
      '<runs...>',
      'bundle files (benchphant export … --format json) or run ids; two or more',
    )
    .option(
      '--baseline <run>',
      'the run the others are compared with (file or id; default the first)',
    )
    .option(
      '--fail-on <thresholds>',
      'exit 1 when a run crosses one: METRIC OP NUMBER[%|ms], comma-separated, e.g. "p99>+10%,qps<-5%,errors>0"',
    )
    .option('--json', 'print the comparison and the gate as JSON')
    .addHelpText(
      'after',
      "\nMetrics: qps, tps, avg, p50, p95, p99, p999 (p99.9), max, errors. With % a threshold is the change from the baseline; without, the run's own value.\nExit codes: 0 ok (gate passed), 1 a threshold was crossed or a run was not found, 2 bad input.",
    )
    .action((refs: string[], o: CompareOptions) => {
      const thresholds = thresholdsOf(o.failOn);
      const classify = async () => ({
        classified: await Promise.all(refs.map(classifyRef)),
        baseline: o.baseline === undefined ? undefined : await classifyRef(o.baseline),
      });
      return classify().then(({ classified, baseline }) =>
        withCoreIfNeeded(io, [...classified, baseline], async (session) => {
          const count = new Set(
            [...classified, ...(baseline ? [baseline] : [])].map((r) =>
              'file' in r ? r.file : r.id,
            ),
          ).size;
          if (count < 2)
            throw new CliFailure('compare needs at least two different runs.', EXIT_USAGE);
          const all =
            baseline && !classified.some((r) => sameRef(r, baseline))
              ? [baseline, ...classified]
              : classified;
          const ids = all.flatMap((r) => ('id' in r ? [r.id] : []));
          // Saved runs alone are compared by the core, which knows their plans (repetitions).
          const comparison =
            session && ids.length === all.length
              ? await session.call('results.compare', {
                  run_ids: ids,
                  baseline_id: baseline && 'id' in baseline ? baseline.id : undefined,
                })
              : await resolveComparison(classified, baseline, session).then((r) =>
                  compareRuns(r.bundles, { baselineId: r.baselineId }),
                );
          setExit(reportComparison(io, comparison, thresholds, o.json === true));
        }),
      );
    });
}

/**
 * `run --baseline REF [--fail-on …]`: checked before the run starts (a bad expression or a
 * missing file must not cost a benchmark), then compares the finished run with the baseline.
 */
export async function baselineGate(
  io: CliIo,
  o: { baseline?: string; failOn?: string; json?: unknown },
): Promise<((s: Session, runId: string) => Promise<number>) | null> {
  const thresholds = thresholdsOf(o.failOn);
  if (o.baseline === undefined) {
    if (thresholds.length)
      throw new CliFailure('--fail-on needs --baseline (the run to compare with).', EXIT_USAGE);
    return null;
  }
  const baseline = await classifyRef(o.baseline);
  if ('file' in baseline) await loadBundles([baseline], null);
  return async (s, runId) => {
    const { bundles, baselineId } = await resolveComparison(
      [{ ref: runId, id: runId }],
      baseline,
      s,
    );
    writeLine(io.stdout, '');
    return reportComparison(io, compareRuns(bundles, { baselineId }), thresholds, false);
  };
}
