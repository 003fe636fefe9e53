// Runs in the main process, server and CLI. What a tenant database needs on each engine, run as
// the connection's admin user: its own role, the database, the right to connect (taken away on
// suspend, with open sessions ended) and the drop. Every name is quoted by the driver.
import { AppError } from '../../../../shared/errors';
import type { DbClient } from '../../db/client';
import { VERSIONS_TABLE } from '../introspect';
import { quoter } from '../sql/quote';
import { mysqlNativeHash, scramVerifier } from './password-verifiers';

export interface TenantAccess {
  create(admin: DbClient, database: string, role: string, password: string): Promise<void>;
  /** Run on the tenant database after each migration (PostgreSQL grants are per object). */
  grants(role: string): string[];
  lock(admin: DbClient, role: string): Promise<void>;
  unlock(admin: DbClient, role: string): Promise<void>;
  drop(admin: DbClient, database: string, role: string): Promise<void>;
  databaseExists(admin: DbClient, database: string): Promise<boolean>;
  roleExists(admin: DbClient, role: string): Promise<boolean>;
}

const pgQ = quoter('postgresql');
const myQ = quoter('mysql');

/** Runs the statement that carries a password; a failure never repeats the statement's text. */
async function withSecret(admin: DbClient, sql: string, role: string): Promise<void> {
  try {
    await admin.query(sql);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'unknown';
    throw new AppError(
      'CONFLICT',
      `The server refused to create the role ${role} (error ${code}); check that the connection's user may create roles.`,
    );
  }
}

const postgres: TenantAccess = {
  async create(admin, database, role, password) {
    await withSecret(
      admin,
      `CREATE ROLE ${pgQ.ident(role)} LOGIN PASSWORD ${pgQ.literal(scramVerifier(password))}`,
      role,
    );
    await admin.query(`CREATE DATABASE ${pgQ.ident(database)}`);
    // Only the tenant's role (and the admin) may connect; PUBLIC's default CONNECT goes.
    await admin.query(`REVOKE ALL ON DATABASE ${pgQ.ident(database)} FROM PUBLIC`);
    await admin.query(
      `GRANT CONNECT, TEMPORARY ON DATABASE ${pgQ.ident(database)} TO ${pgQ.ident(role)}`,
    );
  },
  grants(role) {
    const r = pgQ.ident(role);
    return [
      `GRANT USAGE ON SCHEMA public TO ${r}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public TO ${r}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
      `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${pgQ.ident(VERSIONS_TABLE)} FROM ${r}`,
    ];
  },
  async lock(admin, role) {
    await admin.query(`ALTER ROLE ${pgQ.ident(role)} NOLOGIN`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      role,
    ]);
  },
  async unlock(admin, role) {
    await admin.query(`ALTER ROLE ${pgQ.ident(role)} LOGIN`);
  },
  async drop(admin, database, role) {
    await admin.query(`DROP DATABASE IF EXISTS ${pgQ.ident(database)} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${pgQ.ident(role)}`);
  },
  async databaseExists(admin, database) {
    return (
      (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rows.length >
      0
    );
  },
  async roleExists(admin, role) {
    return (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rows.length > 0;
  },
};

const account = (role: string) => `${myQ.literal(role)}@'%'`;

const mysql: TenantAccess = {
  async create(admin, database, role, password) {
    // MariaDB logs CREATE USER as sent, so it gets the hash. MySQL 8 removed IDENTIFIED BY PASSWORD
    // and masks the password in its own logs.
    const identified = (await admin.serverVersion()).includes('MariaDB')
      ? `IDENTIFIED BY PASSWORD ${myQ.literal(mysqlNativeHash(password))}`
      : `IDENTIFIED BY ${myQ.literal(password)}`;
    await withSecret(admin, `CREATE USER ${account(role)} ${identified}`, role);
    await admin.query(`CREATE DATABASE ${myQ.ident(database)}`);
    await admin.query(`GRANT ALL PRIVILEGES ON ${myQ.ident(database)}.* TO ${account(role)}`);
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
  async unlock(admin, role) {
    await admin.query(`ALTER USER ${account(role)} ACCOUNT UNLOCK`);
  },
  async drop(admin, database, role) {
    await mysql.lock(admin, role).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${myQ.ident(database)}`);
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

export const tenantAccess = (type: DbClient['type']): TenantAccess =>
  type === 'postgresql' ? postgres : mysql;
