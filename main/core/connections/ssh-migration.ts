// Runs in the main process, server and CLI. Migration 8: SSH tunnel settings and TLS client
// certificates on connections. Only paths and flags live here; every secret is in the keychain.
import type { Migration } from '../store/migrations';

export const sshMigration: Migration = {
  version: 8,
  name: 'connection ssh tunnels and tls client certificates',
  sql: `
    ALTER TABLE connections ADD COLUMN tls_cert_file TEXT;
    ALTER TABLE connections ADD COLUMN tls_key_file TEXT;
    ALTER TABLE connections ADD COLUMN tls_server_name TEXT;
    -- Whether the client key's passphrase is in the keychain (account connection/<id>/tls-key).
    ALTER TABLE connections ADD COLUMN tls_key_has_secret INTEGER NOT NULL DEFAULT 0;
    -- JSON of the tunnel's hops (host, port, user, auth, key_file, has_secret); NULL: direct.
    ALTER TABLE connections ADD COLUMN ssh TEXT;
  `,
};
