// Runs under tsx (`npm run bench:tenants`): a measurement, not a test. On each engine (the local
// PostgreSQL and MariaDB, or BENCHPHANT_TEST_PG_URL / BENCHPHANT_TEST_MYSQL_URL): provisions 100
// tenants from a 10-table blueprint, deploys a 5-statement migration to all of them, runs an admin
// query across all, then hard-deletes everything it made. Prints totals and per-tenant times.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Input, Method, Output } from '../shared/contract';
import type { DbType } from '../shared/model/connection';
import { createCore, type Core } from '../main/core/app';
import { silentLogger } from '../main/core/logging/logger';
import { mapLimit } from '../main/core/tenants/map-limit';
import { createMemorySecretStore } from '../main/core/secrets/secret-store';
import { dispatch } from '../main/rpc/dispatch';
import { testMysql, testPg } from '../tests/support/test-databases';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 100);
/** Tenants created at once through the API (each one is its own call, as a script would make). */
const CREATE_CONCURRENCY = Number(process.env.BENCH_CREATE_CONCURRENCY ?? 4);
const DEPLOY_PARALLELISM = Number(process.env.BENCH_DEPLOY_PARALLELISM ?? 8);

const MIGRATION = [
  'ALTER TABLE customers ADD COLUMN loyalty_points int NOT NULL DEFAULT 0',
  'CREATE INDEX customers_loyalty_idx ON customers (loyalty_points)',
  'CREATE TABLE coupons (id int PRIMARY KEY, code varchar(40) NOT NULL UNIQUE, percent_off int NOT NULL)',
  'ALTER TABLE orders ADD COLUMN coupon_id int',
  'CREATE INDEX orders_coupon_idx ON orders (coupon_id)',
];

async function call<M extends Method>(core: Core, method: M, input: Input<M>): Promise<Output<M>> {
  const r = await dispatch(core.handlers, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const f = (x: number) => `${x.toFixed(0)} ms`;
  return `min ${f(s[0] ?? 0)}, median ${f(at(0.5))}, p95 ${f(at(0.95))}, max ${f(s.at(-1) ?? 0)}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function benchEngine(type: DbType): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tenants-'));
  const core = createCore({
    dataDir: dir,
    logger: silentLogger,
    secrets: { store: createMemorySecretStore(), message: null },
    version: 'bench',
  });
  const p = type === 'postgresql' ? testPg() : testMysql();
  const bp = `bench_${type === 'postgresql' ? 'pg' : 'my'}_${Date.now().toString(36)}`;
  const ids = Array.from({ length: TENANTS }, (_, i) => `t${String(i).padStart(3, '0')}`);
  try {
    const conn = await call(core, 'connections.create', {
      name: `bench ${type}`,
      type,
      host: p.host,
      port: p.port,
      database: p.database,
      username: p.username,
      ...(p.password ? { password: p.password } : {}),
    });
    await call(core, 'workspaces.create', { name: bp, connection_id: conn.id });
    await call(core, 'workspaces.importSchema', {
      id: bp,
      source: 'template',
      template: 'ecommerce',
    });
    await call(core, 'workspaces.query', {
      id: bp,
      query:
        'CREATE TABLE wishlists (id int PRIMARY KEY, customer_id int NOT NULL, product_id int NOT NULL)',
    });
    const v1 = await call(core, 'workspaces.deploy', { id: bp });
    const tables = (await call(core, 'blueprints.get', { name: bp })).schema.tables.length;
    console.log(
      `\n${type === 'postgresql' ? 'PostgreSQL' : 'MariaDB/MySQL'}: blueprint ${bp} ${v1.version}, ${tables} tables, ${v1.statements.length} statements`,
    );

    const perTenant: number[] = [];
    let t0 = performance.now();
    await mapLimit(ids, CREATE_CONCURRENCY, async (id) => {
      const start = performance.now();
      const t = await call(core, 'tenants.create', {
        tenant_id: id,
        databases: [{ blueprint: bp }],
      });
      if (t.status !== 'ready') throw new Error(`tenant ${id}: ${t.message ?? t.status}`);
      perTenant.push(performance.now() - start);
    });
    const provisionMs = performance.now() - t0;
    console.log(
      `  provision ${TENANTS} tenants (${CREATE_CONCURRENCY} at a time): ${seconds(provisionMs)} total; per tenant ${stats(perTenant)}`,
    );

    for (const query of MIGRATION) await call(core, 'workspaces.query', { id: bp, query });
    const v2 = await call(core, 'workspaces.deploy', { id: bp });
    t0 = performance.now();
    const job = await call(core, 'deployments.create', {
      blueprint_name: bp,
      deploy_all: true,
      parallelism: DEPLOY_PARALLELISM,
    });
    const done = await new Promise<Output<'deployments.get'>>((resolve) => {
      const stop = core.events.subscribe((e) => {
        if (
          e.event !== 'deployments.progressed' ||
          e.payload.job_id !== job.job_id ||
          e.payload.status === 'running'
        )
          return;
        stop();
        void call(core, 'deployments.get', { id: job.job_id }).then(resolve);
      });
    });
    const migrateMs = performance.now() - t0;
    const perMigration = done.tenants.map(
      (t) => Date.parse(t.finished_at ?? '') - Date.parse(t.started_at ?? ''),
    );
    console.log(
      `  migrate ${done.total_tenants} tenants to ${v2.version} (${MIGRATION.length} statements, parallelism ${DEPLOY_PARALLELISM}): ${seconds(migrateMs)} total, ${done.status}, ${done.completed_tenants} completed, ${done.failed_tenants} failed; per tenant ${stats(perMigration)}`,
    );

    t0 = performance.now();
    const q = await call(core, 'admin.query', {
      blueprint: bp,
      all_tenants: true,
      query: 'SELECT COUNT(*) AS coupons FROM coupons',
      parallelism: DEPLOY_PARALLELISM,
    });
    console.log(
      `  admin query across ${q.tenants.length} tenants: ${seconds(performance.now() - t0)} total, ${q.row_count} rows, ${q.errors.length} errors; per tenant ${stats(q.tenants.map((t) => t.duration_ms))}`,
    );

    t0 = performance.now();
    await mapLimit(ids, CREATE_CONCURRENCY, (id) =>
      call(core, 'tenants.delete', { id, hard: true, confirm: id }),
    );
    console.log(`  hard delete ${TENANTS} tenants: ${seconds(performance.now() - t0)}`);
  } finally {
    // After a failure part-way, whatever was made goes too.
    await mapLimit(ids, CREATE_CONCURRENCY, (id) =>
      dispatch(core.handlers, 'tenants.delete', { id, hard: true, confirm: id }),
    );
    await dispatch(core.handlers, 'workspaces.delete', { id: bp });
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `bench:tenants — ${new Date().toISOString()}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
);
for (const type of ['postgresql', 'mysql'] as const) await benchEngine(type);
