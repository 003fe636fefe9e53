// Test helper. A core over a temporary data directory, built the way the composition roots build
// it, with the secret store the test chooses; close() also removes the directory.
import { type Core, createCore } from '../../main/core/app';
import { createLogger } from '../../main/core/logging/logger';
import { dataPaths } from '../../main/core/paths';
import { createMemorySecretStore, type SecretStore } from '../../main/core/secrets/secret-store';
import { makeTempDir } from './temp-dir';

export interface TestCore extends Core {
  dataDir: string;
  /** Closes the core and deletes its data directory. */
  dispose(): Promise<void>;
}

export function makeTestCore(
  opts: { secrets?: SecretStore | null; dataDir?: string } = {},
): TestCore {
  const dir = opts.dataDir ? null : makeTempDir('benchphant-core-');
  const dataDir = opts.dataDir ?? dir?.path ?? '';
  const secrets = opts.secrets === undefined ? createMemorySecretStore() : opts.secrets;
  const core = createCore({
    dataDir,
    logger: createLogger({ file: dataPaths(dataDir).log, level: 'debug' }),
    secrets: { store: secrets, message: null },
    version: '0.0.0-test',
  });
  return {
    ...core,
    dataDir,
    async dispose() {
      await core.close();
      dir?.remove();
    },
  };
}
