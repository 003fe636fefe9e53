// The results CLI as a pipeline uses it, in a child process: export, import, compare bundle files
// and run ids, the --fail-on gate and its exit codes (0 passed, 1 crossed or not found, 2 bad input).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundleSchema } from '../../shared/contract/results';
import { runCli } from '../support/cli';
import { makeTempDir } from '../support/temp-dir';
import { dropSchemas, resultsCore, SCHEMA } from './results/runs';

const dir = makeTempDir('bp-cli-results-');
const env = { BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'memory' };
const cli = (...args: string[]) => runCli(args, { env });
const file = (name: string) => join(dir.path, name);
let one: string;
let two: string;

beforeAll(async () => {
  // Two real runs that differ in thread count, saved in the data directory the CLI then opens.
  const rc = await resultsCore(dir.path);
  one = await rc.run(rc.pg, 'postgresql', 1);
  two = await rc.run(rc.pg, 'postgresql', 2);
  await rc.core.close();
}, 90_000);
afterAll(async () => {
  await dropSchemas();
  dir.remove();
});

describe('export and import', () => {
  it('exports runs as bundle files', async () => {
    for (const [id, name] of [
      [one, 'one.json'],
      [two, 'two.json'],
    ] as const) {
      const r = await cli('export', id, '--format', 'json', '--out', file(name));
      expect(r.stderr).toContain(`Wrote ${file(name)}`);
      expect(r.code).toBe(0);
      const bundle = runBundleSchema.parse(JSON.parse(readFileSync(file(name), 'utf8')));
      expect(bundle.run.id).toBe(id);
    }
  });

  it('exports CSV and an HTML report to standard output', async () => {
    const csv = await cli('export', one, '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(/^row,t,warmup,stage,threads,qps,tps,avg_ms/);
    expect(csv.stdout.split('\n')[1]).toMatch(/^summary,2,false,,1,/);
    const html = await cli('export', one, two, '--format', 'html');
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain('<svg');
  });

  it('says which run is missing (exit 1) and which format is wrong (exit 2)', async () => {
    const missing = await cli('export', '00000000-0000-4000-8000-00000000c1c1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No benchmark run with id 00000000-0000-4000-8000-00000000c1c1/);
    const bad = await cli('export', one, '--format', 'xml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of: json, csv, html/);
  });

  it('imports a bundle as a new run', async () => {
    const r = await cli('import', file('one.json'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { id: string; imported_from: string };
    expect(out.imported_from).toBe(one);
    expect(out.id).not.toBe(one);
    // The import compares with its original as identical.
    const c = await cli('compare', file('one.json'), out.id, '--json');
    expect(c.code).toBe(0);
    const cmp = JSON.parse(c.stdout) as { runs: { figures: { p99: { delta_percent: number } } }[] };
    expect(cmp.runs[1]!.figures.p99.delta_percent).toBe(0);
  });

  it('refuses a file that is not a bundle, with exit 2', async () => {
    writeFileSync(file('junk.json'), JSON.stringify({ format: 'benchphant-run', version: 7 }));
    const r = await cli('import', file('junk.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/junk\.json is not a usable run bundle: .*version/);
  });
});

describe('compare', () => {
  it('prints the table with deltas against the first run and why they differ', async () => {
    const r = await cli('compare', file('one.json'), file('two.json'));
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    // A caveats column joins when a run has one (a loopback run may be mostly round trips).
    expect(lines[0]).toMatch(
      /^run\s+QPS\s+TPS\s+avg\s+p50\s+p95\s+p99\s+p99\.9\s+max\s+errors(\s+caveats)?$/,
    );
    expect(lines[1]).toMatch(/^1\*\s+\d+\s/);
    expect(lines[2]).toMatch(/^2\s+\d+ \([+-]\d+\.\d%( better| worse)?\)/);
    expect(r.stdout).toMatch(/\n1: results pg · oltp_point_select · 1 client · /);
    expect(r.stdout).toMatch(/\n2: results pg · oltp_point_select · 2 clients · /);
    expect(r.stdout).toContain('Why are they different (most likely first):');
    expect(r.stdout).toMatch(/Clients: 1 \| 2/);
  });

  it('compares a saved run id with a file, against --baseline', async () => {
    const r = await cli('compare', one, file('two.json'), '--baseline', file('two.json'), '--json');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { baseline_id: string; runs: { id: string }[] };
    expect(c.baseline_id).toBe(two);
    expect(c.runs.map((x) => x.id)).toEqual([one, two]);
  });

  it('compares saved runs by id alone, through the core', async () => {
    const r = await cli(
      'compare',
      two,
      one,
      '--baseline',
      one,
      '--json',
      '--fail-on',
      'qps<-1000%',
    );
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as {
      baseline_id: string;
      runs: { id: string }[];
      gate: { passed: boolean; thresholds: string[] };
    };
    expect(c.baseline_id).toBe(one);
    expect(c.runs.map((x) => x.id)).toEqual([two, one]);
    expect(c.gate).toMatchObject({ passed: true, thresholds: ['qps<-1000%'] });
  });

  it('exits 1 naming the crossed threshold, 0 when the gate passes', async () => {
    const crossed = await cli(
      'compare',
      file('one.json'),
      file('two.json'),
      '--fail-on',
      'p99>0ms,qps<-99.9%',
    );
    expect(crossed.code).toBe(1);
    expect(crossed.stderr).toMatch(
      /FAIL: p99 .* crosses "p99>0ms" in results pg · oltp_point_select · 2 clients/,
    );
    expect(crossed.stderr).not.toContain('qps<-99.9%');
    const passed = await cli(
      'compare',
      file('one.json'),
      file('two.json'),
      '--fail-on',
      'p99>+100000%',
    );
    expect(passed.code).toBe(0);
    expect(passed.stderr).toContain('Gate passed');
  });

  it.each([
    [['--fail-on', 'p99>>10%'], /cannot read "p99>>10%"/],
    [['--fail-on', 'latency99>10%'], /unknown metric "latency99"/],
  ])('rejects a bad --fail-on %j with exit 2', async (extra, message) => {
    const r = await cli('compare', file('one.json'), file('two.json'), ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('needs two different runs that exist (exit 2)', async () => {
    const single = await cli('compare', file('one.json'), file('one.json'));
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/at least two different runs/);
    const missing = await cli('compare', file('one.json'), file('nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json' is neither a bundle file nor a run id/);
  });
});

describe('run --baseline', () => {
  // Not the saved 'results pg' (whose password lived in the test's in-memory store): a new connection.
  const url = 'postgres://postgres@localhost:5432/test?sslmode=disable';
  const runArgs = [
    'run',
    '--connection',
    url,
    '--workload',
    'oltp_point_select',
    '--threads',
    '2',
    '--duration',
    '2',
    '--warmup',
    '0',
    '--param',
    'tables=1',
    '--param',
    'table_size=1000',
    '--schema',
    SCHEMA.postgresql,
  ];

  it('refuses a bad gate before it starts a run', async () => {
    const r = await cli(...runArgs, '--baseline', file('one.json'), '--fail-on', 'p99 > ten');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read "p99 > ten"/);
    expect(r.stdout).toBe('');
    const noBase = await cli(...runArgs, '--fail-on', 'p99>+10%');
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toMatch(/--fail-on needs --baseline/);
  });

  it('compares the finished run with the baseline and fails the gate it crosses', async () => {
    const r = await cli(...runArgs, '--baseline', file('one.json'), '--fail-on', 'p99>0ms');
    expect(r.stdout, r.stderr).toMatch(/Latency \(ms\):/);
    expect(r.stdout, r.stderr).toMatch(/\n1: results pg · oltp_point_select · 1 client/);
    expect(r.stderr).toMatch(/FAIL: p99 .* crosses "p99>0ms"/);
    expect(r.code).toBe(1);
  }, 60_000);
});
