// Runs in the main process, server and CLI. The import's predictions: the source's tables compared
// with the blueprint's current version (tables, columns, the routing column's presence and
// nullability) and the tenants found compared with the tenants there are. Each mismatch names
// the options that resolve it, so the analysis can show them and start can refuse while any is
// left open (shared/model/import-plan.ts decides which are).
import type { ImportProblem } from '../../../../shared/contract/tenant-ops';
import type { SchemaSnapshot, TableInfo } from '../../../../shared/contract/tenants';
import type { SourceTable } from './source';

type Column = TableInfo['columns'][number];

/** A column an insert must give a value for: no NULL, no default, not filled by the server. */
const required = (c: Column) =>
  !c.nullable && c.default === null && !/\bAUTO_INCREMENT\b/i.test(c.type);

export interface BlueprintVersion {
  name: string;
  version: string;
  schema: SchemaSnapshot;
}

/** The source's tables against the blueprint version tenants have (null: none deployed yet). */
export function schemaProblems(
  source: readonly SourceTable[],
  blueprint: BlueprintVersion | null,
  blueprintName: string,
  routing: string,
): ImportProblem[] {
  if (!blueprint) {
    return [
      {
        kind: 'no_blueprint_version',
        table: null,
        column: null,
        message: `Blueprint '${blueprintName}' has no version yet, so its tenants have no tables to import into.`,
        fixes: [{ option: 'import_schema' }],
      },
    ];
  }
  const where = `blueprint '${blueprint.name}' ${blueprint.version}`;
  const byName = new Map(blueprint.schema.tables.map((t) => [t.name, t]));
  const out: ImportProblem[] = [];
  for (const { info, routed } of source) {
    const table = info.name;
    const leaveOut = { option: 'leave_out', table } as const;
    const schema = { option: 'import_schema' } as const;
    const target = byName.get(table);
    if (!target) {
      out.push({
        kind: 'table_missing',
        table,
        column: null,
        message: `Table ${table} is not in ${where}.`,
        fixes: [leaveOut, schema],
      });
      continue;
    }
    const targetRouting = target.columns.find((c) => c.name === routing);
    if (routed && !targetRouting) {
      out.push({
        kind: 'routing_missing',
        table,
        column: routing,
        message: `Table ${table} of ${where} has no column ${routing}, which the source's rows carry.`,
        fixes: [{ option: 'drop_routing_column', value: true }, leaveOut, schema],
      });
    } else if (routed && targetRouting && required(targetRouting)) {
      out.push({
        kind: 'routing_required',
        table,
        column: routing,
        message: `Table ${table} of ${where} requires ${routing} (NOT NULL without a default), so it cannot be left out of the tenants' rows.`,
        fixes: [{ option: 'drop_routing_column', value: false }, leaveOut, schema],
      });
    } else if (!routed && targetRouting && required(targetRouting)) {
      out.push({
        kind: 'column_required',
        table,
        column: routing,
        message: `Table ${table} of ${where} requires ${routing}, which the source's table does not have.`,
        fixes: [leaveOut, schema],
      });
    }
    const have = new Set(target.columns.map((c) => c.name));
    for (const c of info.columns) {
      if (c.name === routing || have.has(c.name)) continue;
      out.push({
        kind: 'column_missing',
        table,
        column: c.name,
        message: `Column ${table}.${c.name} of the source is not in ${where}.`,
        fixes: [leaveOut, schema],
      });
    }
    const given = new Set(info.columns.map((c) => c.name));
    for (const c of target.columns) {
      if (c.name === routing || given.has(c.name) || !required(c)) continue;
      out.push({
        kind: 'column_required',
        table,
        column: c.name,
        message: `Table ${table} of ${where} requires ${c.name} (NOT NULL without a default), which the source's table does not have.`,
        fixes: [leaveOut, schema],
      });
    }
  }
  return out;
}

/** What a tenant found in the source is here: missing, without the blueprint's database, or its status. */
export type TenantState =
  { kind: 'missing' } | { kind: 'no_database' } | { kind: 'present'; status: string };

export function tenantProblems(
  tenants: readonly string[],
  state: (tenantId: string) => TenantState,
  blueprintName: string,
): ImportProblem[] {
  const out: ImportProblem[] = [];
  for (const tenant of tenants) {
    const s = state(tenant);
    if (s.kind === 'missing') {
      out.push({
        kind: 'tenant_missing',
        table: null,
        column: null,
        message: `Tenant ${tenant} does not exist.`,
        fixes: [{ option: 'create_tenants' }],
      });
    } else if (s.kind === 'no_database') {
      out.push({
        kind: 'tenant_unusable',
        table: null,
        column: null,
        message: `Tenant ${tenant} has no database of blueprint '${blueprintName}'.`,
        fixes: [],
      });
    } else if (s.status !== 'ready') {
      out.push({
        kind: 'tenant_unusable',
        table: null,
        column: null,
        message: `Tenant ${tenant} is ${s.status}, not ready.`,
        fixes: [],
      });
    }
  }
  return out;
}
