// Runs tests/spec/walkthrough.sh, a curl client written from the four spec documents alone,
// against a real server over this machine's PostgreSQL: every call must answer as the spec
// predicts. The only setup is what a new user does first: `benchphant users add admin`.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../main/server/server';
import { dropEverything, makeTestCore, type TestCore } from './tenants/harness';

const RUN = randomBytes(3).toString('hex');
const SCRIPT = join(import.meta.dirname, '..', 'spec', 'walkthrough.sh');
let core: TestCore;
let server: RunningServer;

beforeAll(async () => {
  core = makeTestCore();
  // As `benchphant users add admin` does, with the spec's own example password.
  await core.handlers['users.create']({ username: 'admin', password: 'admin123', admin: true });
  server = await startServer({
    core,
    port: 0,
    token: randomBytes(24).toString('hex'),
    logger: core.logger,
  });
});
afterAll(async () => {
  await server?.close();
  if (core) {
    const gone = await core.handlers['tenants.list']({});
    for (const t of gone.tenants)
      await core.handlers['tenants.delete']({ id: t.tenant_id, hard: true, confirm: t.tenant_id });
    await core.dispose();
  }
  await dropEverything('postgresql', `myapp_${RUN}`);
});

it('runs every spec call in order without an answer the spec does not predict', async () => {
  const result = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(
      'bash',
      [SCRIPT],
      {
        env: {
          ...process.env,
          BASE: `http://127.0.0.1:${server.port}/api/v1`,
          ADMIN_PASSWORD: 'admin123',
          PG_HOST: '127.0.0.1',
          PG_PORT: '5432',
          RUN,
        },
        timeout: 240_000,
      },
      (err, out, errOut) =>
        resolve({
          code: err ? Number((err as { code?: unknown }).code ?? 1) : 0,
          out,
          err: errOut,
        }),
    );
  });
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toMatch(/spec walkthrough: \d+ calls, none unpredicted/);
}, 300_000);
