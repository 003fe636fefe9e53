// Runs in the main process, server and CLI. SQL for API keys and projects. It keeps a key's
// SHA-256 (for lookup) and prefix (to recognise it), never the key itself.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/database';

export const API_KEY_PREFIX = 'tenantsdb_sk_';
const API_KEY_SHAPE = /^tenantsdb_sk_[0-9a-f]{64}$/;
/** How much of a key a listing shows: enough to tell keys apart, far too little to use one. */
const SHOWN_HEX = 8;

export const isApiKeyShaped = (value: string) => API_KEY_SHAPE.test(value);
export const newApiKey = () => `${API_KEY_PREFIX}${randomBytes(32).toString('hex')}`;
export const keyDigest = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
export const keyPrefix = (key: string) => key.slice(0, API_KEY_PREFIX.length + SHOWN_HEX);
/** Where the secret store keeps a key, so TenantsDB's login can hand it back to its owner. */
export const keySecretAccount = (id: number) => `apikey/${id}`;

export interface ApiKeyRow {
  id: number;
  account_id: number | null;
  project_id: string;
  project_name: string;
  name: string;
  prefix: string;
  is_active: number;
  created_at: string;
  last_used_at: string | null;
}

export interface ProjectRow {
  id: string;
  name: string;
  account_id: number | null;
  created_at: string;
  api_key_count: number;
}

const KEY_COLUMNS = `k.id, k.account_id, k.project_id, p.name AS project_name, k.name, k.prefix,
  k.is_active, k.created_at, k.last_used_at`;

export class ApiKeyStore {
  constructor(private readonly db: Db) {}

  insert(row: {
    accountId: number | null;
    projectId: string;
    name: string;
    key: string;
    now: string;
  }): ApiKeyRow {
    const info = this.db
      .prepare(
        `INSERT INTO api_keys (account_id, project_id, name, key_sha256, prefix, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(row.accountId, row.projectId, row.name, keyDigest(row.key), keyPrefix(row.key), row.now);
    return this.byId(Number(info.lastInsertRowid)) as ApiKeyRow;
  }

  byId(id: number): ApiKeyRow | null {
    const row = this.db
      .prepare(
        `SELECT ${KEY_COLUMNS} FROM api_keys k JOIN projects p ON p.id = k.project_id WHERE k.id = ?`,
      )
      .get(id) as ApiKeyRow | undefined;
    return row ?? null;
  }

  /** The active key with this digest, if any. */
  byKey(key: string): ApiKeyRow | null {
    const row = this.db
      .prepare(
        `SELECT ${KEY_COLUMNS} FROM api_keys k JOIN projects p ON p.id = k.project_id
         WHERE k.key_sha256 = ? AND k.is_active = 1`,
      )
      .get(keyDigest(key)) as ApiKeyRow | undefined;
    return row ?? null;
  }

  /** Keys of one project, of one account, or (both null) all of them, newest first. */
  list(filter: { projectId?: string; accountId?: number | null }): ApiKeyRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.projectId !== undefined) {
      where.push('k.project_id = ?');
      args.push(filter.projectId);
    }
    if (filter.accountId !== undefined) {
      where.push('k.account_id IS ?');
      args.push(filter.accountId);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return this.db
      .prepare(
        `SELECT ${KEY_COLUMNS} FROM api_keys k JOIN projects p ON p.id = k.project_id ${clause} ORDER BY k.id DESC`,
      )
      .all(...args) as ApiKeyRow[];
  }

  touch(id: number, now: string): void {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now, id);
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM api_keys WHERE id = ?').run(id);
  }

  projects(accountId?: number): ProjectRow[] {
    const clause = accountId === undefined ? '' : 'WHERE p.account_id = ?';
    return this.db
      .prepare(
        `SELECT p.*, (SELECT count(*) FROM api_keys k WHERE k.project_id = p.id) AS api_key_count
         FROM projects p ${clause} ORDER BY p.created_at, p.id`,
      )
      .all(...(accountId === undefined ? [] : [accountId])) as ProjectRow[];
  }

  project(id: string): ProjectRow | null {
    return this.projects().find((p) => p.id === id) ?? null;
  }

  insertProject(name: string, accountId: number | null, now: string): ProjectRow {
    const id = `tdb_${randomBytes(4).toString('hex')}`;
    this.db
      .prepare('INSERT INTO projects (id, name, account_id, created_at) VALUES (?, ?, ?, ?)')
      .run(id, name, accountId, now);
    return this.project(id) as ProjectRow;
  }

  deleteProject(id: string): void {
    this.db.prepare('DELETE FROM projects WHERE id = ?').run(id);
  }
}
