// Runs in the main process, server and CLI. Connection metadata in SQLite; no password column
// exists, only the reference to where the secret store keeps it.
import {
  type Connection,
  type Environment,
  type EngineType,
  sshSchema,
  type TlsMode,
} from '../../../shared/model/connection';
import type { Db } from '../store/database';
import { defaultVaultPath } from './ssh-secrets';

interface Row {
  id: string;
  name: string;
  type: EngineType;
  host: string;
  port: number;
  database: string;
  username: string;
  environment: Environment;
  description: string;
  tags: string;
  is_active: number;
  tls_mode: TlsMode;
  tls_ca_file: string | null;
  tls_cert_file: string | null;
  tls_key_file: string | null;
  tls_server_name: string | null;
  tls_key_has_secret: number;
  ssh: string | null;
  monitor_ssh: string | null;
  secret_ref: string | null;
  /** Null: the default name, `connection/<id>`. */
  vault_path: string | null;
  is_sandbox: number;
  created_at: string;
  updated_at: string;
  /** Kept by markTested only; an edit never writes them. */
  last_tested_at?: string | null;
  last_test_ok?: number | null;
}

const toConnection = (r: Row): Connection => ({
  id: r.id,
  name: r.name,
  type: r.type,
  host: r.host,
  port: r.port,
  database: r.database,
  username: r.username,
  environment: r.environment,
  description: r.description,
  tags: JSON.parse(r.tags) as string[],
  is_active: r.is_active === 1,
  tls: {
    mode: r.tls_mode,
    ...(r.tls_ca_file ? { ca_file: r.tls_ca_file } : {}),
    ...(r.tls_cert_file ? { cert_file: r.tls_cert_file } : {}),
    ...(r.tls_key_file ? { key_file: r.tls_key_file } : {}),
    ...(r.tls_server_name ? { server_name: r.tls_server_name } : {}),
  },
  has_tls_key_passphrase: r.tls_key_has_secret === 1,
  ssh: r.ssh === null ? null : sshSchema.parse(JSON.parse(r.ssh)),
  monitor_ssh: r.monitor_ssh === null ? null : sshSchema.parse(JSON.parse(r.monitor_ssh)),
  has_password: r.secret_ref !== null,
  secret_ref: r.secret_ref,
  vault_path: r.vault_path ?? defaultVaultPath(r.id),
  is_sandbox: r.is_sandbox === 1,
  last_tested_at: r.last_tested_at ?? null,
  last_test_ok:
    r.last_test_ok === null || r.last_test_ok === undefined ? null : r.last_test_ok === 1,
  created_at: r.created_at,
  updated_at: r.updated_at,
});

const toRow = (c: Connection): Row => ({
  id: c.id,
  name: c.name,
  type: c.type,
  host: c.host,
  port: c.port,
  database: c.database,
  username: c.username,
  environment: c.environment,
  description: c.description,
  tags: JSON.stringify(c.tags),
  is_active: c.is_active ? 1 : 0,
  tls_mode: c.tls.mode,
  tls_ca_file: c.tls.ca_file ?? null,
  tls_cert_file: c.tls.cert_file ?? null,
  tls_key_file: c.tls.key_file ?? null,
  tls_server_name: c.tls.server_name ?? null,
  tls_key_has_secret: c.has_tls_key_passphrase ? 1 : 0,
  ssh: c.ssh === null ? null : JSON.stringify(c.ssh),
  monitor_ssh: c.monitor_ssh ? JSON.stringify(c.monitor_ssh) : null,
  secret_ref: c.secret_ref,
  vault_path:
    c.vault_path === undefined || c.vault_path === defaultVaultPath(c.id) ? null : c.vault_path,
  is_sandbox: c.is_sandbox ? 1 : 0,
  created_at: c.created_at,
  updated_at: c.updated_at,
});

const COLUMNS = [
  'id',
  'name',
  'type',
  'host',
  'port',
  'database',
  'username',
  'environment',
  'description',
  'tags',
  'is_active',
  'tls_mode',
  'tls_ca_file',
  'tls_cert_file',
  'tls_key_file',
  'tls_server_name',
  'tls_key_has_secret',
  'ssh',
  'monitor_ssh',
  'secret_ref',
  'vault_path',
  'is_sandbox',
  'created_at',
  'updated_at',
] as const;

export class ConnectionRepository {
  private readonly insertStmt;
  private readonly updateStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO connections (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    this.updateStmt = db.prepare(
      `UPDATE connections SET ${COLUMNS.filter((c) => c !== 'id' && c !== 'created_at')
        .map((c) => `${c} = @${c}`)
        .join(', ')} WHERE id = @id`,
    );
  }

  list(): Connection[] {
    const rows = this.db
      .prepare('SELECT * FROM connections ORDER BY is_sandbox DESC, name COLLATE NOCASE')
      .all() as Row[];
    return rows.map(toConnection);
  }

  get(id: string): Connection | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as
      Row | undefined;
    return row && toConnection(row);
  }

  /** The connection whose credentials live under this vault_path, if any. */
  byVaultPath(path: string): Connection | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE vault_path = ?').get(path) as
      Row | undefined;
    return row && toConnection(row);
  }

  findSandbox(): Connection | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE is_sandbox = 1 LIMIT 1').get() as
      Row | undefined;
    return row && toConnection(row);
  }

  insert(c: Connection): void {
    this.insertStmt.run(toRow(c));
  }

  update(c: Connection): void {
    this.updateStmt.run(toRow(c));
  }

  /** When the saved connection was tested and whether it answered; leaves updated_at alone. */
  markTested(id: string, at: string, ok: boolean): void {
    this.db
      .prepare('UPDATE connections SET last_tested_at = ?, last_test_ok = ? WHERE id = ?')
      .run(at, ok ? 1 : 0, id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
  }
}
