// Runs in the main process, server and CLI. Moves one tenant database to a blueprint version:
// reads what the database itself says is applied, checks its schema against the version it
// claims (a drifted tenant is reported, never silently migrated), then applies what is missing.
import { compareSchemas, introspect } from '../introspect';
import { devDatabase } from '../names';
import type { Servers } from '../servers';
import type { VersionRow } from '../store/blueprint-repo';
import type { TenantDbRow } from '../store/tenant-repo';
import { tenantAccess } from '../tenants/access';
import {
  applyVersions,
  MigrationError,
  type StatementJournal,
  tenantState,
} from '../tenants/migrator';

export type StepOutcome =
  | { status: 'completed'; from: string | null; to: string }
  | { status: 'drifted'; from: string | null; error: string }
  | { status: 'failed'; from: string | null; error: string; statementsDone: number };

export async function migrateTenant(
  servers: Servers,
  d: TenantDbRow,
  versions: VersionRow[],
  target: VersionRow,
  onStatement: (done: number) => void,
  journal?: StatementJournal,
): Promise<StepOutcome> {
  const ks = servers.keyspaces(d.connection_id);
  if (ks) {
    // A key space's drift is checked by its engine, against its record and the keys it names.
    return ks.migrate(await servers.engineParams(d.connection_id), {
      database: d.database,
      from: devDatabase(target.blueprint),
      versions,
      target,
      onStatement,
      applied: d.version,
      tag: servers.instanceTag(),
    });
  }
  const access = tenantAccess(servers.connection(d.connection_id).type);
  return servers.with(d.connection_id, d.database, async (c) => {
    const state = await tenantState(c, versions);
    const from = state.current?.version ?? null;
    const fromOrdinal = state.current?.ordinal ?? -1;
    if (fromOrdinal >= target.ordinal) {
      return { status: 'completed', from, to: from ?? target.version };
    }
    // A half-applied MySQL version is resumed as it stands; otherwise the schema must match.
    if (!state.partial) {
      const expected = state.current?.schema ?? { tables: [] };
      const drift = compareSchemas(expected, await introspect(c));
      if (drift.detected) {
        return {
          status: 'drifted',
          from,
          error: `Drift from version ${from ?? '(none)'}: ${drift.message ?? ''} Bring the database back in line (or re-create the tenant) and retry.`,
        };
      }
    }
    const pending = versions.filter((v) => v.ordinal > fromOrdinal && v.ordinal <= target.ordinal);
    try {
      await applyVersions(c, pending, {
        after: access.grants(d.role),
        onStatement: (_v, done) => onStatement(done),
        ...(journal ? { journal } : {}),
      });
    } catch (err) {
      const e = err instanceof MigrationError ? err : new MigrationError(String(err), 0);
      return { status: 'failed', from, error: e.message, statementsDone: e.statementsDone };
    }
    return { status: 'completed', from, to: target.version };
  });
}
