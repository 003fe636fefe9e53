// Test helper for the crash-recovery suites: a data directory whose secrets both the test and
// its crash child read, a tenant ready on the shared server of an engine, reading a tenant's rows
// as its own role, and the scratch databases this data directory's tag marks.
import { randomBytes } from 'node:crypto';
import type { DbType } from '../../../shared/model/connection';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { openSharedCore, type CrashTally } from '../../support/crash-run';
import {
  addConnection,
  admin,
  call,
  connectAsTenant,
  makeBlueprint,
  type TestCore,
} from '../tenants/harness';

export interface Setup {
  dir: TempDir;
  masterKey: string;
  connectionId: string;
}

/** A fresh data directory with the engine's shared server saved and `blueprint` deployed. */
export async function setUp(
  type: DbType,
  blueprint: string,
  tenants: string[],
): Promise<Setup & { core: TestCore }> {
  const dir = makeTempDir('bp-crash-');
  const masterKey = `crash-${randomBytes(8).toString('hex')}`;
  const core = openSharedCore(dir.path, masterKey);
  const connectionId = await addConnection(core, type);
  await makeBlueprint(core, connectionId, blueprint);
  for (const t of tenants) {
    const made = await call(core, 'tenants.create', {
      tenant_id: t,
      databases: [{ blueprint, isolation_level: 1 }],
    });
    if (made.status !== 'ready') throw new Error(`tenant ${t}: ${made.message ?? made.status}`);
  }
  return { dir, masterKey, connectionId, core };
}

/** The customers' emails, read as the tenant's own role (so the tenant can still log in). */
export async function emailsAsTenant(
  core: TestCore,
  type: DbType,
  tenant: string,
  blueprint: string,
): Promise<string[]> {
  const c = await connectAsTenant(core, type, tenant, blueprint);
  try {
    const r = await c.query('SELECT email FROM customers ORDER BY email');
    return r.rows.map((x) => String(x.email));
  } finally {
    await c.close();
  }
}

export async function addCustomer(type: DbType, database: string, email: string): Promise<void> {
  const c = await admin(type, database);
  try {
    await c.query(
      type === 'postgresql'
        ? 'INSERT INTO customers (email, name) VALUES ($1, $2)'
        : 'INSERT INTO customers (email, name) VALUES (?, ?)',
      [email, 'crash test'],
    );
  } finally {
    await c.close();
  }
}

/** Databases on the server that carry this data directory's scratch tag. */
export async function scratchLeft(type: DbType, tag: string): Promise<string[]> {
  const c = await admin(type);
  const like = `bp\\_re%\\_${tag}\\_%`;
  try {
    const r =
      type === 'postgresql'
        ? await c.query('SELECT datname AS n FROM pg_database WHERE datname LIKE $1', [like])
        : await c.query(
            'SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?',
            [like],
          );
    return r.rows.map((x) => String(x.n));
  } finally {
    await c.close();
  }
}

/** The figures every crash suite reports (the issue asks for them). */
export function report(name: string, t: CrashTally): void {
  process.stdout.write(
    `crash points ${name}: injected ${t.injected}, recovered ${t.recovered}, lost ${t.lost}\n` +
      `  points: ${t.labels.join(' | ')}\n` +
      (t.failures.length ? `  failures:\n    ${t.failures.join('\n    ')}\n` : ''),
  );
}
