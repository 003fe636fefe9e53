// Runs in the main process, server and CLI. While a tenant's database is copied to another server
// its role may read but not write, so the copy misses nothing and the tenant stays readable:
// PostgreSQL sessions of the role start read-only, MySQL's role keeps only SELECT on its database.
// Open sessions are ended so they reconnect under the new rule. thaw() gives writes back.
import type { DbClient } from '../../db/client';
import { quoter } from '../../tenants/sql/quote';

const pg = quoter('postgresql');
const my = quoter('mysql');
const account = (role: string) => `${my.literal(role)}@'%'`;

async function endSessions(admin: DbClient, role: string): Promise<void> {
  if (admin.type === 'postgresql') {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      role,
    ]);
    return;
  }
  const sessions = await admin.query(
    'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?',
    [role],
  );
  // KILL takes no placeholder; the id is the server's own integer.
  for (const s of sessions.rows) await admin.query(`KILL ${Number(s.id)}`).catch(() => undefined);
}

export async function freezeWrites(admin: DbClient, database: string, role: string): Promise<void> {
  if (admin.type === 'postgresql') {
    await admin.query(`ALTER ROLE ${pg.ident(role)} SET default_transaction_read_only = on`);
  } else {
    await admin.query(`REVOKE ALL PRIVILEGES ON ${my.ident(database)}.* FROM ${account(role)}`);
    await admin.query(`GRANT SELECT, SHOW VIEW ON ${my.ident(database)}.* TO ${account(role)}`);
  }
  await endSessions(admin, role);
}

export async function thawWrites(admin: DbClient, database: string, role: string): Promise<void> {
  if (admin.type === 'postgresql') {
    await admin.query(`ALTER ROLE ${pg.ident(role)} RESET default_transaction_read_only`);
  } else {
    await admin.query(`GRANT ALL PRIVILEGES ON ${my.ident(database)}.* TO ${account(role)}`);
  }
}
