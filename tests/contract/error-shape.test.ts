// Runs in tests. Error answers carry both spec shapes ({error} and PerfWatch's {detail}) with a
// stable code; a 500 adds an error_id that the log line has too, and nothing of the failure.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract';
import { dataPaths } from '../../main/core/paths';
import { type RunningServer, startServer } from '../../main/server/server';
import { makeTestCore, type TestCore } from '../support/test-core';
import { rawRequest } from './http-client';

const TOKEN = 'error-shape-token-1f2e3d';
let core: TestCore;
let server: RunningServer;

beforeAll(async () => {
  core = makeTestCore();
  const handlers: Handlers = {
    ...core.remoteHandlers,
    'connections.list': () => Promise.reject(new Error('secret detail: password=hunter2')),
  };
  server = await startServer({
    core: { ...core, remoteHandlers: handlers },
    port: 0,
    token: TOKEN,
    logger: core.logger,
  });
});
afterAll(async () => {
  await server?.close();
  await core?.dispose();
});

const get = (path: string, auth = true) =>
  rawRequest(server.port, { path, headers: auth ? { Authorization: `Bearer ${TOKEN}` } : {} });

it('answers 401, 404 and 400 with {error, detail, code}', async () => {
  for (const [res, status, code] of [
    [await get('/api/v1/connections', false), 401, 'UNAUTHORIZED'],
    [await get('/api/v1/connections/not-an-id-at-all'), 404, 'NOT_FOUND'],
    [await get('/api/v1/nothing-here'), 404, 'NOT_FOUND'],
    [
      await rawRequest(server.port, {
        method: 'POST',
        path: '/api/v1/connections/test',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ host: 'h', port: 70000, database: 'd', username: 'u' }),
      }),
      400,
      'BAD_INPUT',
    ],
  ] as const) {
    expect(res.status).toBe(status);
    const body = res.json<Record<string, string>>();
    expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'error']);
    expect(body.code).toBe(code);
    expect(body.detail).toBe(body.error);
  }
});

it('answers an unexpected failure with 500 and an error_id that is also in the log', async () => {
  const res = await get('/api/v1/connections');
  expect(res.status).toBe(500);
  const body = res.json<{ error: string; detail: string; code: string; error_id: string }>();
  expect(body.code).toBe('INTERNAL');
  expect(body.error_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.body).not.toContain('hunter2');
  const log = readFileSync(dataPaths(core.dataDir).log, 'utf8');
  expect(log).toContain(`operation connections.list failed (error_id ${body.error_id})`);
});
