// Runs in the main process, server and CLI. PostgreSQL as an engine: connect and test through
// `pg`, its error codes, placeholders and the benchmark's dialect.
import { ENGINE_INFO } from '../../../../shared/model/engines';
import { openPostgres } from '../../db/postgres';
import { authFailed, databaseMissing } from '../causes';
import type { SqlEngine } from '../engine';
import { postgresMetrics } from './server-metrics';
import { postgresStatements } from './statements';
import { sqlProbe } from '../sql-probe';
import { postgresTenants } from './tenants';
import { postgresBench } from './bench';

export const postgresql: SqlEngine<'postgresql'> = {
  type: 'postgresql',
  info: ENGINE_INFO.postgresql,
  paramsProblem: () => null,
  open: (params, timeoutMs, cleartext) => openPostgres(params, timeoutMs, cleartext),
  probe: (params, opts) => sqlProbe(postgresql, params, opts),
  classifyConnectError(err, p) {
    const e = (err ?? {}) as { code?: string; message?: string };
    // 28P01 wrong password, 28000 no pg_hba entry or no such role; 3D000 no such database.
    if (e.code === '28P01' || e.code === '28000') return authFailed(p);
    if (
      /password authentication failed|SASL|client password must be a string/i.test(e.message ?? '')
    )
      return authFailed(p);
    if (e.code === '3D000') return databaseMissing(p);
    return null;
  },
  answersAs: (kind) => kind === 'postgresql',
  // Tenants are databases and roles, run by the tenant services' SQL paths.
  keyspaces: null,
  placeholder: (n) => `$${n}`,
  bench: postgresBench,
  serverMetrics: postgresMetrics,
  statements: postgresStatements,
  tenants: postgresTenants,
};
