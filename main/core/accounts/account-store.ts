// Runs in the main process, server and CLI. SQL for accounts, their token state and revoked
// tokens; it sees password hashes only, never a password.
import type { Db } from '../store/database';

export interface AccountRow {
  id: number;
  username: string;
  password_hash: string;
  admin: number;
  token_version: number;
  kept_jti: string | null;
  created_at: string;
  last_login: string | null;
}

export class AccountStore {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
  }

  list(): AccountRow[] {
    return this.db.prepare('SELECT * FROM accounts ORDER BY id').all() as AccountRow[];
  }

  byName(username: string): AccountRow | null {
    const row = this.db
      .prepare('SELECT * FROM accounts WHERE username = ? COLLATE NOCASE')
      .get(username) as AccountRow | undefined;
    return row ?? null;
  }

  byId(id: number): AccountRow | null {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as
      AccountRow | undefined;
    return row ?? null;
  }

  insert(username: string, passwordHash: string, admin: boolean, now: string): AccountRow {
    const info = this.db
      .prepare(
        'INSERT INTO accounts (username, password_hash, admin, created_at) VALUES (?, ?, ?, ?)',
      )
      .run(username, passwordHash, admin ? 1 : 0, now);
    return this.byId(Number(info.lastInsertRowid)) as AccountRow;
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  }

  /** A new password ends every token but `keptJti` (the session that changed it, if any). */
  setPassword(id: number, passwordHash: string, keptJti: string | null): void {
    this.db
      .prepare(
        'UPDATE accounts SET password_hash = ?, token_version = token_version + 1, kept_jti = ? WHERE id = ?',
      )
      .run(passwordHash, keptJti, id);
  }

  setAdmin(id: number, admin: boolean): void {
    this.db.prepare('UPDATE accounts SET admin = ? WHERE id = ?').run(admin ? 1 : 0, id);
  }

  touchLogin(id: number, now: string): void {
    this.db.prepare('UPDATE accounts SET last_login = ? WHERE id = ?').run(now, id);
  }

  revokeToken(jti: string, expiresAt: number, nowSeconds: number): void {
    const tx = this.db.transaction(() => {
      this.db.prepare('DELETE FROM revoked_tokens WHERE expires_at < ?').run(nowSeconds);
      this.db
        .prepare('INSERT OR IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)')
        .run(jti, expiresAt);
    });
    tx();
  }

  isRevoked(jti: string): boolean {
    return this.db.prepare('SELECT 1 FROM revoked_tokens WHERE jti = ?').get(jti) !== undefined;
  }
}
