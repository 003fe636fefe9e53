// Runs in the main process, server and CLI. The secrets of a connection beyond its password —
// SSH passwords and key passphrases per hop, the TLS client key's passphrase — in the secret
// store, with an undo so that a failed save leaves the keychain as it was.
import { AppError } from '../../../shared/errors';
import type { SshHop, SshInput, SshSettings } from '../../../shared/model/connection';
import { SECRET_STORE_NAMES, type SecretStore } from '../secrets/secret-store';

/** The vault_path a connection has when none was given: where its password always lived. */
export const defaultVaultPath = (id: string) => `connection/${id}`;

export const secretAccounts = {
  /**
   * The password's account: `connection/<id>`, or under `vault/` the vault_path the client chose
   * (a prefix of its own, so a chosen name can never reach another secret of Benchphant's).
   */
  password: (id: string, vaultPath?: string) =>
    vaultPath === undefined || vaultPath === defaultVaultPath(id)
      ? defaultVaultPath(id)
      : `vault/${vaultPath}`,
  tlsKey: (id: string) => `connection/${id}/tls-key`,
  /** `target` for the last hop, `jump-<n>` for the jump hosts in order. */
  sshHop: (id: string, position: string) => `connection/${id}/ssh/${position}`,
};

const positions = (ssh: { jumps: unknown[] }) => [
  'target',
  ...ssh.jumps.map((_, i) => `jump-${i}`),
];

const hopAt = <H>(ssh: (H & { jumps: H[] }) | null, position: string): H | undefined => {
  if (!ssh) return undefined;
  if (position === 'target') return ssh;
  return ssh.jumps[Number(position.slice('jump-'.length))];
};

/** Records every change to the store so that undo() can put the previous values back. */
export class SecretChanges {
  private readonly previous = new Map<string, string | null>();

  constructor(private readonly store: () => SecretStore) {}

  private async remember(account: string): Promise<void> {
    if (!this.previous.has(account)) this.previous.set(account, await this.store().get(account));
  }

  async set(account: string, secret: string): Promise<void> {
    await this.remember(account);
    await this.store().set(account, secret);
  }

  async delete(account: string): Promise<void> {
    await this.remember(account);
    await this.store().delete(account);
  }

  async undo(): Promise<void> {
    for (const [account, value] of this.previous) {
      await (
        value === null ? this.store().delete(account) : this.store().set(account, value)
      ).catch(() => undefined);
    }
  }
}

/**
 * Stores the hop secrets of `input` and returns the settings to save. A hop without a secret
 * keeps the one stored for the same position and method; an empty one, or agent auth, clears it.
 */
export async function saveSshSecrets(
  changes: SecretChanges,
  id: string,
  input: SshInput | null,
  before: SshSettings | null,
): Promise<SshSettings | null> {
  const saved = new Map<string, boolean>();
  for (const position of input ? positions(input) : []) {
    const hop = hopAt(input, position)!;
    const old = hopAt<SshHop>(before, position);
    const account = secretAccounts.sshHop(id, position);
    const kept = hop.secret === undefined && old?.has_secret === true && old.auth === hop.auth;
    if (hop.auth !== 'agent' && hop.secret) {
      await changes.set(account, hop.secret);
      saved.set(position, true);
    } else if (hop.auth !== 'agent' && kept) {
      saved.set(position, true);
    } else {
      if (old?.has_secret) await changes.delete(account);
      saved.set(position, false);
    }
  }
  for (const position of before ? positions(before) : []) {
    if (!saved.has(position) && hopAt<SshHop>(before, position)?.has_secret)
      await changes.delete(secretAccounts.sshHop(id, position));
  }
  if (!input) return null;
  const strip = ({ secret: _secret, ...hop }: SshInput['jumps'][number], position: string) => ({
    ...hop,
    has_secret: saved.get(position) ?? false,
  });
  return {
    ...strip(input, 'target'),
    jumps: input.jumps.map((j, i) => strip(j, `jump-${i}`)),
  };
}

/** The settings with every stored secret filled in, for dialling. */
export async function loadSshSecrets(
  store: SecretStore | null,
  id: string,
  name: string,
  ssh: SshSettings,
): Promise<SshInput> {
  const fill = async ({ has_secret, ...hop }: SshHop, position: string) => {
    if (!has_secret) return hop;
    const secret = store ? await store.get(secretAccounts.sshHop(id, position)) : null;
    if (secret === null)
      throw new AppError(
        'SECRET_STORE_UNAVAILABLE',
        `The SSH ${hop.auth === 'password' ? 'password' : 'key passphrase'} for ${hop.host} of '${name}' is missing from the ${store ? SECRET_STORE_NAMES[store.kind] : 'secret store'}. Edit the connection and enter it again.`,
      );
    return { ...hop, secret };
  };
  const target = await fill(ssh, 'target');
  const { jumps: _jumps, ...targetHop } = target as SshHop & { jumps?: unknown };
  return {
    ...targetHop,
    jumps: await Promise.all(ssh.jumps.map((j, i) => fill(j, `jump-${i}`))),
  };
}

/** Every account a connection may use, for deleting it. */
export function allAccounts(id: string, ssh: SshSettings | null): string[] {
  return [
    secretAccounts.tlsKey(id),
    ...(ssh ? positions(ssh).map((p) => secretAccounts.sshHop(id, p)) : []),
  ];
}
