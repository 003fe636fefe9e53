// Runs under tsx (`npm run bench:ui`): a measurement, not a test. Imports three one-hour runs
// (3 600 one-second intervals each, made from a real short run's bundle), seeds a day of host
// history, serves the built renderer to Debian's headless Chromium and prints the longest task on
// the renderer's main thread (from a Chromium trace) while it opens a run page, a three-run
// comparison and the Monitor's 24 h history, and while it follows a live run reporting at 1 Hz.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { CDPSession, Page } from 'playwright-core';
import type { Input, Method, Output } from '../shared/contract';
import { runBundleSchema } from '../shared/contract/results';
import { createCore, type Core } from '../main/core/app';
import { silentLogger } from '../main/core/logging/logger';
import { systemClock } from '../main/core/metrics/clock';
import { FIGURES } from '../main/core/metrics/figures';
import { encodeSample, type StoredSample } from '../main/core/metrics/history-store';
import { HostReader } from '../main/core/metrics/host-reader';
import { unavailable } from '../main/core/metrics/perf-counters';
import { createMemorySecretStore } from '../main/core/secrets/secret-store';
import { dispatch } from '../main/rpc/dispatch';
import { startServer } from '../main/server/server';
import { launchChromium } from '../tests/browser/chromium';
import { ensureRendererBuilt, RENDERER_DIST } from '../tests/browser/renderer-build';
import { hourLong } from '../tests/support/hour-long-bundle';
import { TEST_PG_URL, testPg } from '../tests/support/test-databases';

const DAY_MS = 86_400_000;
const LIVE_S = Number(process.env.BENCH_UI_LIVE_S ?? 40);
const VIEWPORT = { width: 1920, height: 1080 };
const SCHEMA = `bp_benchui_${process.pid}`;

async function call<M extends Method>(core: Core, method: M, input: Input<M>): Promise<Output<M>> {
  const r = await dispatch(core.handlers, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}

/** A day of host samples every 5 s (a real sample of this machine, scaled by a slow wave). */
function seedDay(core: Core): void {
  const reader = new HostReader({
    clock: systemClock,
    perf: { current: () => unavailable('no PMU'), close() {} },
  });
  const a = reader.snapshot();
  const base = encodeSample(reader.compose(a, reader.snapshot())).map((v, i) =>
    FIGURES[i]?.column.startsWith('cpu_') && FIGURES[i]?.scale === 100 ? 8000 : v,
  );
  const now = Date.now();
  const rows: StoredSample[] = [];
  let i = 0;
  for (let ts = now - DAY_MS; ts < now - 10_000; ts += 5000, i += 1)
    rows.push({
      ts,
      runId: null,
      values: base.map((v) =>
        v === null ? null : Math.round((v || 50) * (0.4 + 0.3 * Math.sin(i / 500))),
      ),
    });
  core.metrics.store.insertMany(rows);
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event: what the task cost, whatever else the machine ran. */
  tdur?: number;
  args?: { name?: string; data?: { url?: string; functionName?: string; type?: string } };
}

const BREAKDOWN = process.env.BENCH_UI_BREAKDOWN === '1';

/** BENCH_UI_BREAKDOWN=1: what the costliest tasks (CPU) were made of (the trace's events in each). */
function printBreakdown(events: readonly TraceEvent[], tasks: readonly TraceEvent[]): void {
  for (const task of tasks.slice(0, 3)) {
    const end = task.ts + (task.dur ?? 0);
    const cpu = ((task.tdur ?? 0) / 1000).toFixed(1);
    const inside = new Map<string, number>();
    for (const e of events) {
      if (e === task || e.ph !== 'X' || e.pid !== task.pid || e.tid !== task.tid) continue;
      if (e.ts < task.ts || e.ts + (e.dur ?? 0) > end) continue;
      const d = e.args?.data;
      const what = d?.functionName || d?.url?.split('/').pop() || d?.type || '';
      const key = `${e.name}${what ? ` ${what}` : ''}`;
      inside.set(key, (inside.get(key) ?? 0) + (e.dur ?? 0) / 1000);
    }
    console.log(`  task of ${((task.dur ?? 0) / 1000).toFixed(1)} ms (CPU ${cpu} ms):`);
    for (const [k, v] of [...inside.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12))
      console.log(`    ${v.toFixed(1).padStart(7)} ms  ${k}`);
  }
}

interface Task {
  /** Wall-clock length, ms. */
  wall: number;
  /** CPU time of the main thread in it, ms (a loaded machine stretches `wall`, not this). */
  cpu: number;
}

/** Tasks on the renderer's main thread while `action` runs, longest (wall clock) first. */
async function traced(cdp: CDPSession, action: () => Promise<void>): Promise<Task[]> {
  await cdp.send('Tracing.start', {
    categories: `toplevel,disabled-by-default-devtools.timeline,__metadata${BREAKDOWN ? ',devtools.timeline,v8.execute,blink' : ''}`,
    transferMode: 'ReturnAsStream',
  });
  await action();
  const done = new Promise<string>((resolve) =>
    cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream ?? '')),
  );
  await cdp.send('Tracing.end');
  const stream = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
  if (BREAKDOWN)
    printBreakdown(
      events,
      [...tasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)),
    );
  return tasks.map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
}

/** Waits until every chart named has drawn on its canvas, then for the page to settle. */
async function drawn(page: Page, testIds: readonly string[]): Promise<void> {
  for (const id of testIds)
    await page.locator(`[data-testid="${id}"][data-points]`).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
}

const PROFILE = process.env.BENCH_UI_PROFILE === '1';

async function startProfile(cdp: CDPSession): Promise<true> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return true;
}

/** BENCH_UI_PROFILE=1: where the main thread spent its time, by function (self time). */
async function printProfile(cdp: CDPSession, what: string): Promise<void> {
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const dt = new Map<number, number>();
  profile.samples?.forEach((id, i) =>
    dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)),
  );
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0) / 1000);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`profile of ${what}:`);
  for (const [k, v] of top) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`);
}

interface Row {
  what: string;
  longest: number;
  /** The most CPU time any one task took. */
  longestCpu: number;
  over: number;
  target: number;
  tasks: number;
}

async function main(): Promise<void> {
  ensureRendererBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  const core = createCore({
    dataDir: dir,
    logger: silentLogger,
    secrets: { store: createMemorySecretStore(), message: null },
    version: 'bench',
  });
  const rows: Row[] = [];
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  let closeAll: () => Promise<void> = async () => undefined;
  try {
    core.metrics.updateConfig({
      sampling_interval_seconds: 5,
      archive_enabled: false,
      retention_days: 30,
      downsample_after_days: 20,
    });
    seedDay(core);
    const conn = await call(core, 'connections.create', {
      ...testPg(),
      name: 'bench ui pg',
      environment: 'test',
      tls: { mode: 'disable' },
    });
    const base = {
      connection_id: conn.id,
      type: 'oltp_read_write' as const,
      parameters: { tables: 1, table_size: 2000 },
      threads: 2,
      schema: SCHEMA,
    };
    const short = await call(core, 'runs.start', { ...base, duration: 3, warmup: 1 });
    await core.benchmarks.waitFor(short.id);
    const exported = await call(core, 'results.export', { id: short.id, format: 'json' });
    const template = runBundleSchema.parse(JSON.parse(exported.content));
    const ids: string[] = [];
    for (let v = 0; v < 3; v += 1)
      ids.push((await call(core, 'results.import', { bundle: hourLong(template, v) })).id);

    const server = await startServer({
      core,
      port: 0,
      token: 'bench-ui-token',
      logger: silentLogger,
      staticDir: RENDERER_DIST,
    });
    const profile = mkdtempSync(join(tmpdir(), 'bench-ui-chromium-'));
    const context = await launchChromium(profile, VIEWPORT);
    closeAll = async () => {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    };
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(server.url);
    await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
    const go = (hash: string) => page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
    const measure = async (what: string, target: number, action: () => Promise<void>) => {
      const profiling = PROFILE ? await startProfile(cdp) : null;
      const tasks = await traced(cdp, action);
      if (profiling) await printProfile(cdp, what);
      const longestCpu = Math.max(0, ...tasks.map((t) => t.cpu));
      console.log(`${what}: longest task ${(tasks[0]?.wall ?? 0).toFixed(1)} ms`);
      rows.push({
        what,
        longest: tasks[0]?.wall ?? 0,
        longestCpu,
        over: tasks.filter((t) => t.wall > target).length,
        target,
        tasks: tasks.length,
      });
    };

    /** A live run followed on the Benchmarks screen, opened as a person would from its history. */
    const followLive = async (what: string) => {
      const live = await call(core, 'runs.start', {
        ...base,
        duration: LIVE_S,
        warmup: 2,
        report_interval_ms: 1000,
      });
      await go('#/benchmarks');
      await page.getByRole('heading', { level: 1, name: 'Benchmarks' }).waitFor();
      await page
        .getByRole('list', { name: 'History' })
        .locator('.pick-list-open', {
          has: page.locator(
            '.bench-status-running, .bench-status-warming_up, .bench-status-preparing',
          ),
        })
        .first()
        .click();
      await page.locator('[data-testid="run-view"][data-status="running"]').waitFor();
      await page.locator('[data-testid="qps-chart"][data-points]').waitFor();
      await measure(what, 16, async () => {
        await page.waitForTimeout((LIVE_S - 5) * 1000);
      });
      await core.benchmarks.waitFor(live.id);
    };

    // The live run is measured twice: first in the freshly loaded app (the live view's own work),
    // then again after the other views, whose garbage the page's next major collection frees
    // during it.
    await followLive(`Live run at 1 Hz, app just opened (${LIVE_S - 5} s)`);

    // Each view is opened from the Results list, the app already loaded: its own work only.
    await go('#/results');
    await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await page.waitForTimeout(1000);
    await measure('Run page, one-hour run', 50, async () => {
      await go(`#/results/runs/${ids[0]}`);
      await drawn(page, ['run-qps-chart', 'run-latency-chart']);
    });
    await go('#/results');
    await page.waitForTimeout(1000);
    await measure('Comparison of three one-hour runs', 50, async () => {
      await go(`#/results/compare/${ids.join('/')}`);
      await drawn(page, ['qps-overlay-plot', 'p99-overlay-plot', 'cpu-overlay-plot']);
    });

    await go('#/monitor');
    await page.getByRole('heading', { level: 1, name: 'Monitor' }).waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId('history-summary').waitFor();
    await page.waitForTimeout(1000);
    await measure('Monitor history, 24 hours', 16, async () => {
      await page.getByRole('group', { name: 'Time range' }).getByText('24 hours').click();
      await page
        .getByTestId('history-summary')
        .filter({ hasText: /points at/ })
        .waitFor();
      await drawn(page, ['history-chart']);
    });

    await followLive(`Live run at 1 Hz, after the views above`);
  } finally {
    await closeAll();
    await core.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }

  const [l1, l5, l15] = loadavg().map((v) => v.toFixed(2));
  console.log(
    `bench:ui at ${new Date().toISOString()}, load average ${l1} ${l5} ${l15}, Chromium ${VIEWPORT.width}×${VIEWPORT.height}`,
  );
  console.log(
    'view                                         longest task   (CPU)    target   tasks over',
  );
  for (const r of rows)
    console.log(
      `${r.what.padEnd(44)} ${`${r.longest.toFixed(1)} ms`.padStart(12)} ${`${r.longestCpu.toFixed(1)}`.padStart(7)}   ${`${r.target} ms`.padStart(6)}   ${String(r.over).padStart(4)} of ${r.tasks}  ${r.longest <= r.target ? 'met' : 'NOT met'}`,
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
