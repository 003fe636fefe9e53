// Runs in the main process, server and CLI. Schema migration 38: host metrics history gains the
// load average and the busiest disk's utilisation (nullable: older samples have none). Frozen.
import type { Migration } from '../store/migrations';

const rollupColumns = (table: string, column: string) =>
  ['min', 'max', 'sum']
    .map((k) => `ALTER TABLE ${table} ADD COLUMN ${column}_${k} INTEGER;`)
    .concat(`ALTER TABLE ${table} ADD COLUMN ${column}_n INTEGER NOT NULL DEFAULT 0;`)
    .join('\n');

export const metricsLoadMigration: Migration = {
  version: 38,
  name: 'metrics history: load average and disk utilisation',
  sql: [
    'ALTER TABLE metric_samples ADD COLUMN cpu_load1 INTEGER;',
    'ALTER TABLE metric_samples ADD COLUMN disk_max_utilization_percent INTEGER;',
    ...['metric_rollup_1m', 'metric_rollup_1h'].flatMap((t) => [
      rollupColumns(t, 'cpu_load1'),
      rollupColumns(t, 'disk_max_utilization_percent'),
    ]),
  ].join('\n'),
};
