// Runs in the main process, server and CLI. The OS keychain through @napi-rs/keyring (macOS
// Keychain, Windows Credential Manager, Secret Service on Linux).
import { randomUUID } from 'node:crypto';
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { SECRET_SERVICE, type SecretStore } from './secret-store';

// On Linux the library would silently fall back to the kernel keyring, which forgets everything at
// reboot; a password the user saved must survive that, so only the Secret Service will do.
const OPTIONS: EntryOptions =
  process.platform === 'linux' ? { linux: { store: 'secret-service' } } : {};

const entry = (service: string, account: string) => new AsyncEntry(service, account, OPTIONS);

export function createKeychainSecretStore(service = SECRET_SERVICE): SecretStore<'keychain'> {
  return {
    kind: 'keychain',
    get: (account) => entry(service, account).getPassword(),
    set: (account, secret) => entry(service, account).setPassword(secret),
    delete: async (account) => {
      await entry(service, account).deletePassword();
    },
  };
}

/** Writes, reads back and removes a probe entry: the only reliable test that a keychain answers. */
export async function keychainWorks(service = SECRET_SERVICE, timeoutMs = 3000): Promise<boolean> {
  const account = `probe-${randomUUID()}`;
  const probe = (async () => {
    const value = randomUUID();
    await entry(service, account).setPassword(value);
    const back = await entry(service, account).getPassword();
    await entry(service, account).deletePassword();
    return back === value;
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([probe.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
