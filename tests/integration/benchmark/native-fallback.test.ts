// Without the native addon a run still runs: `auto` falls back to the Node engine and records it,
// `native` fails with the reason. The addon is hidden from this file's process and its workers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { finalReport } from '../../../main/cli/commands/run';
import { createHarness, type Harness, PG, withClient } from './harness';

let h: Harness;
beforeAll(() => {
  // Read when the addon is first looked for (after these imports), by this process and its workers.
  process.env.BENCHPHANT_NATIVE_ADDON = '/nonexistent/benchphant_native.node';
  h = createHarness();
});
afterAll(async () => {
  await h.close();
  delete process.env.BENCHPHANT_NATIVE_ADDON;
  await withClient(PG, (c) => c.query(`DROP SCHEMA IF EXISTS ${input.schema} CASCADE`));
});

const input = {
  type: 'select_only' as const,
  parameters: { scale: 1 },
  schema: 'bp_native_fallback',
  threads: 2,
};

it('auto runs on the Node engine when the addon is absent, and says so', async () => {
  const id = await h.start({ connection_id: h.idFor(PG), ...input });
  const summary = await h.engine.waitFor(id);
  expect(summary.status, summary.message ?? '').toBe('completed');
  expect(summary.engine).toBe('node');
  const run = h.engine.get(id);
  expect(run.metrics.tps).toBeGreaterThan(0);
  // Recorded with the run (the run page shows it), and in the CLI's summary.
  expect(run.detail.engine_fallback).toMatch(/^the native engine is not built/);
  expect(finalReport(run)).toContain(
    `    on the Node engine because ${run.detail.engine_fallback ?? ''}`,
  );
});

it('native fails the run with the reason when the addon is absent', async () => {
  const id = await h.start({ connection_id: h.idFor(PG), ...input, engine: 'native' });
  const summary = await h.engine.waitFor(id);
  expect(summary.status).toBe('failed');
  expect(summary.message).toMatch(/native engine is not built/);
});
