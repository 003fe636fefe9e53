// Runs in the server and CLI where no keychain answers. An AES-256-GCM encrypted JSON file keyed
// by BENCHPHANT_MASTER_KEY (scrypt-derived); the plain secrets exist only in memory.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import type { SecretStore } from './secret-store';

interface FileFormat {
  version: 1;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

function readFileFormat(file: string): FileFormat {
  let parsed: Partial<FileFormat> | null = null;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<FileFormat> | null;
  } catch {
    // Reported below together with a file of the wrong shape.
  }
  const fields = ['salt', 'iv', 'tag', 'data'] as const;
  if (parsed?.version !== 1 || !fields.every((f) => typeof parsed?.[f] === 'string')) {
    throw new AppError(
      'SECRET_STORE_UNAVAILABLE',
      `The encrypted secrets file ${file} is damaged or not a Benchphant secrets file. Restore it from a backup, or move it away to start an empty one.`,
    );
  }
  return parsed as FileFormat;
}

export function createEncryptedFileSecretStore(file: string, masterKey: string): SecretStore {
  if (masterKey.length < 12) {
    throw new AppError('BAD_INPUT', 'BENCHPHANT_MASTER_KEY must be at least 12 characters long.');
  }
  let salt: Buffer;
  let secrets: Record<string, string> = {};
  if (existsSync(file)) {
    const parsed = readFileFormat(file);
    salt = Buffer.from(parsed.salt, 'base64');
    const key = scryptSync(masterKey, salt, 32);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parsed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(parsed.tag, 'base64'));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(parsed.data, 'base64')),
        decipher.final(),
      ]);
      secrets = JSON.parse(plain.toString('utf8')) as Record<string, string>;
    } catch {
      throw new AppError(
        'SECRET_STORE_UNAVAILABLE',
        `The encrypted secrets file ${file} cannot be opened with this BENCHPHANT_MASTER_KEY. Use the key it was written with.`,
      );
    }
  } else {
    salt = randomBytes(16);
  }
  const key = scryptSync(masterKey, salt, 32);

  const persist = () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    const out: FileFormat = {
      version: 1,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    // Write-then-rename so a crash mid-write never leaves a truncated file behind.
    writeFileSync(`${file}.tmp`, JSON.stringify(out), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };

  return {
    kind: 'encrypted-file',
    get: (account) => Promise.resolve(secrets[account] ?? null),
    set: (account, secret) => {
      secrets = { ...secrets, [account]: secret };
      persist();
      return Promise.resolve();
    },
    delete: (account) => {
      if (account in secrets) {
        const { [account]: _removed, ...rest } = secrets;
        secrets = rest;
        persist();
      }
      return Promise.resolve();
    },
  };
}
