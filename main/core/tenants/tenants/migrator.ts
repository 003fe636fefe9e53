// Runs in the main process, server and CLI. Applies blueprint versions to one tenant database and
// records them in the database itself (VERSIONS_TABLE), so the tenant's own record is the truth.
// PostgreSQL: all versions in one transaction. MySQL (DDL commits on its own): each statement's
// completion is recorded, so a retry resumes after the last one that ran.
import type { DbClient } from '../../db/client';
import { VERSIONS_TABLE } from '../introspect';
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
  const ts =
    client.type === 'postgresql'
      ? 'timestamptz NOT NULL DEFAULT now()'
      : 'datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)';
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${q.ident(VERSIONS_TABLE)} (version varchar(20) PRIMARY KEY, ` +
      `statements_done int NOT NULL, complete boolean NOT NULL, applied_at ${ts})`,
  );
}

/** What the tenant database says was applied (the blueprint's list gives the order). */
export async function appliedVersions(client: DbClient): Promise<AppliedVersion[]> {
  const q = quoter(client.type);
  const exists =
    client.type === 'postgresql'
      ? await client.query(
          'SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1',
          [VERSIONS_TABLE],
        )
      : await client.query(
          'SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
          [VERSIONS_TABLE],
        );
  if (exists.rows.length === 0) return [];
  const rows = await client.query(
    `SELECT version, statements_done, complete FROM ${q.ident(VERSIONS_TABLE)} ORDER BY version`,
  );
  return rows.rows.map((r) => ({
    version: String(r.version),
    statements_done: Number(r.statements_done),
    complete: r.complete === true || Number(r.complete) === 1,
  }));
}

export interface ApplyOptions {
  /** Statements to run after the versions (grants), inside the same transaction on PostgreSQL. */
  after?: string[];
  /** MySQL: called after each recorded statement with the count done in the current version. */
  onStatement?: (version: string, done: number) => void;
}

async function applyPostgres(
  client: DbClient,
  versions: VersionRow[],
  opts: ApplyOptions,
): Promise<void> {
  const q = quoter('postgresql');
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
        `INSERT INTO ${q.ident(VERSIONS_TABLE)} (version, statements_done, complete) VALUES ($1, $2, true)`,
        [v.version, v.statements.length],
      );
    }
    for (const s of opts.after ?? []) await client.query(s);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err instanceof MigrationError ? err : new MigrationError(errorText(err), 0);
  }
}

async function applyMysql(
  client: DbClient,
  versions: VersionRow[],
  opts: ApplyOptions,
): Promise<void> {
  const q = quoter('mysql');
  const table = q.ident(VERSIONS_TABLE);
  await ensureVersionsTable(client);
  const applied = new Map((await appliedVersions(client)).map((a) => [a.version, a]));
  for (const v of versions) {
    const row = applied.get(v.version);
    if (row?.complete) continue;
    let done = row?.statements_done ?? 0;
    if (!row)
      await client.query(
        `INSERT INTO ${table} (version, statements_done, complete) VALUES (?, 0, false)`,
        [v.version],
      );
    for (const s of v.statements.slice(done)) {
      try {
        await client.query(s);
      } catch (err) {
        throw new MigrationError(
          `Version ${v.version}, statement ${done + 1} failed: ${errorText(err)}`,
          done,
        );
      }
      done += 1;
      await client.query(`UPDATE ${table} SET statements_done = ? WHERE version = ?`, [
        done,
        v.version,
      ]);
      opts.onStatement?.(v.version, done);
    }
    await client.query(`UPDATE ${table} SET complete = true WHERE version = ?`, [v.version]);
  }
  for (const s of opts.after ?? []) await client.query(s);
}

/** Applies `versions` (in order, none already complete) to the tenant database `client` is on. */
export function applyVersions(
  client: DbClient,
  versions: VersionRow[],
  opts: ApplyOptions = {},
): Promise<void> {
  return client.type === 'postgresql'
    ? applyPostgres(client, versions, opts)
    : applyMysql(client, versions, opts);
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
