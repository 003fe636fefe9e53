// Runs in the main process, server and CLI. Where passwords live: never in SQLite, never in
// plain text. Callers hold only a reference (`<kind>:<service>/<account>`).

export type SecretStoreKind = 'keychain' | 'encrypted-file' | 'memory';

export interface SecretStore {
  readonly kind: SecretStoreKind;
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
};

export function secretRef(store: SecretStore, account: string): string {
  return `${store.kind}:${SECRET_SERVICE}/${account}`;
}

export function createMemorySecretStore(): SecretStore & { readonly size: number } {
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
