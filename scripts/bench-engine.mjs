#!/usr/bin/env node
// Runs as `npm run bench:engine`: a measurement, not a test. On the local PostgreSQL and MariaDB it
// runs pgbench -S / sysbench oltp_point_select and Benchphant's equivalents at 1, 8 and 32
// connections on both of Benchphant's engines (native and node), then the mixed workloads
// (TPC-B-like, oltp_read_write) at 8, and prints QPS (TPS for the mixed ones), p99, client CPU
// per query and each engine's ratio to the reference tool: medians of BENCH_REPEAT (5) rounds,
// each round's runs back to back in rotating order. Beside each client's CPU per query, the
// database server's own CPU per query while that client drove it. BENCH_ENGINES=native limits
// the engines; BENCH_ENGINES=native:1,native:2 compares the native engine's thread counts.
// Beside those: the memory the run added to the process (Δrss, the engine apart from the runner),
// the engine's count against the server's own (xact_commit on PostgreSQL, Questions on MySQL),
// open-loop schedule lag against `pgbench -R`, and latency against pgbench's `-l` log.
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
// Benchphant in alternating order, and the medians are compared. Three pairs left single rows
// 0.1 apart between sittings of the same code; five narrow that.
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 5));
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,8,32').split(',').map(Number);
// BENCH_NATIVE=0 measures Benchphant alone (while working on it), without pgbench/sysbench.
const NATIVE = process.env.BENCH_NATIVE !== '0';
const ENGINES = (process.env.BENCH_ENGINES ?? 'native,node').split(',');
// BENCH_ONLY=pg-select,open-loop (a comma list of the sections' keys: pg-select, my-point, pg-tpcb,
// my-rw, pipeline, open-loop, latency, truth, rss) runs a subset while iterating; default all.
const ONLY = process.env.BENCH_ONLY?.split(',');
const wanted = (key) => !ONLY || ONLY.includes(key);
// BENCH_ADDON=<file> measures another build of the addon (an earlier commit's, for before/after).
const ADDON =
  process.env.BENCH_ADDON ??
  join(root, 'main', 'native', 'build', 'Release', 'benchphant_native.node');
const PG_BIN = '/usr/lib/postgresql/15/bin';
// Open loop: the rate for `pgbench -R` and Benchphant's `rate` (issue 14: half the closed-loop
// maximum of a quiet machine).
const RATE = Number(process.env.BENCH_RATE ?? 15000);
// Benchphant's tables go into a database of their own, so that pg_stat_database counts our
// transactions alone (other work on the server uses `test`).
const PG = {
  type: 'postgresql',
  host: '127.0.0.1',
  port: 5432,
  database: 'benchphant_native',
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
 * runner beside it, on plain node, one run per fresh process. The bundles live in the checkout (under
 * the ignored test-artifacts/) so that their packages resolve from its node_modules.
 */
async function bundleRunner() {
  const outdir = join(root, 'test-artifacts', 'bench-engine');
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

function setupDatabase() {
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
}

function setupNative() {
  for (const [tool, pkg] of [
    [`${PG_BIN}/pgbench`, 'postgresql-contrib'],
    ['sysbench', 'sysbench'],
  ]) {
    if (spawnSync(tool, ['--version']).error)
      throw new Error(`${tool} is not installed: apt-get install -y ${pkg} (or BENCH_NATIVE=0)`);
  }
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

/** pgbench's TPC-B-like transaction: BEGIN, five statements, END. */
const TPCB_STATEMENTS = 7;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
const mean = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;

/**
 * The database server's side of a run: its CPU per statement with each client. On two shared cores
 * the QPS of both tools is 2 cores / (client + server CPU per query), and runs minutes apart move
 * by ±15 %; the server's CPU per query says whether a difference in QPS came from how a client
 * drives the server (wake-ups, which core a session runs on) or from the machine. PostgreSQL: every
 * `postgres` process's CPU plus the postmaster's reaped children (the run's sessions, which exit
 * with it); MariaDB: the one mariadbd process. Statements as the server counts them
 * (pg_stat_database.xact_commit of the bench's database times the workload's statements per
 * transaction; MySQL's Questions). NaN where no server process of that name is on this machine.
 */
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
function procCpu(name, withChildren) {
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== name) continue;
    found = true;
    const f = stat.slice(close + 2).split(' ');
    // Fields 14-17 of stat(5) (utime, stime, cutime, cstime) are 12-15 after the name.
    ticks += Number(f[11]) + Number(f[12]);
    if (withChildren) ticks += Number(f[13]) + Number(f[14]);
  }
  return found ? ticks / TICK : NaN;
}
const psqlValue = (sql) =>
  Number(
    execFileSync(
      `${PG_BIN}/psql`,
      ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-qAtc', sql],
      {
        encoding: 'utf8',
      },
    ),
  );
const SERVER_SIDE = {
  postgresql: {
    // Only the postmaster has reaped children; the other processes' children are none.
    cpu: () => procCpu('postgres', true),
    statements: (perTxn) =>
      perTxn *
      psqlValue("SELECT xact_commit FROM pg_stat_database WHERE datname = 'benchphant_native'"),
  },
  mysql: {
    cpu: () => procCpu('mariadbd', false),
    statements: () =>
      Number(
        execFileSync(
          'mariadb',
          ['-h', '127.0.0.1', '-uroot', '-NBe', "SHOW GLOBAL STATUS LIKE 'Questions'"],
          {
            encoding: 'utf8',
          },
        ).split('\t')[1],
      ),
  },
};
/** Runs `run` and adds the server's CPU per statement over it (see SERVER_SIDE). */
function withServerCpu(params, perTxn, run) {
  const side = SERVER_SIDE[params.type];
  const cpu0 = side.cpu();
  const n0 = side.statements(perTxn);
  const result = run();
  // The sessions end with their client; give the server a moment to reap them.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  const statements = side.statements(perTxn) - n0;
  return { ...result, serverCpuPerQuery: ((side.cpu() - cpu0) * 1e6) / statements };
}

/**
 * pgbench -S (select only) by default; `tpcb` runs its TPC-B-like script, `rate` its open loop
 * (-R). Latency and schedule lag come from its per-transaction log (`-l`, a 5 % sample, plenty for
 * a mean and a p99): the third column is the latency (from the scheduled start under -R), the
 * seventh the schedule lag, both µs.
 */
function pgbench(n, { tpcb = false, rate = 0 } = {}) {
  const logs = join(work, `pgb-${n}`);
  execFileSync('mkdir', ['-p', logs]);
  const { out, cpu } = shell(
    `cd ${logs} && ${PG_BIN}/pgbench -h 127.0.0.1 -U postgres -n ${tpcb ? '' : '-S'} -M prepared -c ${n} -j ${Math.min(n, 2)} -T ${SECONDS} ${rate ? `-R ${rate}` : ''} -l --sampling-rate=0.05 benchphant_native`,
  );
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const rows = readdirSync(logs).flatMap((f) =>
    readFileSync(join(logs, f), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').map(Number)),
  );
  const lat = rows.map((r) => r[2] / 1000).sort((a, b) => a - b);
  const lag = rate ? rows.map((r) => r[6] / 1000).sort((a, b) => a - b) : [];
  rmSync(logs, { recursive: true, force: true });
  const perTxn = tpcb ? TPCB_STATEMENTS : 1;
  return {
    qps: tps * perTxn,
    tps,
    p99: quantile(lat, 0.99),
    mean: mean(lat),
    lagP99: rate ? quantile(lag, 0.99) : NaN,
    lagMean: rate ? mean(lag) : NaN,
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

/**
 * One Benchphant run on `side`: an engine's name, or `native:N` for the native engine on N threads
 * (its pool_size), to compare thread counts in one sitting.
 */
function benchphant(side, params, type, n, parameters, pipeline = 1, rate = 0) {
  const [engine, threads] = side.split(':');
  const request = { params, type, threads: n, seconds: SECONDS, parameters, pipeline, engine };
  if (rate) request.rate = rate;
  const poolSize = threads ?? process.env.BENCH_POOL_SIZE;
  if (poolSize) request.poolSize = Number(poolSize);
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
    runRss: report.runRss,
    mean: report.mean,
    overhead: report.overheadMs ?? NaN,
    lagP99: report.lagP99 ?? NaN,
    lagMean: report.lagMean ?? NaN,
    // Measurement truth: the engine's own count over the measured intervals against the server's.
    truth: report.engineCount / report.serverCount,
  };
}

const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The median of every figure over repeated runs (memory: the largest, as a bound). */
const medians = (runs) =>
  Object.fromEntries(
    Object.keys(runs[0]).map((k) => [
      k,
      k === 'rss' || k === 'runRss'
        ? Math.max(...runs.map((r) => r[k]))
        : median(runs.map((r) => r[k])),
    ]),
  );
/**
 * Runs every side REPEAT times in rotating order, so that a drift of the machine does not always
 * favour the same side; returns each side's runs.
 */
function rounds(sides) {
  const runs = Object.fromEntries(sides.map(([name]) => [name, []]));
  for (let r = 0; r < REPEAT; r++) {
    for (let k = 0; k < sides.length; k++) {
      const [name, run] = sides[(k + r) % sides.length];
      runs[name].push(run());
    }
  }
  return runs;
}
const MB = 2 ** 20;
const runner = await bundleRunner();
// Other work on the machine moves every figure; say how busy it was.
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
process.stdout.write(`load average at start: ${load()}\n`);
setupDatabase();
if (NATIVE) setupNative();
// Prepare Benchphant's tables once so that every measured run reuses them.
benchphant('node', PG, 'tpcb_like', 1, { scale: 1 });
benchphant('node', MY, 'oltp_point_select', 1, { tables: 1, table_size: 10000 });

const SB = { tables: 1, table_size: 10000 };
/** The select_only runs at 8 connections, when that row ran: the latency section reuses them. */
let latencyRuns = null;
/** [label, reference run, params, workload, parameters, connections, figure compared] */
const ROWS = [
  [
    'pg-select',
    'PostgreSQL  pgbench -S -M prepared  vs select_only',
    (n) => pgbench(n),
    PG,
    'select_only',
    { scale: 1 },
    CONNECTIONS,
    'qps',
  ],
  [
    'my-point',
    'MariaDB     sysbench oltp_point_select vs oltp_point_select',
    (n) => sysbench(n),
    MY,
    'oltp_point_select',
    SB,
    CONNECTIONS,
    'qps',
  ],
  [
    'pg-tpcb',
    'PostgreSQL  pgbench (TPC-B) -M prepared vs tpcb_like',
    (n) => pgbench(n, { tpcb: true }),
    PG,
    'tpcb_like',
    { scale: 1 },
    [8],
    'tps',
  ],
  [
    'my-rw',
    'MariaDB     sysbench oltp_read_write vs oltp_read_write',
    (n) => sysbench(n, 'oltp_read_write'),
    MY,
    'oltp_read_write',
    SB,
    [8],
    'tps',
  ],
];
for (const [key, label, reference, params, type, parameters, connections, figure] of ROWS) {
  if (!wanted(key)) continue;
  for (const n of connections) {
    const perTxn = type === 'tpcb_like' ? TPCB_STATEMENTS : 1;
    const runs = rounds([
      [
        'reference',
        () =>
          NATIVE
            ? withServerCpu(params, perTxn, () => reference(n))
            : { qps: NaN, tps: NaN, p99: NaN, cpuPerQuery: NaN, serverCpuPerQuery: NaN },
      ],
      ...ENGINES.map((e) => [
        e,
        () => withServerCpu(params, perTxn, () => benchphant(e, params, type, n, parameters)),
      ]),
    ]);
    if (key === 'pg-select' && n === 8) latencyRuns = runs;
    const ref = medians(runs.reference);
    let line = `${label}  c=${String(n).padStart(2)}  ${figure}  reference ${f(ref[figure])} p99 ${f(ref.p99, 3)} ms cpu ${f(ref.cpuPerQuery, 1)} µs/q server ${f(ref.serverCpuPerQuery, 1)} µs/q`;
    for (const e of ENGINES) {
      const m = medians(runs[e]);
      // Each round ran back to back, so its ratio cancels most of the machine's drift: the median
      // of the rounds' ratios, not the ratio of the medians.
      const ratios = runs[e].map((b, i) => b[figure] / runs.reference[i][figure]);
      const spread = REPEAT > 1 && NATIVE ? ` (${ratios.map((x) => f(x, 2)).join(' ')})` : '';
      line += `  |  ${e} ${f(m[figure])} p99 ${f(m.p99, 3)} ms cpu ${f(m.cpuPerQuery, 1)} µs/q server ${f(m.serverCpuPerQuery, 1)} µs/q rss ${f(m.rss / MB)} MB Δrss ${f(m.runRss / MB)} MB vs server ${f(m.truth, 3)} ratio ${f(median(ratios), 2)}x${spread}`;
    }
    process.stdout.write(`${line}\n`);
  }
}
// Latency is the server's and the network's, not ours: at 8 connections our mean and p99 against
// pgbench's -l log (a quotient of 1.00 is the same), and Little's law over our own figures:
// QPS × (mean latency + client overhead per query) should give back the connections.
if (wanted('latency') && NATIVE) {
  latencyRuns ??= rounds([
    ['reference', () => pgbench(8)],
    ...ENGINES.map((e) => [e, () => benchphant(e, PG, 'select_only', 8, { scale: 1 })]),
  ]);
  const ref = medians(latencyRuns.reference);
  let line = `PostgreSQL  select_only latency  c= 8  pgbench -l mean ${f(ref.mean, 3)} p99 ${f(ref.p99, 3)} ms`;
  for (const e of ENGINES) {
    const m = medians(latencyRuns[e]);
    const little = (m.qps * (m.mean + m.overhead)) / 1000 / 8;
    line += `  |  ${e} mean ${f(m.mean, 3)} (${f(m.mean / ref.mean, 2)}x) p99 ${f(m.p99, 3)} (${f(m.p99 / ref.p99, 2)}x) ms overhead ${f(m.overhead * 1000, 1)} µs/q qps×(mean+overhead)/connections ${f(little, 2)}`;
  }
  process.stdout.write(`${line}\n`);
}

// Open loop at BENCH_RATE (15,000/s) against pgbench -R: schedule lag (from the intended start to
// the send) and client CPU per query, medians of the rounds.
if (wanted('open-loop')) {
  const runs = rounds([
    [
      'reference',
      () => (NATIVE ? pgbench(8, { rate: RATE }) : { lagP99: NaN, lagMean: NaN, cpuPerQuery: NaN }),
    ],
    ...ENGINES.map((e) => [e, () => benchphant(e, PG, 'select_only', 8, { scale: 1 }, 1, RATE)]),
  ]);
  const ref = medians(runs.reference);
  let line = `PostgreSQL  select_only open loop ${RATE}/s  c= 8  pgbench -R tps ${f(ref.tps)} lag mean ${f(ref.lagMean, 3)} p99 ${f(ref.lagP99, 3)} ms cpu ${f(ref.cpuPerQuery, 1)} µs/q`;
  for (const e of ENGINES) {
    const m = medians(runs[e]);
    line += `  |  ${e} tps ${f(m.tps)} lag mean ${f(m.lagMean, 3)} p99 ${f(m.lagP99, 3)} ms cpu ${f(m.cpuPerQuery, 1)} µs/q vs server ${f(m.truth, 3)}`;
  }
  process.stdout.write(`${line}\n`);
}

// Pipelined select_only against pgbench's non-pipelined QPS at 8 connections (the issue's target
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
  if (!wanted('pipeline')) break;
  for (const e of engines) {
    const bp = benchphant(e, params, type, 8, parameters, 8);
    process.stdout.write(
      `${label}  c= 8 pipeline 8  ${e} ${f(bp.qps)} qps p99 ${f(bp.p99, 3)} ms cpu ${f(bp.cpuPerQuery, 1)} µs/q rss ${f(bp.rss / 2 ** 20)} MB\n`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
process.stdout.write(`load average at end: ${load()}\n`);
