// Runs in the main process, server and CLI. Applies blueprint versions to one tenant database and
// records them in the database itself (VERSIONS_TABLE), so the tenant's own record is the truth.
// Where DDL is transactional (PostgreSQL): all versions in one transaction. Elsewhere (MySQL: DDL
// commits on its own; the engine's `schema.transactionalDdl` says which): each statement's
// completion is recorded, so a retry resumes after the last one that ran; with a journal, the
// schema's fingerprint is recorded before each statement, so a statement the server finished
// after Benchphant died (and never recorded) is recognised by the changed schema and skipped.
import type { SchemaSnapshot } from '../../../../shared/contract/tenants';
import type { DbClient } from '../../db/client';
import { sqlEngineOf } from '../../engines/registry';
import { compareSchemas, introspect, schemaFingerprint, VERSIONS_TABLE } from '../introspect';
import { errorText } from '../rows';
import { quoter } from '../sql/quote';
import type { VersionRow } from '../store/blueprint-repo';

export interface AppliedVersion {
  version: string;
  statements_done: number;
  complete: boolean;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly statementsDone: number,
  ) {
    super(message);
  }
}

export async function ensureVersionsTable(client: DbClient): Promise<void> {
  const q = quoter(client.type);
  const ts = sqlEngineOf(client.type).tenants.schema.createdAtColumn;
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${q.ident(VERSIONS_TABLE)} (version varchar(20) PRIMARY KEY, ` +
      `statements_done int NOT NULL, complete boolean NOT NULL, applied_at ${ts})`,
  );
}

/** What the tenant database says was applied (the blueprint's list gives the order). */
export async function appliedVersions(client: DbClient): Promise<AppliedVersion[]> {
  const q = quoter(client.type);
  if (!(await sqlEngineOf(client.type).tenants.schema.tableExists(client, VERSIONS_TABLE)))
    return [];
  const rows = await client.query(
    `SELECT version, statements_done, complete FROM ${q.ident(VERSIONS_TABLE)} ORDER BY version`,
  );
  return rows.rows.map((r) => ({
    version: String(r.version),
    statements_done: Number(r.statements_done),
    complete: r.complete === true || Number(r.complete) === 1,
  }));
}

/** What the journal recorded before a MySQL statement: the schema as it stood. */
export interface InFlight {
  version: string;
  /** 0-based within the version. */
  index: number;
  /** schemaFingerprint before the statement ran. */
  before: string;
}

/** The journal's view of a migration: records and crash points. */
export interface StatementJournal {
  /** MySQL: records the statement about to run, with the schema as it stands. */
  before(statement: InFlight): void;
  /** A crash point that records nothing (after a statement ran, before COMMIT). */
  point(label: string): void;
  /** What was recorded before the statement a crash may have cut short. */
  inFlight: InFlight | null;
  /** Told about each statement found already applied and skipped. */
  skipped?: (version: string, index: number, why: string) => void;
}

export interface ApplyOptions {
  /** Statements to run after the versions (grants), inside the same transaction on PostgreSQL. */
  after?: string[];
  /** MySQL: called after each recorded statement with the count done in the current version. */
  onStatement?: (version: string, done: number) => void;
  journal?: StatementJournal;
}

async function applyInOneTransaction(
  client: DbClient,
  versions: VersionRow[],
  opts: ApplyOptions,
): Promise<void> {
  const q = quoter(client.type);
  const engine = sqlEngineOf(client.type);
  const p = (n: number) => engine.placeholder(n);
  await client.query('BEGIN');
  try {
    await ensureVersionsTable(client);
    for (const v of versions) {
      for (const [i, s] of v.statements.entries()) {
        try {
          await client.query(s);
        } catch (err) {
          throw new MigrationError(
            `Version ${v.version}, statement ${i + 1} failed: ${errorText(err)}`,
            0,
          );
        }
      }
      await client.query(
        `INSERT INTO ${q.ident(VERSIONS_TABLE)} (version, statements_done, complete) VALUES (${p(1)}, ${p(2)}, true)`,
        [v.version, v.statements.length],
      );
    }
    for (const s of opts.after ?? []) await client.query(s);
    opts.journal?.point('before commit');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err instanceof MigrationError ? err : new MigrationError(errorText(err), 0);
  }
}

async function applyStatementByStatement(
  client: DbClient,
  versions: VersionRow[],
  opts: ApplyOptions,
): Promise<void> {
  const q = quoter(client.type);
  const engine = sqlEngineOf(client.type);
  const p = (n: number) => engine.placeholder(n);
  const table = q.ident(VERSIONS_TABLE);
  await ensureVersionsTable(client);
  const applied = new Map((await appliedVersions(client)).map((a) => [a.version, a]));
  for (const v of versions) {
    const row = applied.get(v.version);
    if (row?.complete) continue;
    let done = row?.statements_done ?? 0;
    if (!row)
      await client.query(
        `INSERT INTO ${table} (version, statements_done, complete) VALUES (${p(1)}, 0, false)`,
        [v.version],
      );
    let resumed = row !== undefined;
    for (const s of v.statements.slice(done)) {
      const j = opts.journal;
      if (j) {
        const schema = await introspect(client);
        const before = schemaFingerprint(schema);
        const why = resumed ? alreadyApplied(j.inFlight, v, done, schema, before) : null;
        resumed = false;
        if (why === null) {
          j.before({ version: v.version, index: done, before });
          await run(client, v.version, done, s);
          j.point('statement ran');
        } else {
          j.skipped?.(v.version, done, why);
        }
      } else {
        await run(client, v.version, done, s);
      }
      done += 1;
      await client.query(`UPDATE ${table} SET statements_done = ${p(1)} WHERE version = ${p(2)}`, [
        done,
        v.version,
      ]);
      opts.onStatement?.(v.version, done);
    }
    await client.query(`UPDATE ${table} SET complete = true WHERE version = ${p(1)}`, [v.version]);
  }
  for (const s of opts.after ?? []) await client.query(s);
}

async function run(client: DbClient, version: string, done: number, sql: string): Promise<void> {
  try {
    await client.query(sql);
  } catch (err) {
    throw new MigrationError(
      `Version ${version}, statement ${done + 1} failed: ${errorText(err)}`,
      done,
    );
  }
}

/**
 * Why the statement at `index` of a resumed version already ran, or null. The server finishes a
 * DDL statement even when the client died waiting, so the record may lag one statement behind:
 * the schema moved since the journal recorded it before the statement, or (with no record, as
 * after a crash of an older Benchphant) it is the version's last statement and the schema already
 * is the version's own. Blueprint versions hold DDL only, which is what makes the schema a witness.
 */
function alreadyApplied(
  inFlight: InFlight | null,
  v: VersionRow,
  index: number,
  schema: SchemaSnapshot,
  fingerprint: string,
): string | null {
  if (inFlight) {
    // A record of an earlier statement means this one never started.
    const same = inFlight.version === v.version && inFlight.index === index;
    return same && inFlight.before !== fingerprint
      ? 'the schema changed since it was recorded before the statement, so the statement ran'
      : null;
  }
  if (index === v.statements.length - 1 && !compareSchemas(v.schema, schema).detected) {
    return "the schema already is the version's own";
  }
  return null;
}

/** Applies `versions` (in order, none already complete) to the tenant database `client` is on. */
export function applyVersions(
  client: DbClient,
  versions: VersionRow[],
  opts: ApplyOptions = {},
): Promise<void> {
  return sqlEngineOf(client.type).tenants.schema.transactionalDdl
    ? applyInOneTransaction(client, versions, opts)
    : applyStatementByStatement(client, versions, opts);
}

export interface TenantState {
  /** The last version complete in the tenant database, by the blueprint's order. */
  current: VersionRow | null;
  /** MySQL: a version started but not finished (a retry resumes it). */
  partial: AppliedVersion | null;
}

export async function tenantState(client: DbClient, versions: VersionRow[]): Promise<TenantState> {
  const applied = new Map((await appliedVersions(client)).map((a) => [a.version, a]));
  let current: VersionRow | null = null;
  let partial: AppliedVersion | null = null;
  for (const v of versions) {
    const a = applied.get(v.version);
    if (a?.complete) current = v;
    else if (a) partial = a;
  }
  return { current, partial };
}
