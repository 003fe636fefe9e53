// Runs in the main process, server and CLI. What a tenant or workspace database needs on each
// engine, run as the connection's admin user: its own role, the database, the right to connect
// (taken away on suspend, with open sessions ended) and the drop. Every name is quoted by the
// driver; a password reaches the server only as a verifier.
import { AppError } from '../../../../shared/errors';
import type { DbClient } from '../../db/client';
import { VERSIONS_TABLE } from '../introspect';
import { quoter } from '../sql/quote';
import { mysqlNativeHash, scramVerifier } from './password-verifiers';

export interface TenantAccess {
  create(admin: DbClient, database: string, role: string, password: string): Promise<void>;
  /** A login role with no rights beyond what is granted to it (no FILE, no superuser). */
  createRole(admin: DbClient, role: string, password: string): Promise<void>;
  setPassword(admin: DbClient, role: string, password: string): Promise<void>;
  /** Makes `role` the owner (PostgreSQL) or holder of every right (MySQL) of `database`. */
  ownDatabase(admin: DbClient, database: string, role: string): Promise<void>;
  /** On a session in the database: what other roles made in it becomes `role`'s (PostgreSQL). */
  adoptObjects(adminInDatabase: DbClient, role: string): Promise<void>;
  dropRole(admin: DbClient, role: string): Promise<void>;
  /** Run on the tenant database after each migration (PostgreSQL grants are per object). */
  grants(role: string): string[];
  lock(admin: DbClient, role: string): Promise<void>;
  /** Open sessions of `role` on the server: what a lock would end (read-only). */
  sessions(admin: DbClient, role: string): Promise<number>;
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

/** Non-system schemas, as a SQL condition on `n` (pg_namespace). */
const USER_SCHEMA = "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'";

/** Not part of an extension (whose objects stay the extension's owner's). */
const own = (oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = ${oid} AND e.deptype = 'e')`;

/** ALTER … OWNER statements for what `$1` does not own yet, built by the server's own format(). */
const PG_FOREIGN_OWNED = `
  SELECT format('ALTER SCHEMA %I OWNER TO %I', n.nspname, $1::text) AS sql, 0 AS step
    FROM pg_namespace n
   WHERE ${USER_SCHEMA} AND n.nspowner NOT IN (to_regrole($1::text), to_regrole('pg_database_owner'))
     AND ${own('n.oid')}
  UNION ALL
  SELECT format('ALTER %s %I.%I OWNER TO %I',
                CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                               WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                n.nspname, c.relname, $1::text), 1
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${USER_SCHEMA} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relowner <> to_regrole($1::text)
     AND ${own('c.oid')}
  UNION ALL
  SELECT format('ALTER %s %s OWNER TO %I', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
                t.oid::regtype, $1::text), 2
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE ${USER_SCHEMA} AND t.typowner <> to_regrole($1::text) AND t.typelem = 0 AND ${own('t.oid')}
     AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND
          (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
  UNION ALL
  SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $1::text), 3
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE ${USER_SCHEMA} AND p.proowner <> to_regrole($1::text) AND p.prokind <> 'a' AND ${own('p.oid')}
  ORDER BY step`;

/** Sequences left over once their tables moved (a table takes its own sequences with it). */
const PG_FOREIGN_SEQUENCES = `
  SELECT format('ALTER SEQUENCE %I.%I OWNER TO %I', n.nspname, c.relname, $1::text) AS sql
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${USER_SCHEMA} AND c.relkind = 'S' AND c.relowner <> to_regrole($1::text) AND ${own('c.oid')}`;

const postgres: TenantAccess = {
  async create(admin, database, role, password) {
    await postgres.createRole(admin, role, password);
    await admin.query(`CREATE DATABASE ${pgQ.ident(database)}`);
    // Only the tenant's role (and the admin) may connect; PUBLIC's default CONNECT goes.
    await admin.query(`REVOKE ALL ON DATABASE ${pgQ.ident(database)} FROM PUBLIC`);
    await admin.query(
      `GRANT CONNECT, TEMPORARY ON DATABASE ${pgQ.ident(database)} TO ${pgQ.ident(role)}`,
    );
  },
  async createRole(admin, role, password) {
    await withSecret(
      admin,
      `CREATE ROLE ${pgQ.ident(role)} LOGIN PASSWORD ${pgQ.literal(scramVerifier(password))}`,
      role,
    );
  },
  async setPassword(admin, role, password) {
    await withSecret(
      admin,
      `ALTER ROLE ${pgQ.ident(role)} LOGIN PASSWORD ${pgQ.literal(scramVerifier(password))}`,
      role,
    );
  },
  async ownDatabase(admin, database, role) {
    await admin.query(`ALTER DATABASE ${pgQ.ident(database)} OWNER TO ${pgQ.ident(role)}`);
    await admin.query(`REVOKE ALL ON DATABASE ${pgQ.ident(database)} FROM PUBLIC`);
  },
  async adoptObjects(admin, role) {
    for (const query of [PG_FOREIGN_OWNED, PG_FOREIGN_SEQUENCES]) {
      const r = await admin.query(query, [role]);
      for (const row of r.rows) await admin.query(String(row.sql));
    }
  },
  async dropRole(admin, role) {
    await admin.query(`DROP ROLE IF EXISTS ${pgQ.ident(role)}`);
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
  async sessions(admin, role) {
    const r = await admin.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()',
      [role],
    );
    return Number(r.rows[0]?.n ?? 0);
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

/** MariaDB logs CREATE USER as sent, so it gets the hash. MySQL 8 removed IDENTIFIED BY
 * PASSWORD and masks the password in its own logs. */
async function identifiedBy(admin: DbClient, password: string): Promise<string> {
  return (await admin.serverVersion()).includes('MariaDB')
    ? `IDENTIFIED BY PASSWORD ${myQ.literal(mysqlNativeHash(password))}`
    : `IDENTIFIED BY ${myQ.literal(password)}`;
}

const mysql: TenantAccess = {
  async create(admin, database, role, password) {
    await mysql.createRole(admin, role, password);
    await admin.query(`CREATE DATABASE ${myQ.ident(database)}`);
    await mysql.ownDatabase(admin, database, role);
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
    await admin.query(`GRANT ALL PRIVILEGES ON ${myQ.ident(database)}.* TO ${account(role)}`);
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
