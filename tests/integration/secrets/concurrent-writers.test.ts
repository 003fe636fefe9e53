// The encrypted secrets file shared by processes: a server-like writer (one store for its whole
// life) and CLI-like writers (a fresh store every few commands) add secrets at the same time, in
// hundreds of interleaved writes; not one secret is lost, and a reader opened before sees them all.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEncryptedFileSecretStore } from '../../../main/core/secrets/encrypted-file';
import { makeTempDir, type TempDir } from '../../support/temp-dir';

const KEY = 'a master key for the concurrency test';
const COUNT = 300;

let dir: TempDir;
beforeAll(() => {
  dir = makeTempDir('benchphant-secrets-race-');
});
afterAll(() => dir.remove());

function writer(file: string, prefix: string, mode: 'server' | 'cli'): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'writer-child.ts'),
      file,
      KEY,
      prefix,
      String(COUNT),
      mode,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`writer ${prefix} exited ${code}: ${err}`)),
    ),
  );
}

it('loses no secret when a server and CLI commands write the file at the same time', async () => {
  const file = join(dir.path, 'secrets.enc');
  // Opened before any write, like a server that started first: it must see what others add.
  const reader = createEncryptedFileSecretStore(file, KEY);
  expect(await reader.get('server/0')).toBeNull();

  const outputs = await Promise.all([writer(file, 'server', 'server'), writer(file, 'cli', 'cli')]);
  expect(outputs).toEqual(['done\n', 'done\n']);

  for (const store of [reader, createEncryptedFileSecretStore(file, KEY)]) {
    const missing: string[] = [];
    for (const prefix of ['server', 'cli'])
      for (let i = 0; i < COUNT; i++)
        if ((await store.get(`${prefix}/${i}`)) !== `${prefix}-secret-${i}`)
          missing.push(`${prefix}/${i}`);
    expect(missing).toEqual([]);
    expect(await store.get('server/scratch')).toBeNull();
    expect(await store.get('cli/scratch')).toBeNull();
  }
  // The reader's own write lands on top of everything, not on its stale copy.
  await reader.set('reader/0', 'last');
  const fresh = createEncryptedFileSecretStore(file, KEY);
  expect(await fresh.get('reader/0')).toBe('last');
  expect(await fresh.get(`server/${COUNT - 1}`)).toBe(`server-secret-${COUNT - 1}`);
  expect(await fresh.get(`cli/${COUNT - 1}`)).toBe(`cli-secret-${COUNT - 1}`);

  // Nothing left behind: no lock, no temp file; the file itself private.
  expect(readdirSync(dir.path).sort()).toEqual(['secrets.enc']);
  expect(statSync(file).mode & 0o777).toBe(0o600);
}, 180_000);
