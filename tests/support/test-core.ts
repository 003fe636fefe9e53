// Test helper. A core over a temporary data directory, built the way the composition roots build
// it, with the secret store the test chooses; dispose() closes it and removes the directory.
import { type Core, createCore } from '../../main/core/app';
import { createLogger, type Logger } from '../../main/core/logging/logger';
import { dataPaths } from '../../main/core/paths';
import {
  createMemorySecretStore,
  type SecretStore,
  type UserSecretStoreKind,
} from '../../main/core/secrets/secret-store';
import { makeTempDir } from './temp-dir';

export interface TestCore extends Core {
  dataDir: string;
  /** The logger the core writes with (into its data directory), for servers built over it. */
  logger: Logger;
  /** Closes the core and deletes its data directory. */
  dispose(): Promise<void>;
}

export function makeTestCore(
  opts: { secrets?: SecretStore<UserSecretStoreKind> | null; dataDir?: string } = {},
): TestCore {
  const dir = opts.dataDir ? null : makeTempDir('benchphant-core-');
  const dataDir = opts.dataDir ?? dir?.path ?? '';
  const secrets = opts.secrets === undefined ? createMemorySecretStore() : opts.secrets;
  const logger = createLogger({ file: dataPaths(dataDir).log, level: 'debug' });
  const core = createCore({
    dataDir,
    logger,
    secrets: { store: secrets, message: null },
    version: '0.0.0-test',
  });
  return {
    ...core,
    dataDir,
    logger,
    async dispose() {
      await core.close();
      dir?.remove();
    },
  };
}
