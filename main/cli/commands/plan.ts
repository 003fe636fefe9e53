// Runs in the CLI process. `benchphant plan repeat|sweep|capacity`: a run plan over a base run given
// with the options of `run`; prints a line per run and the final table (or the plan as --json).
import type { Command } from 'commander';
import type { Payload } from '../../../shared/contract';
import { FIGURES, type PlanView, type Stat } from '../../../shared/contract/plans';
import { CliFailure, EXIT_FAILED, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';
import { type Session, withOwnerSession, withSession } from '../session';
import { renderTable } from '../table';
import { num, type RunOptions, runInput, withRunOptions } from './run';

interface PlanOptions extends RunOptions {
  json?: boolean;
  times?: string;
  over?: string;
  values?: string;
  objective?: string;
  startRate?: string;
  factor?: string;
  increment?: string;
  maxRate?: string;
}

const fixed = (v: number, digits = 2) => v.toFixed(digits);
const FIGURE_LABEL: Record<(typeof FIGURES)[number], string> = {
  qps: 'QPS',
  tps: 'TPS',
  p50: 'p50 (ms)',
  p95: 'p95 (ms)',
  p99: 'p99 (ms)',
};

/** `p99<=20`, `p95 < 5ms`: the capacity objective. */
export function parseObjective(text: string): { metric: 'p50' | 'p95' | 'p99'; max_ms: number } {
  const m = /^\s*(p50|p95|p99)\s*(?:<=|≤|<)\s*(\d+(?:\.\d+)?)\s*(?:ms)?\s*$/i.exec(text);
  if (!m)
    throw new CliFailure(
      `--objective takes a percentile and a bound in ms, e.g. "p99<=20" (got '${text}').`,
      EXIT_USAGE,
    );
  return { metric: m[1]!.toLowerCase() as 'p50' | 'p95' | 'p99', max_ms: Number(m[2]) };
}

const numbers = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => num(v));

/** The plan's own settings from the subcommand's options; the contract judges their values. */
function planRequest(
  kind: 'repeat' | 'sweep' | 'capacity',
  o: PlanOptions,
): Record<string, unknown> {
  const times = o.times !== undefined ? { repeat: num(o.times) } : {};
  if (kind === 'repeat') return { kind, ...times };
  if (kind === 'sweep') {
    if (!o.over || !o.values)
      throw new CliFailure('plan sweep needs --over SETTING and --values a,b,c.', EXIT_USAGE);
    return {
      kind,
      ...times,
      sweep: { parameter: o.over, values: numbers(o.values) },
    };
  }
  if (!o.objective || !o.startRate || !o.maxRate || (!o.factor && !o.increment))
    throw new CliFailure(
      'plan capacity needs --objective, --start-rate, --max-rate and --factor or --increment.',
      EXIT_USAGE,
    );
  if (o.factor && o.increment)
    throw new CliFailure('give --factor or --increment, not both.', EXIT_USAGE);
  return {
    kind,
    capacity: {
      objective: parseObjective(o.objective),
      start_rate: num(o.startRate),
      max_rate: num(o.maxRate),
      step: o.factor ? { factor: num(o.factor) } : { increment: num(o.increment) },
    },
  };
}

const ci = (s: Stat) => (s.n > 1 ? `± ${fixed((s.ci_high - s.ci_low) / 2)}` : '');

/** The final table of a plan, by kind. */
export function planReport(p: PlanView): string[] {
  const lines = [
    '',
    `Plan ${p.id} (${p.kind}): ${p.status}, ${p.runs_done} of ${p.runs_total} runs`,
  ];
  if (p.repeat) {
    const r = p.repeat;
    lines.push(
      'Mean and 95% confidence interval (Student t) over the completed runs:',
      renderTable(
        ['figure', 'mean', '95% CI', 'low', 'high', 'runs'],
        FIGURES.map((f) => [
          FIGURE_LABEL[f],
          fixed(r[f].mean),
          ci(r[f]),
          fixed(r[f].ci_low),
          fixed(r[f].ci_high),
          String(r[f].n),
        ]),
      ),
    );
  }
  if (p.sweep) {
    lines.push(
      `Scalability over ${p.sweep.parameter} (means of the completed runs):`,
      renderTable(
        [
          p.sweep.parameter,
          'runs',
          'QPS',
          '95% CI',
          'TPS',
          'p50 (ms)',
          'p95 (ms)',
          'p99 (ms)',
          "QPS vs previous (Welch's t-test)",
        ],
        p.sweep.points.map(({ value, figures: f, vs_previous: vs }) => [
          String(value),
          String(f.qps.n),
          fixed(f.qps.mean),
          ci(f.qps),
          fixed(f.tps.mean),
          fixed(f.p50.mean),
          fixed(f.p95.mean),
          fixed(f.p99.mean),
          vs
            ? `p = ${vs.p_value.toFixed(3)}, ${vs.significant ? 'different' : 'within noise'}`
            : '',
        ]),
      ),
    );
  }
  if (p.capacity) {
    const metric = p.config.capacity?.objective.metric ?? 'p99';
    // The objective's percentile first; p99 beside it when the objective is another one.
    const extra = metric !== 'p99';
    lines.push(
      renderTable(
        [
          'rate (/s)',
          'achieved (/s)',
          `${metric} (ms)`,
          ...(extra ? ['p99 (ms)'] : []),
          'verdict',
          'why',
        ],
        p.capacity.steps.map((s) => [
          String(s.rate),
          fixed(s.achieved, 1),
          fixed(s.latency_ms),
          ...(extra ? [fixed(s.p99)] : []),
          s.verdict,
          s.reason,
        ]),
      ),
    );
  }
  if (p.message) lines.push(p.message);
  return lines;
}

async function runPlan(
  s: Session,
  io: CliIo,
  kind: 'repeat' | 'sweep' | 'capacity',
  o: PlanOptions,
): Promise<PlanView> {
  const request = planRequest(kind, o);
  const base = await runInput(s, o);
  let planId: string | null = null;
  let lastDone = 0;
  let lastRun: string | null = null;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const onProgress = (e: Payload<'plans.progressed'>) => {
    if (e.id !== planId) return;
    if (e.runs_done !== lastDone || e.current_run_id !== lastRun) {
      lastDone = e.runs_done;
      lastRun = e.current_run_id;
      const next = e.current_run_id ? `; run ${e.runs_done + 1} going` : '';
      writeLine(
        io.stderr,
        `[${Math.round(e.progress * 100)}%] ${e.runs_done} of ${e.runs_total} runs done${next}`,
      );
    }
    if (e.status !== 'running') resolveDone();
  };
  const off = s.core.events.subscribe((e) => {
    if (e.event === 'plans.progressed') onProgress(e.payload);
  });
  try {
    const started = await s.call('plans.start', { ...request, base });
    planId = started.id;
    writeLine(
      io.stderr,
      `Plan ${started.id} started (${kind}, up to ${started.runs_total} runs); Ctrl-C cancels it.`,
    );
    if ((await s.call('plans.get', { id: started.id })).status === 'running') {
      const signal = io.untilSignal().then(() => s.call('plans.cancel', { id: started.id }));
      await Promise.race([done, signal]);
      await done;
    }
    return await s.call('plans.get', { id: started.id });
  } finally {
    off();
  }
}

export function planCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const plan = program
    .command('plan')
    .description(
      'Run a plan over a base run: repeat it (mean ± 95% CI), sweep one setting, or find the capacity under a latency objective.',
    );
  const sub = (name: 'repeat' | 'sweep' | 'capacity', description: string) =>
    withRunOptions(plan.command(name).description(description)).option(
      '--json',
      'print the whole plan (runs, statistics, curves) as JSON instead of the table',
    );
  const act = (kind: 'repeat' | 'sweep' | 'capacity') => (o: PlanOptions) =>
    withOwnerSession(io, `benchphant plan ${kind}`, async (s) => {
      const view = await runPlan(s, io, kind, o);
      if (o.json) writeLine(io.stdout, JSON.stringify(view, null, 2));
      else for (const line of planReport(view)) writeLine(io.stdout, line);
      if (view.status !== 'completed') setExit(EXIT_FAILED);
    });

  sub('repeat', 'Run the base k times; report mean and 95% confidence interval of each figure.')
    .option('--times <k>', 'repetitions (default 3)')
    .action(act('repeat'));
  sub('sweep', 'Run the base once per value of one setting: the scalability curve.')
    .requiredOption('--over <setting>', 'threads, rate, pipeline, or a workload parameter')
    .requiredOption('--values <list>', 'comma-separated values, e.g. 1,2,4,8')
    .option('--times <k>', 'repetitions of each value (default 1)')
    .action(act('sweep'));
  sub('capacity', 'Raise the open-loop rate step by step until the latency objective breaks.')
    .requiredOption('--objective <expr>', 'latency objective, e.g. "p99<=20" (ms)')
    .requiredOption('--start-rate <tps>', 'rate of the first step, transactions per second')
    .requiredOption('--max-rate <tps>', 'the last rate tried')
    .option('--factor <x>', 'each step multiplies the rate by x (e.g. 1.5)')
    .option('--increment <tps>', 'each step adds this many transactions per second')
    .action(act('capacity'));

  plan
    .command('list')
    .description('List run plans, newest first.')
    .option('--json', 'print the list as JSON')
    .action((o: { json?: boolean }) =>
      withSession(io, async (s) => {
        const plans = await s.call('plans.list');
        if (o.json) writeLine(io.stdout, JSON.stringify(plans, null, 2));
        else if (plans.length === 0) writeLine(io.stdout, 'No run plans yet.');
        else
          writeLine(
            io.stdout,
            renderTable(
              ['id', 'kind', 'status', 'workload', 'runs', 'created'],
              plans.map((p) => [
                p.id,
                p.kind,
                p.status,
                p.type,
                `${p.runs_done}/${p.runs_total}`,
                p.created_at,
              ]),
            ),
          );
      }),
    );
  plan
    .command('show')
    .description("A plan's runs and results (exit 1 unless it completed).")
    .argument('<id>', 'the plan id')
    .option('--json', 'print the whole plan as JSON')
    .action((id: string, o: { json?: boolean }) =>
      withSession(io, async (s) => {
        const view = await s.call('plans.get', { id });
        if (o.json) writeLine(io.stdout, JSON.stringify(view, null, 2));
        else for (const line of planReport(view)) writeLine(io.stdout, line);
        if (view.status !== 'completed') setExit(EXIT_FAILED);
      }),
    );
}
