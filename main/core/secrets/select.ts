// Runs in each composition root. Picks the secret store: the OS keychain, else the encrypted file
// when BENCHPHANT_MASTER_KEY is set, else none (and passwords are refused, never kept in plain text).
import { createEncryptedFileSecretStore } from './encrypted-file';
import { createKeychainSecretStore, keychainWorks } from './keychain';
import {
  createMemorySecretStore,
  type SecretStore,
  type UserSecretStoreKind,
} from './secret-store';

export interface SecretStoreChoice {
  store: SecretStore<UserSecretStoreKind> | null;
  /** Shown to the user when passwords cannot be kept, or kept only in a file. */
  message: string | null;
}

export const NO_SECRET_STORE_MESSAGE =
  'No keychain is reachable and BENCHPHANT_MASTER_KEY is not set, so Benchphant cannot keep passwords. ' +
  'Unlock your keychain (on Linux: a Secret Service such as gnome-keyring), or set BENCHPHANT_MASTER_KEY ' +
  'to keep them in an encrypted file.';

export async function selectSecretStore(opts: {
  secretsFile: string;
  env?: NodeJS.ProcessEnv;
}): Promise<SecretStoreChoice> {
  const env = opts.env ?? process.env;
  const wanted = env.BENCHPHANT_SECRET_STORE ?? 'auto';
  // 'memory' exists for throwaway runs (tests, demos): nothing outlives the process.
  if (wanted === 'memory') {
    return {
      store: createMemorySecretStore(),
      message: 'Passwords are kept in memory only and are forgotten on exit.',
    };
  }
  if ((wanted === 'auto' || wanted === 'keychain') && (await keychainWorks())) {
    return { store: createKeychainSecretStore(), message: null };
  }
  if (wanted !== 'keychain' && env.BENCHPHANT_MASTER_KEY) {
    return {
      store: createEncryptedFileSecretStore(opts.secretsFile, env.BENCHPHANT_MASTER_KEY),
      message:
        'No keychain is reachable: passwords are kept in an AES-256-GCM file keyed by BENCHPHANT_MASTER_KEY.',
    };
  }
  return { store: null, message: NO_SECRET_STORE_MESSAGE };
}
