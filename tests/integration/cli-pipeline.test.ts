// The README's CLI pipeline, verbatim, in child processes: `run --json FILE` writes a run bundle
// (with the status shape on top) that `compare --fail-on`, `import` and `run --baseline` all read;
// and `run` refuses parameters past their bounds and a large prepare without --confirm-large-prepare.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBundleSchema } from '../../shared/contract/results';
import { profileConfigSchema } from '../../shared/contract/profiles';
import { withClient, PG } from './benchmark/harness';
import { runCli } from '../support/cli';
import { makeTempDir } from '../support/temp-dir';
import { makeTestCore } from '../support/test-core';

const dir = makeTempDir('bp-cli-pipeline-');
const env = { BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'memory' };
const SCHEMA = `bp_pipeline_${process.pid}`;
const DB_URL = 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable';
const file = (name: string) => join(dir.path, name);

/**
 * A command line as the README writes it, split as sh would (double quotes, $DB_URL) and run in
 * this test's directory, where its relative file names land.
 */
function sh(line: string) {
  const words = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) =>
    (m[1] ?? m[2]!).replace('$DB_URL', DB_URL),
  );
  expect(words[0]).toBe('benchphant');
  return runCli(words.slice(1), { env, cwd: dir.path });
}

beforeAll(async () => {
  // The profile the README's release gate names.
  const core = makeTestCore({ dataDir: dir.path });
  await core.handlers['profiles.save']({
    name: 'nightly',
    description: '',
    replace: false,
    config: profileConfigSchema.parse({
      type: 'oltp_point_select',
      threads: 2,
      duration: 2,
      warmup: 0,
      parameters: { table_size: 2000 },
      schema: SCHEMA,
    }),
  });
  await core.close();
});
afterAll(async () => {
  await withClient(PG, (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
  dir.remove();
});

it('run --json writes a run bundle that compare --fail-on, import and --baseline read', async () => {
  const base = await sh('benchphant run --connection "$DB_URL" --profile nightly --json base.json');
  expect(base.code, base.stderr).toBe(0);
  const a = await sh('benchphant run --connection "$DB_URL" --profile nightly --json a.json');
  expect(a.code, a.stderr).toBe(0);

  // Both readers are served: the bundle's own fields and the status shape at the top level.
  const written = JSON.parse(readFileSync(file('a.json'), 'utf8')) as Record<string, unknown> & {
    status: string;
    metrics: { qps: number };
    intervals: unknown[];
  };
  const bundle = runBundleSchema.parse(written);
  expect(bundle.run.status).toBe('completed');
  expect(written.status).toBe('completed');
  expect(written.metrics.qps).toBe(bundle.run.metrics!.qps);
  expect(written.intervals).toHaveLength(2);

  // The pipeline: no longer "not a usable run bundle".
  const real = await sh('benchphant compare base.json a.json --fail-on "qps<-5%"');
  expect(real.stderr).not.toMatch(/not a usable run bundle/);
  expect([0, 1]).toContain(real.code);
  if (real.code === 1) expect(real.stderr).toMatch(/FAIL: qps/);

  // A baseline ten times faster than this run fails the gate, naming what it crossed; one ten
  // times slower passes it.
  const scaled = (name: string, factor: number) => {
    const copy = runBundleSchema.parse(JSON.parse(readFileSync(file('base.json'), 'utf8')));
    copy.run.metrics!.qps *= factor;
    writeFileSync(file(name), JSON.stringify(copy));
  };
  scaled('fast.json', 10);
  scaled('slow.json', 0.1);
  const crossed = await sh('benchphant compare fast.json a.json --fail-on "qps<-5%"');
  expect(crossed.code).toBe(1);
  expect(crossed.stderr).toMatch(/FAIL: qps .* crosses "qps<-5%"/);
  const passed = await sh('benchphant compare slow.json a.json --fail-on "qps<-5%"');
  expect(passed.code, passed.stderr).toBe(0);
  expect(passed.stdout).toMatch(/oltp_point_select/);

  const imported = await sh('benchphant import a.json');
  expect(imported.code, imported.stderr).toBe(0);

  // README, "A release gate in CI", verbatim.
  const gate = await sh(
    'benchphant run --connection "$DB_URL" --profile nightly --baseline base.json --fail-on "p99>+10%,qps<-5%"',
  );
  expect(gate.stderr).not.toMatch(/not a usable run bundle/);
  expect([0, 1]).toContain(gate.code);
  if (gate.code === 1) expect(gate.stderr).toMatch(/FAIL: (p99|qps) /);
  const gated = await sh(
    'benchphant run --connection "$DB_URL" --profile nightly --baseline fast.json --fail-on "p99>+10%,qps<-5%"',
  );
  expect(gated.code).toBe(1);
  expect(gated.stderr).toMatch(/FAIL: qps .* crosses "qps<-5%"/);
}, 240_000);

it('run refuses parameters past their bounds (exit 2) and a large prepare without the flag', async () => {
  const huge = await sh(
    'benchphant run --connection "$DB_URL" --workload oltp_point_select --param table_size=3000000000',
  );
  expect(huge.code).toBe(2);
  expect(huge.stderr).toMatch(
    /table_size is at most 2,147,483,647: the id column is a 32-bit INTEGER/,
  );
  const big = await sh(
    'benchphant run --connection "$DB_URL" --workload oltp_point_select --param tables=10 --param table_size=1000000',
  );
  expect(big.code).toBe(1);
  expect(big.stderr).toMatch(/about 2\.4 GB .* --confirm-large-prepare on the command line/);
  expect(big.stdout).toBe('');
});
