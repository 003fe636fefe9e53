// Run plans over the headless server's REST routes (/api/v1/plans): start, get, list, cancel, and
// the refusals with their HTTP status and a message that says what to fix.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logging/logger';
import { startServer, type RunningServer } from '../../../main/server/server';
import { testPg } from '../../support/test-databases';
import { baseRun, dropSchema, planCore, type PlanCore } from './plan-core';

const TOKEN = 'plans-rest-token-c3';
const SCHEMA = 'c3_plans_rest';
let h: PlanCore;
let server: RunningServer;
let connection: string;

beforeAll(async () => {
  h = planCore();
  connection = await h.connect(testPg());
  server = await startServer({ core: h.core, port: 0, token: TOKEN, logger: silentLogger });
});

afterAll(async () => {
  await server?.close();
  await h.core.dispose();
  await dropSchema(SCHEMA);
});

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

it('starts a plan with POST, follows it with GET and cancels it with POST …/cancel', async () => {
  const started = await api('POST', '/api/v1/plans', {
    kind: 'repeat',
    repeat: 2,
    base: { ...baseRun(connection, SCHEMA), duration: 30 },
  });
  expect(started.status).toBe(201);
  expect(started.body).toMatchObject({ kind: 'repeat', status: 'running', runs_total: 2 });
  const id = started.body.id as string;

  const list = await api('GET', '/api/v1/plans');
  expect(list.status).toBe(200);
  expect((list.body as unknown as { id: string }[]).map((p) => p.id)).toEqual([id]);

  await h.waitFor(id, (p) => p.runs[0]?.status === 'running');
  const got = await api('GET', `/api/v1/plans/${id}`);
  expect(got.status).toBe(200);
  expect(got.body).toMatchObject({ id, status: 'running', runs_done: 0 });
  expect(got.body.current_run_id).toBe((got.body.runs as { run_id: string }[])[0]!.run_id);

  const cancelled = await api('POST', `/api/v1/plans/${id}/cancel`);
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ id, status: 'cancelled', runs_done: 1, runs_total: 1 });
});

it('refuses bad plans with 400, an unknown plan with 404 and production without consent with 409', async () => {
  const noSweep = await api('POST', '/api/v1/plans', {
    kind: 'sweep',
    base: baseRun(connection, SCHEMA),
  });
  expect(noSweep.status).toBe(400);
  expect(noSweep.body.error).toMatch(/a sweep needs sweep.parameter and sweep.values/);

  const badKind = await api('POST', '/api/v1/plans', {
    kind: 'soak',
    base: baseRun(connection, SCHEMA),
  });
  expect(badKind.status).toBe(400);
  expect(badKind.body.error).toMatch(/kind must be one of: repeat, sweep, capacity/);

  const missing = await api('GET', '/api/v1/plans/00000000-0000-4000-8000-00000000dead');
  expect(missing.status).toBe(404);
  expect(missing.body.error).toMatch(/No run plan with id/);

  const prod = await h.call('connections.create', {
    ...testPg(),
    name: 'c3 plans prod',
    environment: 'production',
  });
  const before = (await api('GET', '/api/v1/plans')).body as unknown as unknown[];
  const refused = await api('POST', '/api/v1/plans', {
    kind: 'repeat',
    base: baseRun(prod.id, SCHEMA),
  });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatch(/production connection/);
  expect((await api('GET', '/api/v1/plans')).body).toHaveLength(before.length);
});
