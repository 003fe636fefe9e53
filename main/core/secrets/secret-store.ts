// Runs in the main process, server and CLI. Where passwords live: never in SQLite, never in
// plain text. Callers hold only a reference (`<kind>:<service>/<account>`).

/** The stores a user's passwords can be kept in (one is chosen at start, see select.ts). */
export type UserSecretStoreKind = 'keychain' | 'encrypted-file' | 'memory';
/** `sandbox-file` keeps only the Sandbox PostgreSQL's password (sandbox-file.ts). */
export type SecretStoreKind = UserSecretStoreKind | 'sandbox-file';

export interface SecretStore<K extends SecretStoreKind = SecretStoreKind> {
  readonly kind: K;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Removing a secret that is not there is not an error. */
  delete(account: string): Promise<void>;
}

export const SECRET_SERVICE = 'benchphant';

/** How each store is named in messages ("kept in the …", "missing from the …"). */
export const SECRET_STORE_NAMES: Record<SecretStoreKind, string> = {
  keychain: 'OS keychain',
  'encrypted-file': 'encrypted secrets file',
  memory: 'in-memory store',
  'sandbox-file': "Sandbox's password file",
};

export function secretRef(store: SecretStore, account: string): string {
  return `${store.kind}:${SECRET_SERVICE}/${account}`;
}

export function createMemorySecretStore(): SecretStore<'memory'> & { readonly size: number } {
  const map = new Map<string, string>();
  return {
    kind: 'memory',
    get size() {
      return map.size;
    },
    get: (account) => Promise.resolve(map.get(account) ?? null),
    set: (account, secret) => {
      map.set(account, secret);
      return Promise.resolve();
    },
    delete: (account) => {
      map.delete(account);
      return Promise.resolve();
    },
  };
}
