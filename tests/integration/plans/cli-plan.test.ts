// `benchphant plan` driven in-process through commander with a captured CliIo: a line per run,
// the final table, --json, and usage errors with exit code 2.
import { afterAll, expect, it } from 'vitest';
import type { PlanView } from '../../../shared/contract/plans';
import { planCommand } from '../../../main/cli/commands/plan';
import { runInProcess } from '../../support/in-process-cli';
import { makeTempDir } from '../../support/temp-dir';
import { TEST_PG_URL } from '../../support/test-databases';
import { dropSchema } from './plan-core';

const SCHEMA = 'c3_plans_cli';
const dir = makeTempDir('bp-cli-plan-');
afterAll(async () => {
  dir.remove();
  await dropSchema(SCHEMA);
});

const cli = (args: string[]) =>
  runInProcess(planCommand, args, {
    BENCHPHANT_DATA_DIR: dir.path,
    BENCHPHANT_SECRET_STORE: 'memory',
  });

const base = [
  '--connection',
  `${TEST_PG_URL}?sslmode=disable`,
  '--workload',
  'oltp_point_select',
  '--duration',
  '1',
  '--warmup',
  '0',
  '--schema',
  SCHEMA,
  '--param',
  'tables=1',
  '--param',
  'table_size=2000',
];

it('repeats a run and prints the mean ± 95% CI table', async () => {
  const r = await cli(['plan', 'repeat', ...base, '--threads', '2', '--times', '2']);
  expect(r.code).toBe(0);
  expect(r.err).toMatch(/Plan .* started \(repeat, up to 2 runs\)/);
  expect(r.err).toMatch(/\[100%\] 2 of 2 runs done/);
  expect(r.out).toMatch(/Plan .* \(repeat\): completed, 2 of 2 runs/);
  expect(r.out).toMatch(/figure\s+mean\s+95% CI\s+low\s+high\s+runs/);
  expect(r.out).toMatch(/^QPS\s+[\d.]+\s+± [\d.]+\s+[-\d.]+\s+[\d.]+\s+2$/m);
  expect(r.out).toMatch(/^p99 \(ms\)\s+[\d.]+/m);
});

it('sweeps threads twice per value and prints the whole plan with --json', async () => {
  const r = await cli([
    'plan',
    'sweep',
    ...base,
    '--over',
    'threads',
    '--values',
    '1,2',
    '--times',
    '2',
    '--json',
  ]);
  expect(r.code).toBe(0);
  const plan = JSON.parse(r.out) as PlanView;
  expect(plan.status).toBe('completed');
  expect(plan.sweep!.points.map((p) => p.value)).toEqual([1, 2]);
  expect(plan.sweep!.points.every((p) => p.figures.qps.mean > 0 && p.figures.qps.n === 2)).toBe(
    true,
  );
  // Two runs on each side: the step from 1 to 2 clients is tested against the run-to-run noise.
  expect(plan.sweep!.points[0]!.vs_previous).toBeNull();
  const vs = plan.sweep!.points[1]!.vs_previous!;
  expect(vs.test).toBe("Welch's t-test");
  expect(vs.p_value).toBeGreaterThanOrEqual(0);
  expect(vs.p_value).toBeLessThanOrEqual(1);
  expect(vs.significant).toBe(vs.p_value < 0.05);

  // The saved plans, listed and shown again.
  const list = await cli(['plan', 'list']);
  expect(list.code).toBe(0);
  expect(list.out).toMatch(/^id\s+kind\s+status\s+workload\s+runs\s+created$/m);
  expect(list.out).toContain(`${plan.id}  sweep   completed  oltp_point_select  4/4`);
  const shown = await cli(['plan', 'show', plan.id]);
  expect(shown.code).toBe(0);
  expect(shown.out).toMatch(/Scalability over threads/);
  expect(shown.out).toMatch(/^1\s+2\s+[\d.]+/m);
  expect(shown.out).toMatch(/^2\s+2\s+.*p = [\d.]+, (different|within noise)$/m);
  const missing = await cli(['plan', 'show', '00000000-0000-4000-8000-00000000dead']);
  expect(missing.code).toBe(1);
  expect(missing.err).toMatch(/No run plan with id/);
});

it('refuses a malformed objective and a sweep value the contract refuses, with exit 2', async () => {
  const bad = await cli([
    'plan',
    'capacity',
    ...base,
    '--objective',
    'p99 about 20',
    '--start-rate',
    '100',
    '--max-rate',
    '1000',
    '--factor',
    '2',
  ]);
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/--objective takes a percentile and a bound in ms, e\.g\. "p99<=20"/);
  const both = await cli([
    'plan',
    'capacity',
    ...base,
    '--objective',
    'p99<=20',
    '--start-rate',
    '100',
    '--max-rate',
    '1000',
    '--factor',
    '2',
    '--increment',
    '10',
  ]);
  expect(both.code).toBe(2);
  expect(both.err).toMatch(/--factor or --increment, not both/);
  const value = await cli(['plan', 'sweep', ...base, '--over', 'threads', '--values', '1,0']);
  expect(value.code).toBe(2);
  expect(value.err).toMatch(/sweep values must be positive/);
});
