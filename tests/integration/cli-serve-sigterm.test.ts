// `benchphant serve` in a child process: SIGTERM during a large prepare ends the process within
// 5 s (the prepare's rows stream from worker threads, so the main thread hears the signal).
import { afterAll, expect, it } from 'vitest';
import { withClient, PG } from './benchmark/harness';
import { spawnServe } from '../support/cli';
import { restApi } from '../support/rest-api';
import { makeTempDir } from '../support/temp-dir';

const dir = makeTempDir('bp-serve-sigterm-');
const SCHEMA = `bp_i13_sigterm_${process.pid}`;
const TOKEN = `sigterm-token-${process.pid}-${Date.now()}`;

afterAll(async () => {
  await withClient(PG, (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
  dir.remove();
});

it('exits within 5 s of SIGTERM while a large prepare is loading rows', async () => {
  const { child, url, exited, stderr } = await spawnServe(['--port', '0'], {
    env: {
      BENCHPHANT_DATA_DIR: dir.path,
      BENCHPHANT_SECRET_STORE: 'memory',
      BENCHPHANT_TOKEN: TOKEN,
    },
  });
  const call = restApi(url.origin, TOKEN);
  const api = async (method: string, path: string, body?: unknown) =>
    (await call(method, path, body)).body;
  try {
    const conn = await api('POST', '/api/v1/connections/from-url', {
      url: 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable',
    });
    const run = await api('POST', '/api/v1/benchmarks', {
      connection_id: conn.id,
      type: 'oltp_point_select',
      threads: 1,
      duration: 60,
      schema: SCHEMA,
      parameters: { tables: 20, table_size: 1_000_000 },
      confirm_large_prepare: true,
    });
    expect(run.status, JSON.stringify(run)).toBe('preparing');
    // Rows are flowing: the prepare is well under way when the signal comes.
    await expect
      .poll(async () => (await api('GET', `/api/v1/benchmarks/${String(run.id)}`)).progress, {
        timeout: 30_000,
        interval: 100,
      })
      .toBeGreaterThan(0);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const t0 = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  const ms = performance.now() - t0;
  expect(ms, stderr()).toBeLessThan(5000);
  expect([0, 143]).toContain(code);
}, 60_000);
