// End to end: what a run's page says about how the run went. Which load engine ran it and, when
// `auto` fell back to the Node engine, why: real runs on the machine's MariaDB, where pipelining is
// what the native engine cannot do (Connector/C has no pipeline mode), so a pipelined run falls
// back and a plain one does not. And when the database did not answer, in the viewer's local time.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outageVerdict } from '../../main/core/benchmark/warnings';
import { RunRepository } from '../../main/core/benchmark/repository';
import { openDatabase } from '../../main/core/store/database';
import type { RunStart } from '../../shared/contract/benchmarks';
import { testMysql } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';
import { seriousViolations } from './pages/axe';
import { dropLeftovers } from './pages/tenants-servers';

/** This suite's own database on the shared server, dropped at the end. */
const SCHEMA = `bp_engine_${process.pid}`;
let pipelined = '';
let plain = '';

const app = useBrowserApp({
  name: 'run-engine',
  viewport: { width: 1280, height: 800 },
  timeout: 20_000,
  async seed() {
    const { id: connection_id } = await app.api('connections.create', {
      ...testMysql(),
      name: 'engine mariadb',
      environment: 'test',
      tls: { mode: 'disable' },
    });
    const run = async (over: Partial<RunStart>): Promise<string> => {
      const { id } = await app.api('runs.start', {
        connection_id,
        type: 'oltp_point_select',
        parameters: { tables: 1, table_size: 500 },
        threads: 2,
        duration: 2,
        warmup: 1,
        schema: SCHEMA,
        ...over,
      });
      const done = await app.core.benchmarks.waitFor(id);
      if (done.status !== 'completed') throw new Error(`run ended ${done.status}: ${done.message}`);
      return id;
    };
    pipelined = await run({ pipeline: 2 });
    plain = await run({});
  },
  cleanup: () => dropLeftovers(SCHEMA, { pg: [], mysql: [] }),
});

/** The "Ran on" fact of a run's page. */
async function ranOn(id: string): Promise<string> {
  const page = app.page;
  await page.goto(`${app.server.url}#/results/runs/${id}`);
  await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
  const fact = page
    .locator('dl[aria-label="Configuration"] .run-fact')
    .filter({ has: page.locator('dt', { hasText: /^Ran on$/ }) });
  return (await fact.locator('dd').textContent()) ?? '';
}

describe('the engine a run ran on', () => {
  it('records why auto fell back to Node and says it on the run page', async () => {
    const run = app.core.benchmarks.get(pipelined);
    expect(run.engine).toBe('node');
    expect(run.detail.engine_fallback).toBe(
      'the native engine does not pipeline on MySQL/MariaDB (Connector/C has no pipeline mode)',
    );
    expect(await ranOn(pipelined)).toBe(
      'the Node.js engine, because the native engine does not pipeline on MySQL/MariaDB (Connector/C has no pipeline mode)',
    );
    const facts = app.page.getByTestId('run-config');
    await facts.scrollIntoViewIfNeeded();
    await facts.screenshot({ path: join(ARTIFACTS, 'run-engine-fallback-1280x800.png') });
    expect(await seriousViolations(app.page)).toEqual([]);
  });

  it('says the native engine ran a run it could carry, with no reason', async () => {
    const run = app.core.benchmarks.get(plain);
    expect(run.engine).toBe('native');
    expect(run.detail.engine_fallback).toBeNull();
    expect(await ranOn(plain)).toBe('the native (C++) engine');
  });
});

describe('an outage on the run page', () => {
  it('says when the database did not answer in the viewer’s local time, with the zone', async () => {
    // The warning the core writes for an outage 6 s to 20 s into a run measured from 15:02 UTC,
    // stored as another process would (a second connection to the same store).
    const { warning } = outageVerdict(
      { empty: 14, total: 20, ranges: [{ from: 6, to: 20 }], untilEnd: false },
      0.95,
      Date.parse('2026-12-06T15:02:00Z'),
    );
    const db = openDatabase(app.core.paths.database);
    try {
      new RunRepository(db).setWarnings(plain, [warning]);
    } finally {
      db.close();
    }
    const page = app.page;
    // A viewer half an hour off any whole-hour zone: UTC+5:30.
    const cdp = await app.context.newCDPSession(page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Kolkata' });
    await page.goto(`${app.server.url}#/results/runs/${plain}`);
    const item = page.getByTestId('run-warnings').locator('[data-code="database_unavailable"]');
    expect(await item.textContent()).toBe(
      'Database unavailable: The database did not answer from 6 s to 20 s (Dec 6, 20:32:06 – 20:32:20 GMT+5:30): 14 of 20 measured intervals had no throughput (70 %; above 95 % the run fails).',
    );
    await item.screenshot({ path: join(ARTIFACTS, 'run-outage-local-time-1280x800.png') });
  });
});
