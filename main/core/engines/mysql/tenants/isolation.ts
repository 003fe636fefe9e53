// Runs in the main process, server and CLI. MySQL's part in moving a tenant: the user keeps only
// SELECT on its database while it is copied, its sessions ended; the dump loads as it is.
import { restoreInto } from '../../../tenant-ops/backups/restore';
import type { IsolationDialect } from '../../tenant-facets';
import { mysqlQuoter } from './sql';

const account = (role: string) => `${mysqlQuoter.literal(role)}@'%'`;

export const mysqlIsolation: IsolationDialect = {
  async freeze(admin, database, role) {
    const db = mysqlQuoter.ident(database);
    await admin.query(`REVOKE ALL PRIVILEGES ON ${db}.* FROM ${account(role)}`);
    await admin.query(`GRANT SELECT, SHOW VIEW ON ${db}.* TO ${account(role)}`);
    const sessions = await admin.query(
      'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?',
      [role],
    );
    // KILL takes no placeholder; the id is the server's own integer.
    for (const s of sessions.rows) await admin.query(`KILL ${Number(s.id)}`).catch(() => undefined);
  },
  async thaw(admin, database, role) {
    await admin.query(
      `GRANT ALL PRIVILEGES ON ${mysqlQuoter.ident(database)}.* TO ${account(role)}`,
    );
  },
  loadCopy: (o, target) => restoreInto(o, target),
};
