import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams, TestResult } from '../../../shared/model/connection';
import { testConnection } from '../../../main/core/connections/tester';
import { freeLoopbackPort } from '../../../main/core/sandbox/service';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { startSilentServer } from '../../support/silent-server';
import { testMysql, testPg } from '../../support/test-databases';
import { makeTestCore } from '../../support/test-core';

const PASSWORD = 'Zq9-private-pg-S3cret';

const engines: [string, () => ConnectionParams][] = [
  ['PostgreSQL', testPg],
  ['MariaDB/MySQL', testMysql],
];

function expectFailure(result: TestResult, code: string, message: string | RegExp) {
  expect(result).toMatchObject({ success: false, code });
  expect(result.message).toMatch(message);
  expect(result.server_version).toBeUndefined();
}

describe('test connection against the real servers', () => {
  it.each(engines)(
    '%s: succeeds with the server version and round-trip time',
    async (_engine, params) => {
      const p = params();
      const r = await testConnection(p);
      expect(r.success).toBe(true);
      expect(r.server_version).toMatch(
        p.type === 'postgresql' ? /^PostgreSQL \d+/ : /^(MariaDB|MySQL) \d+\.\d+/,
      );
      expect(r.rtt_ms).toBeGreaterThan(0);
      expect(r.connect_ms).toBeGreaterThan(0);
      expect(r.message).toContain(`Connected to ${r.server_version}`);
    },
  );

  it.each(engines)('%s: says the database does not exist', async (_engine, params) => {
    const p = { ...params(), database: 'benchphant_no_such_db' };
    expectFailure(
      await testConnection(p),
      'DATABASE_NOT_FOUND',
      `Database 'benchphant_no_such_db' does not exist on ${p.host}:${p.port}`,
    );
  });

  it.each(engines)('%s: says the connection was refused', async (_engine, params) => {
    const port = await freeLoopbackPort();
    expectFailure(
      await testConnection({ ...params(), host: '127.0.0.1', port }),
      'CONNECTION_REFUSED',
      `Connection refused by 127.0.0.1:${port}`,
    );
  });

  it.each(engines)('%s: says the host name does not resolve', async (_engine, params) => {
    expectFailure(
      await testConnection({ ...params(), host: 'no-such-host.benchphant.invalid' }),
      'HOST_NOT_FOUND',
      "Host name 'no-such-host.benchphant.invalid' could not be resolved",
    );
  });

  it.each(engines)(
    '%s: times out on a server that accepts and never answers',
    async (_engine, params) => {
      const silent = await startSilentServer();
      try {
        const started = Date.now();
        const r = await testConnection({ ...params(), host: '127.0.0.1', port: silent.port }, 400);
        const elapsed = Date.now() - started;
        expectFailure(r, 'TIMEOUT', `No answer from 127.0.0.1:${silent.port} within 0.4 s`);
        expect(silent.accepted).toBeGreaterThan(0);
        expect(elapsed).toBeGreaterThanOrEqual(350);
        expect(elapsed).toBeLessThan(4000);
      } finally {
        await silent.close();
      }
    },
  );

  it('MariaDB/MySQL: says authentication failed for an unknown user', async () => {
    const p = { ...testMysql(), username: 'benchphant_nobody', password: PASSWORD };
    const r = await testConnection(p);
    expectFailure(r, 'AUTH_FAILED', "Authentication failed for user 'benchphant_nobody'");
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
  });

  describe('a private password-protected PostgreSQL', () => {
    let pg: PrivatePostgres;
    beforeAll(async () => {
      pg = await startPrivatePostgres({ password: PASSWORD });
    });
    afterAll(() => pg?.stop());

    it('accepts the right password', async () => {
      const r = await testConnection(pg.params);
      expect(r).toMatchObject({ success: true, tls: false });
      expect(r.server_version).toMatch(/^PostgreSQL \d+/);
    });

    it.each([
      ['a wrong password', { password: `${PASSWORD}-wrong` }],
      ['no password', { password: undefined }],
      ['an unknown user', { username: 'nobody' }],
    ])('refuses %s as an authentication failure', async (_label, change) => {
      const r = await testConnection({ ...pg.params, ...change });
      expectFailure(
        r,
        'AUTH_FAILED',
        /^Authentication failed for user '(bench|nobody)' on 127\.0\.0\.1:\d+\. Check the username and password\.$/,
      );
      expect(JSON.stringify(r)).not.toContain(PASSWORD);
    });

    it('tests a saved connection with the password from the secret store', async () => {
      const core = makeTestCore();
      try {
        const saved = await core.connections.create({
          ...pg.params,
          name: 'private',
          environment: 'test',
          description: '',
          tags: [],
          is_active: true,
        });
        expect(await core.connections.testSaved(saved.id)).toMatchObject({ success: true });
        await core.connections.update(saved.id, { password: 'not-it' });
        expect(await core.connections.testSaved(saved.id)).toMatchObject({
          success: false,
          code: 'AUTH_FAILED',
        });
      } finally {
        await core.dispose();
      }
    });

    it('tests edited, unsaved fields of a saved connection with its stored password', async () => {
      const core = makeTestCore();
      try {
        // Saved with the right password but a wrong port, as a user mid-edit would have it.
        const saved = await core.connections.create({
          ...pg.params,
          port: await freeLoopbackPort(),
          name: 'private, wrong port',
          environment: 'test',
          description: '',
          tags: [],
          is_active: true,
        });
        expect(await core.connections.testSaved(saved.id)).toMatchObject({
          code: 'CONNECTION_REFUSED',
        });
        // The stored password goes to the edited port only once the user confirms it.
        const unconfirmed = await core.connections.testSaved(saved.id, { port: pg.params.port });
        expect(unconfirmed).toMatchObject({ success: false, code: 'AUTH_FAILED' });
        const edited = await core.connections.testSaved(saved.id, { port: pg.params.port }, true);
        expect(edited).toMatchObject({ success: true });
        const typed = await core.connections.testSaved(saved.id, {
          port: pg.params.port,
          password: 'typed-but-wrong',
        });
        expect(typed).toMatchObject({ success: false, code: 'AUTH_FAILED' });
        // Testing saved nothing: the stored port is still the wrong one.
        expect(core.connections.get(saved.id).port).not.toBe(pg.params.port);
      } finally {
        await core.dispose();
      }
    });
  });
});
