#!/usr/bin/env node
// Runs as `npm run bench:engine`: a measurement, not a test. On the local PostgreSQL and MariaDB it
// runs pgbench -S / sysbench oltp_point_select and Benchphant's equivalents at 1, 8 and 32
// connections, and prints QPS, p99, client CPU per query and the ratio Benchphant/native: medians
// of BENCH_REPEAT (3) pairs of runs, each pair back to back in alternating order.
// It creates only the databases benchphant_native and the schema benchphant_bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// Runs minutes apart on a shared VM move by ±15 % or more: each pair runs REPEAT times, native and
// Benchphant in alternating order, and the medians are compared.
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,8,32').split(',').map(Number);
// BENCH_NATIVE=0 measures Benchphant alone (while working on it).
const NATIVE = process.env.BENCH_NATIVE !== '0';
const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG = {
  type: 'postgresql',
  host: '127.0.0.1',
  port: 5432,
  database: 'test',
  username: 'postgres',
  tls: { mode: 'disable' },
};
const MY = {
  type: 'mysql',
  host: '127.0.0.1',
  port: 3306,
  database: 'test',
  username: 'root',
  tls: { mode: 'disable' },
};
const work = mkdtempSync(join(tmpdir(), 'bench-engine-'));

/**
 * Benchphant runs as the app runs it: the product's worker bundle (scripts/build.mjs) and a bundled
 * runner beside it, on plain node, one run per fresh process. The bundles live under node_modules so
 * that their packages resolve as in the checkout.
 */
async function bundleRunner() {
  const outdir = join(root, 'node_modules', '.cache', 'bench-engine');
  mkdirSync(outdir, { recursive: true });
  execFileSync(
    process.execPath,
    [join(root, 'scripts', 'build.mjs'), '--node-only', '--outdir', outdir],
    {
      stdio: 'ignore',
    },
  );
  const outfile = join(outdir, 'main', 'bench-engine-run.mjs');
  await build({
    entryPoints: [join(root, 'scripts', 'bench-engine-run.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: {
      js: 'import { createRequire as __bpCreateRequire } from "node:module"; const require = __bpCreateRequire(import.meta.url);',
    },
  });
  return outfile;
}

/** CPU seconds of children a shell ran, from bash's `times`. */
function childCpu(timesOutput) {
  const line = timesOutput.trim().split('\n').at(-1) ?? '';
  return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (a, m) => a + Number(m[1]) * 60 + Number(m[2]),
    0,
  );
}

function shell(script) {
  const r = spawnSync('bash', ['-c', `${script}\ntimes`], {
    encoding: 'utf8',
    cwd: work,
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${script}\n${r.stderr}`);
  return { out: r.stdout, cpu: childCpu(r.stdout) };
}

function setupNative() {
  for (const [tool, pkg] of [
    [`${PG_BIN}/pgbench`, 'postgresql-contrib'],
    ['sysbench', 'sysbench'],
  ]) {
    if (spawnSync(tool, ['--version']).error)
      throw new Error(`${tool} is not installed: apt-get install -y ${pkg} (or BENCH_NATIVE=0)`);
  }
  const exists = execFileSync(
    `${PG_BIN}/psql`,
    [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-qAtc',
      "SELECT 1 FROM pg_database WHERE datname = 'benchphant_native'",
    ],
    { encoding: 'utf8' },
  );
  if (exists.trim() !== '1')
    execFileSync(`${PG_BIN}/createdb`, ['-h', '127.0.0.1', '-U', 'postgres', 'benchphant_native']);
  execFileSync(
    `${PG_BIN}/pgbench`,
    ['-h', '127.0.0.1', '-U', 'postgres', '-i', '-q', '-s', '1', 'benchphant_native'],
    { stdio: 'ignore' },
  );
  execFileSync('mariadb', [
    '-h',
    '127.0.0.1',
    '-uroot',
    '-e',
    'CREATE DATABASE IF NOT EXISTS benchphant_native',
  ]);
  const sb = [
    '--db-driver=mysql',
    '--mysql-host=127.0.0.1',
    '--mysql-user=root',
    '--mysql-db=benchphant_native',
    '--tables=1',
    '--table-size=10000',
  ];
  spawnSync('sysbench', ['oltp_point_select', ...sb, 'cleanup'], { stdio: 'ignore' });
  execFileSync('sysbench', ['oltp_point_select', ...sb, 'prepare'], { stdio: 'ignore' });
}

function pgbench(n) {
  const logs = join(work, `pgb-${n}`);
  execFileSync('mkdir', ['-p', logs]);
  const { out, cpu } = shell(
    `cd ${logs} && ${PG_BIN}/pgbench -h 127.0.0.1 -U postgres -n -S -M prepared -c ${n} -j ${Math.min(n, 2)} -T ${SECONDS} -l --sampling-rate=0.05 benchphant_native`,
  );
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const lat = readdirSync(logs).flatMap((f) =>
    readFileSync(join(logs, f), 'utf8')
      .trim()
      .split('\n')
      .map((l) => Number(l.split(' ')[2])),
  );
  lat.sort((a, b) => a - b);
  rmSync(logs, { recursive: true, force: true });
  return {
    qps: tps,
    p99: lat[Math.floor(lat.length * 0.99)] / 1000,
    cpuPerQuery: (cpu * 1e6) / (tps * SECONDS),
  };
}

function sysbench(n) {
  const { out, cpu } = shell(
    `sysbench oltp_point_select --db-driver=mysql --mysql-host=127.0.0.1 --mysql-user=root --mysql-db=benchphant_native --tables=1 --table-size=10000 --threads=${n} --time=${SECONDS} --percentile=99 run`,
  );
  const qps = Number(/queries:\s+\d+\s+\(([\d.]+) per sec/.exec(out)?.[1]);
  const total = Number(/queries:\s+(\d+)/.exec(out)?.[1]);
  return {
    qps,
    p99: Number(/99th percentile:\s+([\d.]+)/.exec(out)?.[1]),
    cpuPerQuery: (cpu * 1e6) / total,
  };
}

function benchphant(params, type, n, parameters, pipeline = 1) {
  const request = { params, type, threads: n, seconds: SECONDS, parameters, pipeline };
  if (process.env.BENCH_POOL_SIZE) request.poolSize = Number(process.env.BENCH_POOL_SIZE);
  const r = spawnSync(process.execPath, [runner, JSON.stringify(request)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`benchphant ${type} ${n}: ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  return {
    qps: report.qps,
    p99: report.p99,
    cpuPerQuery: report.cpuUs / report.queries,
    rss: report.peakRss,
  };
}

const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The median of every figure over repeated runs (RSS: the largest, as a bound). */
const medians = (runs) =>
  Object.fromEntries(
    Object.keys(runs[0]).map((k) => [
      k,
      k === 'rss' ? Math.max(...runs.map((r) => r[k])) : median(runs.map((r) => r[k])),
    ]),
  );
const runner = await bundleRunner();
// Other work on the machine moves every figure; say how busy it was.
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
process.stdout.write(`load average at start: ${load()}\n`);
if (NATIVE) setupNative();
// Prepare Benchphant's tables once so that every measured run reuses them.
benchphant(PG, 'select_only', 1, { scale: 1 });
benchphant(MY, 'oltp_point_select', 1, { tables: 1, table_size: 10000 });

for (const [label, native, params, type, parameters] of [
  ['PostgreSQL  pgbench -S -M prepared  vs select_only', pgbench, PG, 'select_only', { scale: 1 }],
  [
    'MariaDB     sysbench oltp_point_select vs oltp_point_select',
    sysbench,
    MY,
    'oltp_point_select',
    { tables: 1, table_size: 10000 },
  ],
]) {
  for (const n of CONNECTIONS) {
    const nats = [];
    const bps = [];
    for (let r = 0; r < REPEAT; r++) {
      const runNative = () =>
        nats.push(NATIVE ? native(n) : { qps: NaN, p99: NaN, cpuPerQuery: NaN });
      const runOurs = () => bps.push(benchphant(params, type, n, parameters));
      // Alternating order, so that a drift of the machine does not always favour the same side.
      const order = r % 2 === 0 ? [runNative, runOurs] : [runOurs, runNative];
      for (const run of order) run();
    }
    const nat = medians(nats);
    const bp = medians(bps);
    // Each pair ran back to back, so its ratio cancels most of the machine's drift: the median of
    // the pairs' ratios, not the ratio of the medians.
    const ratios = bps.map((b, i) => b.qps / nats[i].qps).sort((a, b) => a - b);
    const spread = REPEAT > 1 && NATIVE ? ` (runs ${ratios.map((x) => f(x, 2)).join(' ')})` : '';
    process.stdout.write(
      `${label}  c=${String(n).padStart(2)}  native ${f(nat.qps)} qps p99 ${f(nat.p99, 3)} ms cpu ${f(nat.cpuPerQuery, 1)} µs/q  |  ` +
        `benchphant ${f(bp.qps)} qps p99 ${f(bp.p99, 3)} ms cpu ${f(bp.cpuPerQuery, 1)} µs/q rss ${f(bp.rss / 2 ** 20)} MB  |  ratio ${f(median(ratios), 2)}x${spread}\n`,
    );
  }
}
// The pipeline load model has no native twin here (pgbench needs a custom \startpipeline script).
for (const [label, params, type, parameters] of [
  ['PostgreSQL  select_only', PG, 'select_only', { scale: 1 }],
  ['MariaDB     oltp_point_select', MY, 'oltp_point_select', { tables: 1, table_size: 10000 }],
]) {
  const bp = benchphant(params, type, 8, parameters, 8);
  process.stdout.write(
    `${label}  c= 8 pipeline 8  benchphant ${f(bp.qps)} qps p99 ${f(bp.p99, 3)} ms cpu ${f(bp.cpuPerQuery, 1)} µs/q rss ${f(bp.rss / 2 ** 20)} MB\n`,
  );
}
rmSync(work, { recursive: true, force: true });
process.stdout.write(`load average at end: ${load()}\n`);
