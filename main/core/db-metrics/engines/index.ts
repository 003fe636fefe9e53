// Runs in the main process and the headless server. The metrics module of each engine.
import type { DbType } from '../../../../shared/model/connection';
import type { DbMetricsEngine } from './collector';
import { mysqlMetrics } from './mysql';
import { postgresMetrics } from './postgresql';

export function metricsEngine(type: DbType): DbMetricsEngine {
  switch (type) {
    case 'postgresql':
      return postgresMetrics;
    case 'mysql':
      return mysqlMetrics;
    default: {
      const never: never = type;
      throw new Error(`no database metrics for ${String(never)}`);
    }
  }
}
