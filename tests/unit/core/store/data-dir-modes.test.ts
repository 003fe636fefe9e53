// What the data directory looks like on disk: created private (0700) with every file in it this
// user's only (0600): the SQLite file and its WAL, the log, the lock while the core runs.
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCore } from '../../../../main/core/app';
import { createLogger } from '../../../../main/core/logging/logger';
import { dataPaths } from '../../../../main/core/paths';
import { createMemorySecretStore } from '../../../../main/core/secrets/secret-store';
import { makeTempDir, type TempDir } from '../../../support/temp-dir';

const mode = (path: string) => statSync(path).mode & 0o777;

let base: TempDir;
beforeEach(() => {
  base = makeTempDir('benchphant-modes-');
});
afterEach(() => base.remove());

function open(root: string) {
  const logger = createLogger({ file: dataPaths(root).log });
  // The log may be the first to write into the directory: it too must create it private.
  logger.info('opening');
  return createCore({
    dataDir: root,
    logger,
    secrets: { store: createMemorySecretStore(), message: null },
    version: '0.0.0-test',
  });
}

it('creates a fresh data directory 0700 with its files 0600', async () => {
  const root = join(base.path, 'fresh', 'benchphant');
  const core = open(root);
  try {
    await core.handlers['connections.list']({});
    const p = core.paths;
    expect(mode(root)).toBe(0o700);
    expect(mode(join(root, 'logs'))).toBe(0o700);
    expect(mode(p.database)).toBe(0o600);
    expect(mode(`${p.database}-wal`)).toBe(0o600);
    expect(mode(p.lock)).toBe(0o600);
    expect(mode(p.log)).toBe(0o600);
  } finally {
    await core.close();
  }
  expect(existsSync(dataPaths(root).lock)).toBe(false);
});

it('tightens an existing SQLite file that others could read', async () => {
  const root = base.path;
  writeFileSync(join(root, 'benchphant.sqlite'), '');
  chmodSync(join(root, 'benchphant.sqlite'), 0o644);
  const core = open(root);
  try {
    expect(mode(join(root, 'benchphant.sqlite'))).toBe(0o600);
  } finally {
    await core.close();
  }
});
