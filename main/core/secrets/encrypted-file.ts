// Runs in the server and CLI where no keychain answers. An AES-256-GCM encrypted JSON file keyed
// by BENCHPHANT_MASTER_KEY (scrypt-derived); the plain secrets exist only in memory. Several
// processes share the file (a server and a CLI command): a write must never drop another's secret.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { describeOwner } from '../store/data-dir';
import { readIfExists, replaceAtomically } from '../store/durable-file';
import { waitForLock } from '../store/lock-file';
import type { SecretStore } from './secret-store';

interface FileFormat {
  version: 1;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

/** A writer holds the lock for milliseconds; this long means something is wrong. */
const LOCK_TIMEOUT_MS = 10_000;

type Secrets = Record<string, string>;

function damaged(file: string): AppError {
  return new AppError(
    'SECRET_STORE_UNAVAILABLE',
    `The encrypted secrets file ${file} is damaged or not a Benchphant secrets file. Restore it from a backup, or move it away to start an empty one.`,
  );
}

function parseFileFormat(file: string, raw: string): FileFormat {
  let parsed: Partial<FileFormat> | null = null;
  try {
    parsed = JSON.parse(raw) as Partial<FileFormat> | null;
  } catch {
    // Reported below together with a file of the wrong shape.
  }
  const fields = ['salt', 'iv', 'tag', 'data'] as const;
  if (parsed?.version !== 1 || !fields.every((f) => typeof parsed?.[f] === 'string')) {
    throw damaged(file);
  }
  return parsed as FileFormat;
}

export function createEncryptedFileSecretStore(
  file: string,
  masterKey: string,
): SecretStore<'encrypted-file'> {
  if (masterKey.length < 12) {
    throw new AppError('BAD_INPUT', 'BENCHPHANT_MASTER_KEY must be at least 12 characters long.');
  }
  // scrypt is slow on purpose: one derivation per salt (the file keeps its salt across writes).
  const keys = new Map<string, Buffer>();
  const keyFor = (salt: string) => {
    let key = keys.get(salt);
    if (!key) {
      key = scryptSync(masterKey, Buffer.from(salt, 'base64'), 32);
      keys.set(salt, key);
    }
    return key;
  };

  const decrypt = (raw: string): { salt: string; secrets: Secrets } => {
    const parsed = parseFileFormat(file, raw);
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        keyFor(parsed.salt),
        Buffer.from(parsed.iv, 'base64'),
      );
      decipher.setAuthTag(Buffer.from(parsed.tag, 'base64'));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(parsed.data, 'base64')),
        decipher.final(),
      ]);
      return { salt: parsed.salt, secrets: JSON.parse(plain.toString('utf8')) as Secrets };
    } catch {
      throw new AppError(
        'SECRET_STORE_UNAVAILABLE',
        `The encrypted secrets file ${file} cannot be opened with this BENCHPHANT_MASTER_KEY. Use the key it was written with.`,
      );
    }
  };

  const encrypt = (salt: string, secrets: Secrets): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keyFor(salt), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    const out: FileFormat = {
      version: 1,
      salt,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    return JSON.stringify(out);
  };

  // What this process last read or wrote. Another process may have written since: every read
  // compares the file with it (a small read; decryption only when it changed).
  let seen: { raw: string | null; salt: string; secrets: Secrets } = {
    raw: null,
    salt: randomBytes(16).toString('base64'),
    secrets: {},
  };
  const current = () => {
    const raw = readIfExists(file);
    if (raw !== seen.raw) {
      seen = raw === null ? { raw, salt: seen.salt, secrets: {} } : { raw, ...decrypt(raw) };
    }
    return seen;
  };
  // Opening checks the key at once, so a wrong one is reported before anything is saved.
  current();

  /** Applies one change to the file as it is now, under the lock: never to a stale copy. */
  const update = async (change: (secrets: Secrets) => Secrets | null): Promise<void> => {
    const attempt = await waitForLock(
      `${file}.lock`,
      'a Benchphant secrets write',
      LOCK_TIMEOUT_MS,
    );
    if (!attempt.ok) {
      const who = attempt.owner ? describeOwner(attempt.owner) : 'another process';
      throw new AppError(
        'SECRET_STORE_UNAVAILABLE',
        `The encrypted secrets file ${file} is being written by ${who} and stayed locked for ${LOCK_TIMEOUT_MS / 1000} s. Try again; if no such process runs, remove ${file}.lock.`,
      );
    }
    try {
      const now = current();
      const next = change(now.secrets);
      if (next === null) return;
      const raw = encrypt(now.salt, next);
      replaceAtomically(file, raw);
      seen = { raw, salt: now.salt, secrets: next };
    } finally {
      attempt.lock.release();
    }
  };

  return {
    kind: 'encrypted-file',
    // Deferred, so a file damaged meanwhile rejects the promise instead of throwing.
    get: (account) => Promise.resolve().then(() => current().secrets[account] ?? null),
    set: (account, secret) => update((secrets) => ({ ...secrets, [account]: secret })),
    delete: (account) =>
      update((secrets) => {
        if (!(account in secrets)) return null;
        const { [account]: _removed, ...rest } = secrets;
        return rest;
      }),
  };
}
