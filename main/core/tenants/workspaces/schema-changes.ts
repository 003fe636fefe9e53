// Runs in the main process, server and CLI. Runs DDL in a workspace's dev database and records
// each statement as a pending change. The schema Benchphant knows of moves only by the tables its
// own statements touched, so a change made outside Benchphant keeps showing as drift.
import { randomUUID } from 'node:crypto';
import type { Change, SchemaSnapshot } from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { DbClient } from '../../db/client';
import { introspect } from '../introspect';
import { sqlType } from '../names';
import { errorText } from '../rows';
import { classify, inverseOf } from '../sql/classify';
import type { WorkspaceRepository, WorkspaceRow } from '../store/workspace-repo';

function tablesTouched(before: SchemaSnapshot, after: SchemaSnapshot): Set<string> {
  const fp = (s: SchemaSnapshot) => new Map(s.tables.map((t) => [t.name, JSON.stringify(t)]));
  const a = fp(before);
  const b = fp(after);
  return new Set([...a.keys(), ...b.keys()].filter((n) => a.get(n) !== b.get(n)));
}

/** `known` with the touched tables taken from `after` (added, changed or gone). */
export function mergeKnown(
  known: SchemaSnapshot,
  before: SchemaSnapshot,
  after: SchemaSnapshot,
): SchemaSnapshot {
  const touched = tablesTouched(before, after);
  const kept = known.tables.filter((t) => !touched.has(t.name));
  const fresh = after.tables.filter((t) => touched.has(t.name));
  return { tables: [...kept, ...fresh].sort((x, y) => x.name.localeCompare(y.name)) };
}

/** A pending change's id. */
export const changeId = () => `ddl_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export interface DdlRun {
  changes: Change[];
  after: SchemaSnapshot;
}

/**
 * Runs `statements` in order on `client` (the dev database), recording the DDL ones; stops at the
 * first failure, keeping what ran before it. `record: false` runs without recording (reverts).
 */
export async function runDdl(
  repo: WorkspaceRepository,
  ws: WorkspaceRow,
  client: DbClient,
  statements: readonly string[],
  record = true,
): Promise<DdlRun> {
  const before = await introspect(client);
  const changes: Change[] = [];
  let failure: AppError | null = null;
  for (const [i, sql] of statements.entries()) {
    try {
      await client.query(sql);
    } catch (err) {
      const where =
        statements.length > 1 ? `Statement ${i + 1} of ${statements.length}` : 'The statement';
      const kept = i > 0 ? ` The ${i} before it ran and are recorded.` : '';
      failure = new AppError(
        'BAD_INPUT',
        `${where} failed on ${ws.database}: ${errorText(err)}.${kept}`,
      );
      break;
    }
    const c = classify(sql, sqlType(ws.db_type));
    if (record && c.ddl) {
      const inv = inverseOf(sql, sqlType(ws.db_type));
      changes.push(
        repo.addChange(ws.name, {
          id: changeId(),
          statement: sql,
          kind: c.kind,
          inverse: inv.inverse,
          revert_note: inv.note,
          created_at: new Date().toISOString(),
        }),
      );
    }
  }
  const after = await introspect(client);
  const fresh = repo.get(ws.name);
  if (fresh) repo.setKnownSchema(ws.name, mergeKnown(repo.knownSchema(fresh), before, after));
  if (failure) throw failure;
  return { changes, after };
}
