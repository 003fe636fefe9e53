// Runs in the main process, server and CLI. MySQL's and MariaDB's tenant access: a user at '%'
// with rights on its one database only, ACCOUNT LOCK plus KILL of its sessions on suspend.
import type { DbClient } from '../../../db/client';
import { withSecret } from '../../../tenants/tenants/access';
import { mysqlNativeHash } from '../../../tenants/tenants/password-verifiers';
import type { TenantAccess } from '../../tenant-facets';
import { mysqlQuoter } from './sql';

const account = (role: string) => `${mysqlQuoter.literal(role)}@'%'`;

/** MariaDB logs CREATE USER as sent, so it gets the hash. MySQL 8 removed IDENTIFIED BY
 * PASSWORD and masks the password in its own logs. */
async function identifiedBy(admin: DbClient, password: string): Promise<string> {
  return (await admin.serverVersion()).includes('MariaDB')
    ? `IDENTIFIED BY PASSWORD ${mysqlQuoter.literal(mysqlNativeHash(password))}`
    : `IDENTIFIED BY ${mysqlQuoter.literal(password)}`;
}

export const mysqlAccess: TenantAccess = {
  async create(admin, database, role, password) {
    await mysqlAccess.createRole(admin, role, password);
    await admin.query(`CREATE DATABASE ${mysqlQuoter.ident(database)}`);
    await mysqlAccess.ownDatabase(admin, database, role);
  },
  async createRole(admin, role, password) {
    const identified = await identifiedBy(admin, password);
    await withSecret(admin, `CREATE USER ${account(role)} ${identified}`, role);
  },
  async setPassword(admin, role, password) {
    const identified = await identifiedBy(admin, password);
    await withSecret(admin, `ALTER USER ${account(role)} ${identified} ACCOUNT UNLOCK`, role);
  },
  async ownDatabase(admin, database, role) {
    // Rights on one database only: FILE, SUPER and the like are global and never granted.
    await admin.query(
      `GRANT ALL PRIVILEGES ON ${mysqlQuoter.ident(database)}.* TO ${account(role)}`,
    );
  },
  adoptObjects: async () => undefined,
  async dropRole(admin, role) {
    await admin.query(`DROP USER IF EXISTS ${account(role)}`);
  },
  grants: () => [],
  async lock(admin, role) {
    await admin.query(`ALTER USER ${account(role)} ACCOUNT LOCK`);
    const sessions = await admin.query(
      'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?',
      [role],
    );
    for (const s of sessions.rows) {
      // KILL takes no placeholder; the id is the server's own integer.
      await admin.query(`KILL ${Number(s.id)}`).catch(() => undefined);
    }
  },
  async sessions(admin, role) {
    const r = await admin.query(
      'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()',
      [role],
    );
    return Number(r.rows[0]?.n ?? 0);
  },
  async unlock(admin, role) {
    await admin.query(`ALTER USER ${account(role)} ACCOUNT UNLOCK`);
  },
  async drop(admin, database, role) {
    await mysqlAccess.lock(admin, role).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${mysqlQuoter.ident(database)}`);
    await admin.query(`DROP USER IF EXISTS ${account(role)}`);
  },
  async databaseExists(admin, database) {
    return (
      (
        await admin.query('SELECT 1 AS x FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
          database,
        ])
      ).rows.length > 0
    );
  },
  async roleExists(admin, role) {
    return (
      (await admin.query("SELECT 1 AS x FROM mysql.user WHERE User = ? AND Host = '%'", [role]))
        .rows.length > 0
    );
  },
};
