// Test helper for the tenants suites: a core with a saved connection per engine, calls through
// the one dispatcher (so input validation is part of every call), and cleanup that drops every
// database and role a run created (all named with the run's own `bpt_` prefix).
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Input, Method, Output } from '../../../shared/contract';
import type { WireError } from '../../../shared/errors';
import type { ConnectionParams, DbType } from '../../../shared/model/connection';
import { openClient, type DbClient } from '../../../main/core/db/client';
import { tenantRole } from '../../../main/core/tenants/names';
import { quoter } from '../../../main/core/tenants/sql/quote';
import { dispatch } from '../../../main/rpc/dispatch';
import { testMysql, testPg } from '../../support/test-databases';
import { makeTestCore, type TestCore } from '../../support/test-core';

export const ENGINES: DbType[] = ['postgresql', 'mysql'];
export const serverParams = (type: DbType): ConnectionParams =>
  type === 'postgresql' ? testPg() : testMysql();

/** A fresh prefix per test file run, so parallel runs never meet. */
export const runPrefix = () => `bpt_${randomBytes(3).toString('hex')}`;

export async function call<M extends Method>(
  core: TestCore,
  method: M,
  input: Input<M>,
): Promise<Output<M>> {
  const r = await dispatch(core.handlers, method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as Output<M>;
}

export async function callError<M extends Method>(
  core: TestCore,
  method: M,
  input: unknown,
): Promise<WireError> {
  const r = await dispatch(core.handlers, method, input);
  expect(r.ok, `${method} should have failed`).toBe(false);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

export async function addConnection(
  core: TestCore,
  type: DbType,
  name = `bpt ${type}`,
): Promise<string> {
  const p = serverParams(type);
  const c = await call(core, 'connections.create', {
    name,
    type: p.type,
    host: p.host,
    port: p.port,
    database: p.database,
    username: p.username,
    ...(p.password ? { password: p.password } : {}),
    ...(p.tls ? { tls: p.tls } : {}),
  });
  return c.id;
}

export async function admin(type: DbType, database?: string): Promise<DbClient> {
  const p = serverParams(type);
  return openClient(database ? { ...p, database } : p);
}

export async function databaseExists(type: DbType, name: string): Promise<boolean> {
  const c = await admin(type);
  try {
    const r =
      type === 'postgresql'
        ? await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
        : await c.query('SELECT 1 AS x FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
            name,
          ]);
    return r.rows.length > 0;
  } finally {
    await c.close();
  }
}

export async function roleExists(type: DbType, role: string): Promise<boolean> {
  const c = await admin(type);
  try {
    const r =
      type === 'postgresql'
        ? await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])
        : await c.query('SELECT 1 AS x FROM mysql.user WHERE User = ?', [role]);
    return r.rows.length > 0;
  } finally {
    await c.close();
  }
}

/** Drops every database starting with `prefix` on the engine, and the tenant role of each. */
export async function dropEverything(type: DbType, prefix: string): Promise<void> {
  const c = await admin(type);
  const q = quoter(type);
  try {
    const like = `${prefix}%`;
    const r =
      type === 'postgresql'
        ? await c.query('SELECT datname AS name FROM pg_database WHERE datname LIKE $1', [like])
        : await c.query(
            'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?',
            [like],
          );
    for (const row of r.rows) {
      const name = String(row.name);
      await c.query(
        `DROP DATABASE IF EXISTS ${q.ident(name)}${type === 'postgresql' ? ' WITH (FORCE)' : ''}`,
      );
      const role = tenantRole(name);
      if (type === 'postgresql') await c.query(`DROP ROLE IF EXISTS ${q.ident(role)}`);
      else await c.query(`DROP USER IF EXISTS ${q.literal(role)}@'%'`);
    }
  } finally {
    await c.close();
  }
}

/** Resolves when a deployment leaves queued/running, told by its `deployments.progressed` events. */
export async function waitForJob(core: TestCore, id: string, timeoutMs = 60_000) {
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`deployment ${id} did not finish in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const stop = core.events.subscribe((e) => {
      if (e.event !== 'deployments.progressed' || e.payload.job_id !== id) return;
      if (['queued', 'running'].includes(e.payload.status)) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
    void call(core, 'deployments.get', { id }).then((job) => {
      if (['queued', 'running'].includes(job.status)) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
  await done;
  return call(core, 'deployments.get', { id });
}

export { makeTestCore, type TestCore };

/** A workspace named `name` with the ecommerce template, deployed as version 1.0. */
export async function makeBlueprint(
  core: TestCore,
  connectionId: string,
  name: string,
): Promise<void> {
  await call(core, 'workspaces.create', { name, connection_id: connectionId });
  await call(core, 'workspaces.importSchema', {
    id: name,
    source: 'template',
    template: 'ecommerce',
  });
  await call(core, 'workspaces.deploy', { id: name });
}

/** A session as a tenant's own role, with the password only `tenants.reveal` gives. */
export async function connectAsTenant(
  core: TestCore,
  type: DbType,
  tenant: string,
  blueprint: string,
): Promise<DbClient> {
  const cred = await call(core, 'tenants.reveal', { id: tenant, blueprint });
  const t = await call(core, 'tenants.get', { id: tenant });
  const d = t.databases.find((x) => x.blueprint === blueprint);
  return openClient({
    ...serverParams(type),
    database: d?.connection.database ?? '',
    username: cred.user,
    password: cred.password,
  });
}
