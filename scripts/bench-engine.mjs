#!/usr/bin/env node
// Runs as `npm run bench:engine`: a measurement, not a test. On the local PostgreSQL and MariaDB it
// runs pgbench -S / sysbench oltp_point_select and Benchphant's equivalents at 1, 8 and 32
// connections on both of Benchphant's engines (native and node), then the mixed workloads
// (TPC-B-like, oltp_read_write) at 8, and prints QPS (TPS for the mixed ones), p99, client CPU
// per query and each engine's ratio to the reference tool: medians of BENCH_REPEAT (3) rounds,
// each round's runs back to back in rotating order. BENCH_ENGINES=native limits the engines.
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
// BENCH_NATIVE=0 measures Benchphant alone (while working on it), without pgbench/sysbench.
const NATIVE = process.env.BENCH_NATIVE !== '0';
const ENGINES = (process.env.BENCH_ENGINES ?? 'native,node').split(',');
const ADDON = join(root, 'main', 'native', 'build', 'Release', 'benchphant_native.node');
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

/** pgbench -S (select only) by default; `tpcb` runs its TPC-B-like script. */
function pgbench(n, tpcb = false) {
  const logs = join(work, `pgb-${n}`);
  execFileSync('mkdir', ['-p', logs]);
  const { out, cpu } = shell(
    `cd ${logs} && ${PG_BIN}/pgbench -h 127.0.0.1 -U postgres -n ${tpcb ? '' : '-S'} -M prepared -c ${n} -j ${Math.min(n, 2)} -T ${SECONDS} -l --sampling-rate=0.05 benchphant_native`,
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
  // TPC-B sends 7 statements a transaction (BEGIN, 5 statements, END).
  const perTxn = tpcb ? 7 : 1;
  return {
    qps: tps * perTxn,
    tps,
    p99: lat[Math.floor(lat.length * 0.99)] / 1000,
    cpuPerQuery: (cpu * 1e6) / (tps * perTxn * SECONDS),
  };
}

function sysbench(n, test = 'oltp_point_select') {
  const { out, cpu } = shell(
    `sysbench ${test} --db-driver=mysql --mysql-host=127.0.0.1 --mysql-user=root --mysql-db=benchphant_native --tables=1 --table-size=10000 --threads=${n} --time=${SECONDS} --percentile=99 run`,
  );
  const qps = Number(/queries:\s+\d+\s+\(([\d.]+) per sec/.exec(out)?.[1]);
  const total = Number(/queries:\s+(\d+)/.exec(out)?.[1]);
  return {
    qps,
    tps: Number(/transactions:\s+\d+\s+\(([\d.]+) per sec/.exec(out)?.[1]),
    p99: Number(/99th percentile:\s+([\d.]+)/.exec(out)?.[1]),
    cpuPerQuery: (cpu * 1e6) / total,
  };
}

function benchphant(engine, params, type, n, parameters, pipeline = 1) {
  const request = { params, type, threads: n, seconds: SECONDS, parameters, pipeline, engine };
  if (process.env.BENCH_POOL_SIZE) request.poolSize = Number(process.env.BENCH_POOL_SIZE);
  const r = spawnSync(process.execPath, [runner, JSON.stringify(request)], {
    encoding: 'utf8',
    // The bundled runner lives outside the checkout's layout: point it at the built addon.
    env: { ...process.env, BENCHPHANT_NATIVE_ADDON: ADDON },
  });
  if (r.status !== 0) throw new Error(`benchphant ${engine} ${type} ${n}: ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  if (report.engine !== engine)
    throw new Error(`benchphant ran ${type} on the ${report.engine} engine, not ${engine}`);
  return {
    qps: report.qps,
    tps: report.tps,
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
benchphant('node', PG, 'tpcb_like', 1, { scale: 1 });
benchphant('node', MY, 'oltp_point_select', 1, { tables: 1, table_size: 10000 });

const SB = { tables: 1, table_size: 10000 };
/** [label, reference run, params, workload, parameters, connections, figure compared] */
const ROWS = [
  [
    'PostgreSQL  pgbench -S -M prepared  vs select_only',
    (n) => pgbench(n),
    PG,
    'select_only',
    { scale: 1 },
    CONNECTIONS,
    'qps',
  ],
  [
    'MariaDB     sysbench oltp_point_select vs oltp_point_select',
    (n) => sysbench(n),
    MY,
    'oltp_point_select',
    SB,
    CONNECTIONS,
    'qps',
  ],
  [
    'PostgreSQL  pgbench (TPC-B) -M prepared vs tpcb_like',
    (n) => pgbench(n, true),
    PG,
    'tpcb_like',
    { scale: 1 },
    [8],
    'tps',
  ],
  [
    'MariaDB     sysbench oltp_read_write vs oltp_read_write',
    (n) => sysbench(n, 'oltp_read_write'),
    MY,
    'oltp_read_write',
    SB,
    [8],
    'tps',
  ],
];
for (const [label, reference, params, type, parameters, connections, figure] of ROWS) {
  for (const n of connections) {
    const runs = { reference: [], ...Object.fromEntries(ENGINES.map((e) => [e, []])) };
    const sides = [
      [
        'reference',
        () => (NATIVE ? reference(n) : { qps: NaN, tps: NaN, p99: NaN, cpuPerQuery: NaN }),
      ],
      ...ENGINES.map((e) => [e, () => benchphant(e, params, type, n, parameters)]),
    ];
    for (let r = 0; r < REPEAT; r++) {
      // Rotating order, so that a drift of the machine does not always favour the same side.
      for (let k = 0; k < sides.length; k++) {
        const [name, run] = sides[(k + r) % sides.length];
        runs[name].push(run());
      }
    }
    const ref = medians(runs.reference);
    let line = `${label}  c=${String(n).padStart(2)}  ${figure}  reference ${f(ref[figure])} p99 ${f(ref.p99, 3)} ms cpu ${f(ref.cpuPerQuery, 1)} µs/q`;
    for (const e of ENGINES) {
      const m = medians(runs[e]);
      // Each round ran back to back, so its ratio cancels most of the machine's drift: the median
      // of the rounds' ratios, not the ratio of the medians.
      const ratios = runs[e].map((b, i) => b[figure] / runs.reference[i][figure]);
      const spread = REPEAT > 1 && NATIVE ? ` (${ratios.map((x) => f(x, 2)).join(' ')})` : '';
      line += `  |  ${e} ${f(m[figure])} p99 ${f(m.p99, 3)} ms cpu ${f(m.cpuPerQuery, 1)} µs/q rss ${f(m.rss / 2 ** 20)} MB ratio ${f(median(ratios), 2)}x${spread}`;
    }
    process.stdout.write(`${line}\n`);
  }
}
// Pipelined select_only against pgbench's non-pipelined QPS at 8 connections (the target
// is 2x); MariaDB has no pipeline mode in the native engine, so only the Node engine pipelines it.
for (const [label, params, type, parameters, engines] of [
  ['PostgreSQL  select_only', PG, 'select_only', { scale: 1 }, ENGINES],
  [
    'MariaDB     oltp_point_select',
    MY,
    'oltp_point_select',
    SB,
    ENGINES.filter((e) => e === 'node'),
  ],
]) {
  for (const e of engines) {
    const bp = benchphant(e, params, type, 8, parameters, 8);
    process.stdout.write(
      `${label}  c= 8 pipeline 8  ${e} ${f(bp.qps)} qps p99 ${f(bp.p99, 3)} ms cpu ${f(bp.cpuPerQuery, 1)} µs/q rss ${f(bp.rss / 2 ** 20)} MB\n`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
process.stdout.write(`load average at end: ${load()}\n`);
