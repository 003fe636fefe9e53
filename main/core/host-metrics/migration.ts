// Runs in the main process, server and CLI. The store's schema for server host metrics (migration
// 37): raw one-second samples per connection, and minute/hour rollups keeping min, sum, max, count.
import { seriesTablesSql } from '../db-metrics/migration';
import type { Migration } from '../store/migrations';

export const hostMetricsMigration: Migration = {
  version: 37,
  name: 'server host metrics',
  sql: seriesTablesSql('host_metric'),
};
