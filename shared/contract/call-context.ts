// Runs in every process. Who is calling: each transport resolves one identity per request (or
// per socket) and hands it to the dispatcher; handlers that care read it, the rest ignore it.

/** How an account proved who it is on this call. */
export type AccountVia = 'jwt' | 'basic' | 'api-key';

export type Identity =
  /** The start-up token, the desktop IPC and the in-process CLI: the machine's owner sees all. */
  | { kind: 'owner' }
  | {
      kind: 'account';
      account_id: number;
      username: string;
      admin: boolean;
      via: AccountVia;
      /** The JWT's id and expiry (seconds), so logout can revoke exactly this token. */
      jti?: string;
      expires_at?: number;
      /** The account's token generation the JWT was issued in (a password change starts a new one). */
      token_version?: number;
      /** Set for an API key: the key's project is all it may see. */
      project_id?: string;
      api_key_id?: number;
    };

export interface CallContext {
  /** Null only on routes that need no credentials (login, signup, health). */
  identity: Identity | null;
  /** The client's address, where the transport has one (HTTP, WebSocket); IPC has none. */
  ip?: string;
}

export const OWNER_CONTEXT: CallContext = { identity: { kind: 'owner' } };

/** The owner and admin accounts see every project; anyone else only their own. */
export function seesAll(identity: Identity | null): boolean {
  if (identity === null) return false;
  if (identity.kind === 'owner') return true;
  return identity.admin && identity.project_id === undefined;
}
