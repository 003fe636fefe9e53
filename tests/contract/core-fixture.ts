// Runs in tests. A real core over a fresh temporary data directory, with an in-memory secret
// store, logging to its file so tests can read what the core wrote.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../main/core/app';
import { createLogger } from '../../main/core/logging/logger';
import { dataPaths } from '../../main/core/paths';
import { createMemorySecretStore } from '../../main/core/secrets/secret-store';

export interface TestCore {
  core: Core;
  dataDir: string;
  logFile: string;
  dispose(): Promise<void>;
}

export function createTestCore(): TestCore {
  const dataDir = mkdtempSync(join(tmpdir(), 'benchphant-contract-'));
  const logFile = dataPaths(dataDir).log;
  const core = createCore({
    dataDir,
    logger: createLogger({ file: logFile, level: 'debug' }),
    secrets: { store: createMemorySecretStore(), message: null },
    version: '0.0.0-test',
  });
  return {
    core,
    dataDir,
    logFile,
    async dispose() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** This machine's databases (ENGINEERING.md §6): trust auth on loopback. */
export const PG = {
  type: 'postgresql',
  host: '127.0.0.1',
  port: 5432,
  database: 'test',
  username: 'postgres',
} as const;

export const MYSQL = {
  type: 'mysql',
  host: '127.0.0.1',
  port: 3306,
  database: 'test',
  username: 'root',
} as const;
