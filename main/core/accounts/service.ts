// Runs in the main process, server and CLI. Accounts and how a caller proves to be one: password
// (Argon2id, with failed logins slowed), JWT, API key. Secrets go to the secret store or nowhere;
// nothing here logs or returns a password, a key or a token except a key on its creation.
import type { Identity } from '../../../shared/contract/call-context';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { Db } from '../store/database';
import { type AccountRow, AccountStore } from './account-store';
import {
  type ApiKeyRow,
  ApiKeyStore,
  isApiKeyShaped,
  keySecretAccount,
  newApiKey,
} from './api-key-store';
import { type LoginLimits, LoginLimiter } from './login-limiter';
import { checkNewPassword, hashPassword, passwordMatches, spendVerifyTime } from './passwords';
import { type IssuedToken, TokenIssuer } from './tokens';

export interface AccountServiceOptions {
  db: Db;
  secrets: SecretStore | null;
  logger: Logger;
  /** Seconds since the epoch; tests move it to see tokens expire. */
  now?: () => number;
  tokenTtlSeconds?: number;
  loginLimits?: LoginLimits;
}

const WRONG_LOGIN = 'Invalid username or password';
// A key used more often than this has its last_used_at written once per interval, not per call.
const TOUCH_INTERVAL_S = 60;

export class AccountService {
  readonly store: AccountStore;
  readonly keys: ApiKeyStore;
  private readonly tokens: TokenIssuer;
  private readonly limiter: LoginLimiter;
  private readonly now: () => number;

  constructor(private readonly opts: AccountServiceOptions) {
    this.store = new AccountStore(opts.db);
    this.keys = new ApiKeyStore(opts.db);
    this.tokens = new TokenIssuer(opts.secrets, opts.logger, opts.tokenTtlSeconds);
    this.limiter = new LoginLimiter(opts.loginLimits);
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  }

  private iso(): string {
    return new Date(this.now() * 1000).toISOString();
  }

  get tokenTtlSeconds(): number {
    return this.tokens.ttlSeconds;
  }

  hasAccounts(): boolean {
    return this.store.count() > 0;
  }

  async add(username: string, password: string, admin: boolean): Promise<AccountRow> {
    checkNewPassword(password);
    if (this.store.byName(username))
      throw new AppError('CONFLICT', `An account named '${username}' already exists.`);
    const row = this.store.insert(username, await hashPassword(password), admin, this.iso());
    this.opts.logger.info(`account ${row.id} created${admin ? ' (admin)' : ''}`);
    return row;
  }

  named(username: string): AccountRow {
    const row = this.store.byName(username);
    if (!row) throw new AppError('NOT_FOUND', `No account named '${username}'.`);
    return row;
  }

  async remove(username: string): Promise<void> {
    const row = this.named(username);
    const keys = this.keys.list({ accountId: row.id });
    this.store.delete(row.id);
    await this.forgetKeys(keys);
    this.opts.logger.info(`account ${row.id} deleted`);
  }

  /** Sets a password; every token of the account ends except `keepJti` (the caller's own). */
  async setPassword(username: string, password: string, keepJti: string | null = null) {
    checkNewPassword(password);
    const row = this.named(username);
    this.store.setPassword(row.id, await hashPassword(password), keepJti);
    this.opts.logger.info(`account ${row.id} password changed`);
  }

  /** The account whose password this is, or a refusal that says nothing about which part was wrong. */
  async checkPassword(username: string, password: string, ip?: string): Promise<AccountRow> {
    await this.limiter.check(username, ip);
    const row = this.store.byName(username);
    const ok = row ? await passwordMatches(row.password_hash, password) : false;
    if (!row) await spendVerifyTime(password);
    if (!row || !ok) {
      await this.limiter.failed(username, ip);
      this.opts.logger.warn(`failed login from ${ip ?? 'this machine'}`);
      throw new AppError('UNAUTHORIZED', WRONG_LOGIN);
    }
    await this.limiter.succeeded(username, ip);
    return row;
  }

  async login(username: string, password: string, ip?: string): Promise<IssuedToken> {
    const row = await this.checkPassword(username, password, ip);
    this.store.touchLogin(row.id, this.iso());
    return this.tokens.issue(row.id, row.token_version, this.now());
  }

  /** The identity a JWT stands for, or null when it is forged, expired, revoked or outdated. */
  async fromJwt(token: string): Promise<Identity | null> {
    const claims = await this.tokens.verify(token, this.now());
    if (!claims || this.store.isRevoked(claims.jti)) return null;
    const row = this.store.byId(claims.accountId);
    if (!row) return null;
    const current = claims.version === row.token_version || claims.jti === row.kept_jti;
    if (!current) return null;
    return {
      ...accountIdentity(row, 'jwt'),
      jti: claims.jti,
      expires_at: claims.expiresAt,
      token_version: claims.version,
    };
  }

  /**
   * Whether a credential checked earlier (when a WebSocket opened) still stands: a logout, a
   * password change or a deleted key ends it for sockets already open too.
   */
  stillValid(identity: Identity | null): boolean {
    if (identity === null) return false;
    if (identity.kind === 'owner') return true;
    if (identity.api_key_id !== undefined)
      return this.keys.byId(identity.api_key_id)?.is_active === 1;
    const row = this.store.byId(identity.account_id);
    if (!row) return false;
    if (identity.jti === undefined) return true;
    if (this.store.isRevoked(identity.jti)) return false;
    if ((identity.expires_at ?? 0) <= this.now()) return false;
    return row.kept_jti === identity.jti || identity.token_version === row.token_version;
  }

  logout(identity: Identity): boolean {
    if (identity.kind !== 'account' || identity.jti === undefined) return false;
    this.store.revokeToken(identity.jti, identity.expires_at ?? this.now(), this.now());
    return true;
  }

  async fromBasic(username: string, password: string, ip?: string): Promise<Identity> {
    return accountIdentity(await this.checkPassword(username, password, ip), 'basic');
  }

  /** The identity an active API key stands for, or null. */
  fromApiKey(key: string): Identity | null {
    if (!isApiKeyShaped(key)) return null;
    const row = this.keys.byKey(key);
    if (!row) return null;
    const owner = row.account_id === null ? null : this.store.byId(row.account_id);
    if (row.account_id !== null && !owner) return null;
    const last = row.last_used_at ? Date.parse(row.last_used_at) / 1000 : 0;
    if (this.now() - last >= TOUCH_INTERVAL_S) this.keys.touch(row.id, this.iso());
    return {
      kind: 'account',
      account_id: owner?.id ?? 0,
      username: owner?.username ?? 'owner',
      admin: false,
      via: 'api-key',
      project_id: row.project_id,
      api_key_id: row.id,
    };
  }

  /** A new key for a project; the returned key is the only copy outside the secret store. */
  async createKey(accountId: number | null, projectId: string, name: string) {
    const key = newApiKey();
    const row = this.keys.insert({ accountId, projectId, name, key, now: this.iso() });
    if (this.opts.secrets) await this.opts.secrets.set(keySecretAccount(row.id), key);
    this.opts.logger.info(`API key ${row.id} (${row.prefix}…) created for project ${projectId}`);
    return { row, key };
  }

  /** The key itself, where the secret store kept it. */
  async storedKey(id: number): Promise<string | null> {
    return (await this.opts.secrets?.get(keySecretAccount(id))) ?? null;
  }

  async deleteKey(row: ApiKeyRow): Promise<void> {
    this.keys.delete(row.id);
    await this.forgetKeys([row]);
    this.opts.logger.info(`API key ${row.id} (${row.prefix}…) deleted`);
  }

  async forgetKeys(rows: readonly ApiKeyRow[]): Promise<void> {
    for (const row of rows) await this.opts.secrets?.delete(keySecretAccount(row.id));
  }
}

export function accountIdentity(
  row: AccountRow,
  via: 'jwt' | 'basic',
): Extract<Identity, { kind: 'account' }> {
  return {
    kind: 'account',
    account_id: row.id,
    username: row.username,
    admin: row.admin === 1,
    via,
  };
}
