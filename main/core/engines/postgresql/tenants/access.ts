// Runs in the main process, server and CLI. PostgreSQL's tenant access: a LOGIN role with a SCRAM
// verifier, the database owned by it with PUBLIC's CONNECT revoked, NOLOGIN plus
// pg_terminate_backend on suspend, per-object grants after each migration.
import { VERSIONS_TABLE } from '../../../tenants/introspect';
import { withSecret } from '../../../tenants/tenants/access';
import { scramVerifier } from '../../../tenants/tenants/password-verifiers';
import type { TenantAccess } from '../../tenant-facets';
import { pgQuoter } from './sql';

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

export const postgresAccess: TenantAccess = {
  async create(admin, database, role, password) {
    await postgresAccess.createRole(admin, role, password);
    await admin.query(`CREATE DATABASE ${pgQuoter.ident(database)}`);
    // Only the tenant's role (and the admin) may connect; PUBLIC's default CONNECT goes.
    await admin.query(`REVOKE ALL ON DATABASE ${pgQuoter.ident(database)} FROM PUBLIC`);
    await admin.query(
      `GRANT CONNECT, TEMPORARY ON DATABASE ${pgQuoter.ident(database)} TO ${pgQuoter.ident(role)}`,
    );
  },
  async createRole(admin, role, password) {
    await withSecret(
      admin,
      `CREATE ROLE ${pgQuoter.ident(role)} LOGIN PASSWORD ${pgQuoter.literal(scramVerifier(password))}`,
      role,
    );
  },
  async setPassword(admin, role, password) {
    await withSecret(
      admin,
      `ALTER ROLE ${pgQuoter.ident(role)} LOGIN PASSWORD ${pgQuoter.literal(scramVerifier(password))}`,
      role,
    );
  },
  async ownDatabase(admin, database, role) {
    await admin.query(
      `ALTER DATABASE ${pgQuoter.ident(database)} OWNER TO ${pgQuoter.ident(role)}`,
    );
    await admin.query(`REVOKE ALL ON DATABASE ${pgQuoter.ident(database)} FROM PUBLIC`);
  },
  async adoptObjects(admin, role) {
    for (const query of [PG_FOREIGN_OWNED, PG_FOREIGN_SEQUENCES]) {
      const r = await admin.query(query, [role]);
      for (const row of r.rows) await admin.query(String(row.sql));
    }
  },
  async dropRole(admin, role) {
    await admin.query(`DROP ROLE IF EXISTS ${pgQuoter.ident(role)}`);
  },
  grants(role) {
    const r = pgQuoter.ident(role);
    return [
      `GRANT USAGE ON SCHEMA public TO ${r}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public TO ${r}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
      `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${pgQuoter.ident(VERSIONS_TABLE)} FROM ${r}`,
    ];
  },
  async lock(admin, role) {
    await admin.query(`ALTER ROLE ${pgQuoter.ident(role)} NOLOGIN`);
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
    await admin.query(`ALTER ROLE ${pgQuoter.ident(role)} LOGIN`);
  },
  async drop(admin, database, role) {
    await admin.query(`DROP DATABASE IF EXISTS ${pgQuoter.ident(database)} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${pgQuoter.ident(role)}`);
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
