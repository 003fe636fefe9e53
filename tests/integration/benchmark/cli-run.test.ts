// `benchphant run` driven in-process through commander with a captured CliIo: interval lines, the
// final report, --json, and a non-zero exit for a failed run.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCommand } from '../../../main/cli/commands/run';
import { profileConfigSchema } from '../../../shared/contract/profiles';
import { runInProcess } from '../../support/in-process-cli';
import { makeTestCore } from '../../support/test-core';

const dir = mkdtempSync(join(tmpdir(), 'bp-cli-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (
  args: string[],
  env: NodeJS.ProcessEnv = { BENCHPHANT_DATA_DIR: dir, BENCHPHANT_SECRET_STORE: 'memory' },
) => runInProcess(runCommand, args, env);

it('runs a workload from a URL, prints interval lines and a report, and writes --json', async () => {
  const json = join(dir, 'out.json');
  const r = await run([
    'run',
    '--connection',
    'postgres://postgres@127.0.0.1:5432/test?sslmode=disable',
    '--workload',
    'oltp_read_write',
    '--threads',
    '2',
    '--duration',
    '2',
    '--warmup',
    '0',
    '--param',
    'tables=2',
    '--param',
    'table_size=2000',
    '--json',
    json,
  ]);
  expect(r.err).toMatch(/Benchmark .* started/);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(
    /^\[ 1s \] thds: 2 tps: [\d.]+ qps: [\d.]+ lat \(ms,p50\/p95\/p99\): [\d.]+\/[\d.]+\/[\d.]+/m,
  );
  expect(r.out).toMatch(/Run .*: completed/);
  expect(r.out).toMatch(/p99 \d+\.\d\d/);
  const saved = JSON.parse(readFileSync(json, 'utf8')) as {
    status: string;
    metrics: { qps: number };
    intervals: unknown[];
    detail: { percentiles: { p: number }[] };
  };
  expect(saved.status).toBe('completed');
  expect(saved.metrics.qps).toBeGreaterThan(0);
  expect(saved.intervals).toHaveLength(2);
  expect(saved.detail.percentiles.map((p) => p.p)).toContain(99.9);
});

it('exits non-zero when the run fails', async () => {
  const script = join(dir, 'bad.sql');
  await import('node:fs/promises').then((fs) => fs.writeFile(script, 'SELEC 1;\n'));
  const r = await run([
    'run',
    '--connection',
    'postgres://postgres@127.0.0.1:5432/test?sslmode=disable',
    '--workload',
    'custom',
    '--script',
    script,
    '--duration',
    '1',
  ]);
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/failed \(Script 'bad.sql' line 1: syntax error/);
});

it('starts from a saved profile, with options overriding it', async () => {
  const core = makeTestCore({ dataDir: dir });
  await core.handlers['profiles.save']({
    name: 'Quick read',
    description: '',
    replace: false,
    config: profileConfigSchema.parse({
      type: 'oltp_point_select',
      threads: 2,
      duration: 2,
      warmup: 0,
      parameters: { table_size: 2000 },
    }),
  });
  await core.close();
  const json = join(dir, 'profile.json');
  const url = 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable';
  const r = await run([
    'run',
    '--connection',
    url,
    '--profile',
    'quick READ',
    '--threads',
    '3',
    '--json',
    json,
  ]);
  expect(r.code, r.err).toBe(0);
  expect(r.out).toMatch(/^\[ 1s \] thds: 3 /m);
  const saved = JSON.parse(readFileSync(json, 'utf8')) as {
    type: string;
    duration: number;
    config: { parameters: Record<string, unknown> };
  };
  expect(saved.type).toBe('oltp_point_select');
  expect(saved.duration).toBe(2);
  expect(saved.config.parameters).toEqual({ table_size: 2000 });

  const missing = await run(['run', '--connection', url, '--profile', 'nope']);
  expect(missing.code).toBe(2);
  expect(missing.err).toMatch(/No benchmark profile named 'nope'. Saved profiles: Quick read\./);
});

it('names a connection it cannot find, exit 2', async () => {
  const r = await run(['run', '--connection', 'nope', '--workload', 'oltp_point_select']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/No connection named 'nope'/);
});

it('prepares, runs and reports against the sandbox on a fresh data directory', async () => {
  const fresh = mkdtempSync(join(tmpdir(), 'bp-cli-sandbox-'));
  chmodSync(fresh, 0o755);
  try {
    const r = await run(
      [
        'run',
        '--connection',
        'sandbox',
        '--workload',
        'oltp_read_write',
        '--threads',
        '4',
        '--duration',
        '3',
        '--param',
        'table_size=2000',
      ],
      { BENCHPHANT_DATA_DIR: fresh, BENCHPHANT_SECRET_STORE: 'memory' },
    );
    expect(r.err).toMatch(/Benchmark .* started/);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Run .*: completed/);
    expect(r.out).toMatch(/measured on Sandbox PostgreSQL, /);
    expect(r.out.match(/^\[ \d+s \]/gm)?.length).toBeGreaterThanOrEqual(3);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}, 300_000);
