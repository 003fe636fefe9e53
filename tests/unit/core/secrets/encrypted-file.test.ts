import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEncryptedFileSecretStore } from '../../../../main/core/secrets/encrypted-file';
import { thrownAppError } from '../../../support/app-error';
import { makeTempDir, type TempDir } from '../../../support/temp-dir';

const KEY = 'correct horse battery staple';
const SECRET = 'Zq9-file-S3cret-ü';

describe('encrypted-file secret store', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = join(dir.path, 'secrets.enc');
  });
  afterEach(() => dir.remove());

  it('keeps secrets across instances opened with the same key', async () => {
    const store = createEncryptedFileSecretStore(file, KEY);
    expect(store.kind).toBe('encrypted-file');
    await store.set('connection/a', SECRET);
    await store.set('connection/b', 'other');
    await store.delete('connection/b');
    await store.delete('connection/never-there');

    const reopened = createEncryptedFileSecretStore(file, KEY);
    expect(await reopened.get('connection/a')).toBe(SECRET);
    expect(await reopened.get('connection/b')).toBeNull();
  });

  it('holds no plain text: not the secret in any common encoding, not the account names', async () => {
    const store = createEncryptedFileSecretStore(file, KEY);
    await store.set('connection/visible-account', SECRET);
    const bytes = readFileSync(file);
    for (const form of [
      Buffer.from(SECRET, 'utf8'),
      Buffer.from(SECRET, 'utf16le'),
      Buffer.from(Buffer.from(SECRET).toString('base64')),
      Buffer.from(Buffer.from(SECRET).toString('hex')),
      Buffer.from('visible-account'),
      Buffer.from(KEY),
    ]) {
      expect(bytes.includes(form)).toBe(false);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('uses a fresh IV for every write', async () => {
    const store = createEncryptedFileSecretStore(file, KEY);
    await store.set('connection/a', SECRET);
    const first = JSON.parse(readFileSync(file, 'utf8')) as { iv: string; data: string };
    await store.set('connection/a', SECRET);
    const second = JSON.parse(readFileSync(file, 'utf8')) as { iv: string; data: string };
    expect(second.iv).not.toBe(first.iv);
    expect(second.data).not.toBe(first.data);
  });

  it('refuses a wrong key clearly, without repeating either key, and leaves the file alone', async () => {
    await createEncryptedFileSecretStore(file, KEY).set('connection/a', SECRET);
    const before = readFileSync(file);
    const err = thrownAppError(() =>
      createEncryptedFileSecretStore(file, 'a different key entirely'),
    );
    expect(err.code).toBe('SECRET_STORE_UNAVAILABLE');
    expect(err.message).toContain('cannot be opened with this BENCHPHANT_MASTER_KEY');
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain('a different key entirely');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a tampered file', async () => {
    await createEncryptedFileSecretStore(file, KEY).set('connection/a', SECRET);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data: string };
    const data = Buffer.from(parsed.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 0xff;
    writeFileSync(file, JSON.stringify({ ...parsed, data: data.toString('base64') }));
    expect(thrownAppError(() => createEncryptedFileSecretStore(file, KEY)).code).toBe(
      'SECRET_STORE_UNAVAILABLE',
    );
  });

  it('refuses a damaged file with a message, not a parser error', () => {
    writeFileSync(file, '{"version": 1, "salt": ');
    const err = thrownAppError(() => createEncryptedFileSecretStore(file, KEY));
    expect(err.code).toBe('SECRET_STORE_UNAVAILABLE');
    expect(err.message).toContain(file);
  });

  it('refuses a master key that is too short', () => {
    const err = thrownAppError(() => createEncryptedFileSecretStore(file, 'short'));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toBe('BENCHPHANT_MASTER_KEY must be at least 12 characters long.');
  });
});
