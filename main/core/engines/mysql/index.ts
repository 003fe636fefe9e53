// Runs in the main process, server and CLI. MySQL and MariaDB as an engine: connect and test
// through `mysql2`, their error codes, placeholders and the benchmark's dialect.
import { ENGINE_INFO } from '../../../../shared/model/engines';
import { openMysql } from '../../db/mysql';
import { authFailed, databaseMissing } from '../causes';
import type { SqlEngine } from '../engine';
import { mysqlMetrics } from './server-metrics';
import { mysqlStatements } from './statements';
import { sqlProbe } from '../sql-probe';
import { mysqlTenants } from './tenants';
import { mysqlBench } from './bench';

const ACCESS_DENIED = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR']);

export const mysql: SqlEngine<'mysql'> = {
  type: 'mysql',
  info: ENGINE_INFO.mysql,
  paramsProblem: () => null,
  open: (params, timeoutMs, cleartext, batches) => openMysql(params, timeoutMs, cleartext, batches),
  probe: (params, opts) => sqlProbe(mysql, params, opts),
  classifyConnectError(err, p) {
    const e = (err ?? {}) as { code?: string; errno?: number };
    // 1045 access denied (1698 arrives as the same code); 1049 unknown database.
    if (ACCESS_DENIED.has(e.code ?? '') || e.errno === 1045) return authFailed(p);
    if (e.code === 'ER_BAD_DB_ERROR' || e.errno === 1049) return databaseMissing(p);
    return null;
  },
  answersAs: (kind) => kind === 'mysql' || kind === 'mariadb',
  // Tenants are databases and roles, run by the tenant services' SQL paths.
  keyspaces: null,
  placeholder: () => '?',
  bench: mysqlBench,
  serverMetrics: mysqlMetrics,
  statements: mysqlStatements,
  tenants: mysqlTenants,
};
