// Runs in the server (and the app). Issues and checks the JWTs of PerfWatch's /auth/login: HS256
// with a key kept in the secret store (never in SQLite); it never logs a token or the key.
import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';

export const JWT_KEY_ACCOUNT = 'auth/jwt-signing-key';
export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 60 * 60;
const ISSUER = 'benchphant';

export interface IssuedToken {
  token: string;
  jti: string;
  expiresAt: number;
}

export interface TokenClaims {
  accountId: number;
  jti: string;
  version: number;
  expiresAt: number;
}

/** A JWT is three base64url parts; anything else is another kind of credential. */
export const looksLikeJwt = (value: string) => /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(value);

export class TokenIssuer {
  private key: Promise<Uint8Array> | undefined;

  constructor(
    private readonly secrets: SecretStore | null,
    private readonly logger: Logger,
    readonly ttlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS,
  ) {}

  private signingKey(): Promise<Uint8Array> {
    this.key ??= this.loadKey().catch((err: unknown) => {
      this.key = undefined;
      throw err;
    });
    return this.key;
  }

  private async loadKey(): Promise<Uint8Array> {
    if (!this.secrets) {
      // Nowhere safe to keep it: a key in memory only, so logins end when the process does.
      this.logger.warn('no secret store: login tokens are valid only until this process stops');
      return randomBytes(32);
    }
    const stored = await this.secrets.get(JWT_KEY_ACCOUNT);
    if (stored) return Buffer.from(stored, 'base64url');
    const fresh = randomBytes(32);
    await this.secrets.set(JWT_KEY_ACCOUNT, fresh.toString('base64url'));
    return fresh;
  }

  async issue(accountId: number, version: number, nowSeconds: number): Promise<IssuedToken> {
    const jti = randomUUID();
    const expiresAt = nowSeconds + this.ttlSeconds;
    const token = await new SignJWT({ ver: version })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(String(accountId))
      .setJti(jti)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(expiresAt)
      .sign(await this.signingKey());
    return { token, jti, expiresAt };
  }

  /** The claims of a well-signed, unexpired token of ours; null for anything else. */
  async verify(token: string, nowSeconds: number): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, await this.signingKey(), {
        algorithms: ['HS256'],
        issuer: ISSUER,
        currentDate: new Date(nowSeconds * 1000),
      });
      const accountId = Number(payload.sub);
      if (!Number.isSafeInteger(accountId) || typeof payload.jti !== 'string') return null;
      if (typeof payload.ver !== 'number' || typeof payload.exp !== 'number') return null;
      return { accountId, jti: payload.jti, version: payload.ver, expiresAt: payload.exp };
    } catch {
      return null;
    }
  }
}
