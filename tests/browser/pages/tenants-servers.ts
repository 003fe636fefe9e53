// Test helper: the Tenants browser tests' view of the real servers as their administrator, apart
// from the app — to set a scene in a tenant's database, check what exists, and clean up.
import mysql from 'mysql2/promise';
import pg from 'pg';
import { testMysql, testPg } from '../../support/test-databases';

function pgClient(database: string): pg.Client {
  const p = testPg();
  return new pg.Client({
    host: p.host,
    port: p.port,
    user: p.username,
    password: p.password,
    database,
  });
}

/** Runs SQL in one PostgreSQL database as the server's administrator. */
export async function pgRun(database: string, sql: string): Promise<void> {
  const c = pgClient(database);
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** An open session as a tenant's own role (what a suspend ends); close it with `end()`. */
export async function pgSessionAs(
  database: string,
  user: string,
  password: string,
): Promise<pg.Client> {
  const p = testPg();
  const c = new pg.Client({ host: p.host, port: p.port, user, password, database });
  // The server ends the session on suspend; the error that follows is the point, not a failure.
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/** PostgreSQL databases whose name matches a LIKE pattern. */
export async function pgDatabases(like: string): Promise<string[]> {
  const c = pgClient('postgres');
  await c.connect();
  try {
    const r = await c.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname',
      [like],
    );
    return r.rows.map((row) => row.datname);
  } finally {
    await c.end();
  }
}

/** Drops what a failed run may have left on both servers: databases matching `like`, and roles. */
export async function dropLeftovers(
  like: string,
  roles: { pg: string[]; mysql: string[] },
): Promise<void> {
  const c = pgClient('postgres');
  await c.connect();
  try {
    for (const db of await pgDatabases(like))
      await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(db)} WITH (FORCE)`);
    for (const role of roles.pg) await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(role)}`);
  } finally {
    await c.end();
  }
  const m = testMysql();
  const my = await mysql.createConnection({
    host: m.host,
    port: m.port,
    user: m.username,
    ...(m.password ? { password: m.password } : {}),
  });
  try {
    const [dbs] = await my.query<mysql.RowDataPacket[]>(
      'SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?',
      [like],
    );
    for (const row of dbs)
      await my.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(String(row.name))}`);
    for (const role of roles.mysql) await my.query(`DROP USER IF EXISTS ${mysql.escape(role)}@'%'`);
  } finally {
    await my.end();
  }
}
