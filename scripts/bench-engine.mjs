#!/usr/bin/env node
// Runs as `npm run bench:engine`: a measurement, not a test. On the local PostgreSQL and MariaDB it
// runs pgbench -S / sysbench oltp_point_select and Benchphant's equivalents at 1, 8 and 32
// connections, and prints QPS, p99, client CPU per query and the ratio Benchphant/native.
// It creates only the databases benchphant_native and the schema benchphant_bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { BenchmarkEngine } = await import('../main/core/benchmark/engine.ts');
const { createEventBus } = await import('../main/core/events.ts');
const { silentLogger } = await import('../main/core/logging/logger.ts');
const { openDatabase } = await import('../main/core/store/database.ts');
const { runStartSchema } = await import('../shared/contract/benchmarks.ts');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,8,32').split(',').map(Number);
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
const IDS = {
  postgresql: '00000000-0000-4000-8000-0000000000a1',
  mysql: '00000000-0000-4000-8000-0000000000a2',
};

const work = mkdtempSync(join(tmpdir(), 'bench-engine-'));
const db = openDatabase(join(work, 'benchphant.sqlite'));
const events = createEventBus();
const engine = new BenchmarkEngine({
  db,
  events,
  logger: silentLogger,
  connection: (id) => ({
    name: id,
    type: id === IDS.postgresql ? 'postgresql' : 'mysql',
    environment: 'test',
  }),
  resolveParams: async (id) => (id === IDS.postgresql ? PG : MY),
});

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

async function benchphant(params, type, n, parameters, pipeline = 1) {
  const input = runStartSchema.parse({
    pipeline,
    connection_id: IDS[params.type],
    type,
    threads: n,
    duration: SECONDS,
    warmup: 0,
    parameters,
  });
  let cpuStart = null;
  let cpuEnd = null;
  let rss = 0;
  const off = events.subscribe((e) => {
    if (e.event !== 'runs.progressed') return;
    if (e.payload.status === 'running' && cpuStart === null) cpuStart = process.cpuUsage();
    if (e.payload.interval) rss = Math.max(rss, process.memoryUsage().rss);
    if (e.payload.phase === 'done') cpuEnd = process.cpuUsage(cpuStart ?? undefined);
  });
  const { id } = await engine.start(input);
  const summary = await engine.waitFor(id);
  off();
  if (summary.status !== 'completed')
    throw new Error(`benchphant ${type} ${n}: ${summary.status} ${summary.message}`);
  const run = engine.get(id);
  const cpu = cpuEnd ? cpuEnd.user + cpuEnd.system : 0;
  return {
    qps: run.metrics.qps,
    p99: run.metrics.latency.p99,
    cpuPerQuery: cpu / run.detail.queries,
    rss,
  };
}

const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
setupNative();
// Prepare Benchphant's tables once so that every measured run reuses them.
await benchphant(PG, 'select_only', 1, { scale: 1 });
await benchphant(MY, 'oltp_point_select', 1, { tables: 1, table_size: 10000 });

const rows = [];
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
    const nat = native(n);
    const bp = await benchphant(params, type, n, parameters);
    rows.push({ label, n, nat, bp });
    process.stdout.write(
      `${label}  c=${String(n).padStart(2)}  native ${f(nat.qps)} qps p99 ${f(nat.p99, 3)} ms cpu ${f(nat.cpuPerQuery, 1)} µs/q  |  ` +
        `benchphant ${f(bp.qps)} qps p99 ${f(bp.p99, 3)} ms cpu ${f(bp.cpuPerQuery, 1)} µs/q rss ${f(bp.rss / 2 ** 20)} MB  |  ratio ${f(bp.qps / nat.qps, 2)}x\n`,
    );
  }
}
// The pipeline load model has no native twin here (pgbench needs a custom \startpipeline script).
for (const [label, params, type, parameters] of [
  ['PostgreSQL  select_only', PG, 'select_only', { scale: 1 }],
  ['MariaDB     oltp_point_select', MY, 'oltp_point_select', { tables: 1, table_size: 10000 }],
]) {
  const bp = await benchphant(params, type, 8, parameters, 8);
  process.stdout.write(
    `${label}  c= 8 pipeline 8  benchphant ${f(bp.qps)} qps p99 ${f(bp.p99, 3)} ms cpu ${f(bp.cpuPerQuery, 1)} µs/q rss ${f(bp.rss / 2 ** 20)} MB\n`,
  );
}
await engine.close();
db.close();
rmSync(work, { recursive: true, force: true });
