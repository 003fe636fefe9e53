// Runs in the main process, server and CLI. One entry for reading a database's schema, and the
// comparison that tells drift: what differs between two snapshots, table by table.
import { createHash } from 'node:crypto';
import type { Drift, SchemaSnapshot } from '../../../../shared/contract/tenants';
import type { DbClient } from '../../db/client';
import { sqlEngineOf } from '../../engines/registry';

/** The table in every tenant database that records the applied blueprint versions. */
export const VERSIONS_TABLE = '_benchphant_versions';

export async function introspect(client: DbClient): Promise<SchemaSnapshot> {
  const snap = await sqlEngineOf(client.type).tenants.schema.introspect(client);
  return { tables: snap.tables.filter((t) => t.name !== VERSIONS_TABLE) };
}

/** A table in a form where equal schemas compare equal (index order etc. do not matter). */
function fingerprint(t: SchemaSnapshot['tables'][number]): string {
  return JSON.stringify({
    columns: t.columns,
    indexes: [...t.indexes].sort((a, b) => a.name.localeCompare(b.name)),
    foreign_keys: [...t.foreign_keys].sort((a, b) => a.name.localeCompare(b.name)),
  });
}

/** One hash of a whole schema: equal schemas hash equal (the journal records it per statement). */
export function schemaFingerprint(snapshot: SchemaSnapshot): string {
  const tables = [...snapshot.tables]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => `${t.name}:${fingerprint(t)}`);
  return createHash('sha256').update(tables.join('\n')).digest('hex');
}

/** How `actual` differs from `expected`. */
export function compareSchemas(expected: SchemaSnapshot, actual: SchemaSnapshot): Drift {
  const want = new Map(expected.tables.map((t) => [t.name, fingerprint(t)]));
  const have = new Map(actual.tables.map((t) => [t.name, fingerprint(t)]));
  const added = [...have.keys()].filter((n) => !want.has(n));
  const removed = [...want.keys()].filter((n) => !have.has(n));
  const changed = [...have.keys()].filter((n) => want.has(n) && want.get(n) !== have.get(n));
  const detected = added.length + removed.length + changed.length > 0;
  const parts = [
    added.length ? `tables added: ${added.join(', ')}` : '',
    removed.length ? `tables removed: ${removed.join(', ')}` : '',
    changed.length ? `tables changed: ${changed.join(', ')}` : '',
  ].filter(Boolean);
  return {
    detected,
    added_tables: added,
    removed_tables: removed,
    changed_tables: changed,
    message: detected ? `The schema differs from the expected one (${parts.join('; ')}).` : null,
  };
}
