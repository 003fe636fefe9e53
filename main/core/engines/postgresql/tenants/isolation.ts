// Runs in the main process, server and CLI. PostgreSQL's part in moving a tenant: the role's
// sessions start read-only while its database is copied; pg_restore without owners and grants.
import { runTool } from '../../../tenant-ops/backups/process';
import { restoreInto } from '../../../tenant-ops/backups/restore';
import { pgInvocation } from '../../../tenant-ops/backups/tool-env';
import type { IsolationDialect } from '../../tenant-facets';
import { pgQuoter } from './sql';

export const postgresIsolation: IsolationDialect = {
  async freeze(admin, _database, role) {
    await admin.query(`ALTER ROLE ${pgQuoter.ident(role)} SET default_transaction_read_only = on`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      role,
    ]);
  },
  async thaw(admin, _database, role) {
    await admin.query(`ALTER ROLE ${pgQuoter.ident(role)} RESET default_transaction_read_only`);
  },
  async loadCopy(o, target) {
    if (o.backup.tool !== 'pg_dump' || !o.tools.postgres) return restoreInto(o, target);
    const call = pgInvocation(o.params, target);
    await runTool({
      program: o.tools.postgres.restore,
      args: [
        ...call.args,
        '--no-owner',
        '--no-acl',
        '--exit-on-error',
        '--single-transaction',
        o.file,
      ],
      env: call.env,
    });
  },
};
