// Test helper for the tenant-ops suites: the isolation suites' two saved servers (the shared test
// server and a private one the test started) with a ready level 1 tenant, and sessions as that
// tenant's own role; a core with a template blueprint deployed; a session per call to a database.
import type { ConnectionParams, DbType } from '../../../shared/model/connection';
import { expect } from 'vitest';
import { openClient, type DbClient } from '../../../main/core/db/client';
import {
  addConnection,
  call,
  makeBlueprint,
  makeTestCore,
  type TestCore,
} from '../tenants/harness';

export interface IsolationSetup {
  core: TestCore;
  /** The shared test server's connection id. */
  shared: string;
  /** The private server's connection id. */
  dedicatedId: string;
}

/** Both servers saved under the given names, the tenant made and ready. */
export async function setUpIsolation(opts: {
  type: DbType;
  names: { shared: string; dedicated: string };
  dedicated: ConnectionParams;
  blueprint: string;
  tenant: string;
}): Promise<IsolationSetup> {
  const core = makeTestCore();
  const shared = await addConnection(core, opts.type, opts.names.shared);
  const p = opts.dedicated;
  const dedicatedId = (
    await call(core, 'connections.create', {
      name: opts.names.dedicated,
      type: opts.type,
      host: p.host,
      port: p.port,
      database: p.database,
      username: p.username,
      ...(p.password ? { password: p.password } : {}),
      tls: { mode: 'disable' },
    })
  ).id;
  await makeBlueprint(core, shared, opts.blueprint);
  const made = await call(core, 'tenants.create', {
    tenant_id: opts.tenant,
    databases: [{ blueprint: opts.blueprint, isolation_level: 1 }],
  });
  expect(made.status, made.message ?? '').toBe('ready');
  return { core, shared, dedicatedId };
}

/** A session as the tenant's own role, with its revealed password, on the given server. */
export async function asTenantOn(
  core: TestCore,
  blueprint: string,
  tenant: string,
  server: ConnectionParams,
): Promise<DbClient> {
  const cred = await call(core, 'tenants.reveal', { id: tenant, blueprint });
  return openClient({
    ...server,
    database: `${blueprint}__${tenant}`,
    username: cred.user,
    password: cred.password,
  });
}

/** A core with the shared test server of `type` saved, and `blueprint` from a template deployed. */
export async function coreWithBlueprint(
  type: DbType,
  blueprint: string,
  template: 'ecommerce' | 'fintech',
): Promise<{ core: TestCore; connectionId: string }> {
  const core = makeTestCore();
  const connectionId = await addConnection(core, type);
  await call(core, 'workspaces.create', { name: blueprint, connection_id: connectionId });
  await call(core, 'workspaces.importSchema', { id: blueprint, source: 'template', template });
  await call(core, 'workspaces.deploy', { id: blueprint });
  return { core, connectionId };
}

/** `fn` on a fresh session to one database, closed whatever `fn` does. */
export async function inDatabase<T>(
  params: ConnectionParams,
  fn: (c: DbClient) => Promise<T>,
): Promise<T> {
  const c = await openClient(params);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}
