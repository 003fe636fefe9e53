// Runs in the main process, server and CLI. Small builders that keep the templates readable;
// they produce the same JSON table definitions a user can import.
import type { JsonTable } from '../../../../shared/contract/tenants';

type Column = JsonTable['columns'][number];
type OnDelete = NonNullable<Column['references']>['on_delete'];

export const col = (name: string, type: string, opts: Partial<Column> = {}): Column => ({
  name,
  type,
  nullable: true,
  primary_key: false,
  unique: false,
  default_current_timestamp: false,
  ...opts,
});

/** A NOT NULL column referencing `<table>.id`. */
export const fk = (name: string, type: string, table: string, onDelete: OnDelete): Column =>
  col(name, type, { nullable: false, references: { table, column: 'id', on_delete: onDelete } });

export const table = (
  name: string,
  columns: Column[],
  indexes: { columns: string[]; unique?: boolean }[] = [],
): JsonTable => ({
  name,
  columns,
  indexes: indexes.map((i) => ({ columns: i.columns, unique: i.unique ?? false })),
});
