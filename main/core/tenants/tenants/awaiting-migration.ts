// Runs in the main process, server and CLI. Migration 40: tenant databases waiting for a dedicated
// server (isolation level 2 asked for without one) until `POST /webhooks/vm-ready` attaches it.
import type { Migration } from '../../store/migrations';

export const awaitingServersMigration: Migration = {
  version: 40,
  name: 'tenant databases awaiting a dedicated server',
  sql: `
    CREATE TABLE tn_awaiting_servers (
      tenant_id     TEXT NOT NULL REFERENCES tn_tenants (id) ON DELETE CASCADE,
      blueprint     TEXT NOT NULL,
      -- create: the database is not made yet (its row's connection_id is '');
      -- move: it lives on the shared server and moves once the server is there.
      kind          TEXT NOT NULL CHECK (kind IN ('create', 'move')),
      -- move: the tenant's status to return to (it shows 'provisioning' meanwhile).
      prior_status  TEXT,
      requested_at  TEXT NOT NULL,
      PRIMARY KEY (tenant_id, blueprint)
    );
  `,
};
