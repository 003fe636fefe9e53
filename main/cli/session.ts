// Runs in the CLI process. The CLI's composition root: data directory, logger, secret store and
// core, built once per command; every call goes through the one dispatcher, never a service directly.
import pkg from '../../package.json' with { type: 'json' };
import type { Method, Output } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { type Core, createCore } from '../core/app';
import { createLogger, type Logger } from '../core/logging/logger';
import { dataPaths, defaultDataDir } from '../core/paths';
import { type SecretStoreChoice, selectSecretStore } from '../core/secrets/select';
import { dispatch } from '../rpc/dispatch';
import { CliFailure, exitCodeFor, oneLine } from './exit';
import type { CliIo } from './io';

export const VERSION: string = pkg.version;

export interface Session {
  core: Core;
  logger: Logger;
  secrets: SecretStoreChoice;
  /** One contract operation through dispatch(); a failure becomes a CliFailure with its exit code. */
  call<M extends Method>(method: M, input?: unknown): Promise<Output<M>>;
}

/** `owner`: what the command is, when it owns the data directory (see withOwnerSession). */
async function openSession(io: CliIo, owner: string | null): Promise<Session> {
  const paths = dataPaths(defaultDataDir(io.env));
  const logger = createLogger({ file: paths.log });
  try {
    const secrets = await selectSecretStore({ secretsFile: paths.secretsFile, env: io.env });
    const core = createCore({
      dataDir: paths.root,
      logger,
      secrets,
      version: VERSION,
      access: owner ? 'owner' : 'shared',
      purpose: owner ?? 'the benchphant CLI',
    });
    return {
      core,
      logger,
      secrets,
      async call(method, input) {
        const result = await dispatch(core.handlers, method, input ?? {}, logger);
        if (!result.ok)
          throw new CliFailure(oneLine(result.error.message), exitCodeFor(result.error.code));
        return result.value as Output<typeof method>;
      },
    };
  } catch (err) {
    // Opening fails for reasons the user can act on (newer data file, wrong master key): say which.
    if (err instanceof AppError) throw new CliFailure(oneLine(err.message), exitCodeFor(err.code));
    throw err;
  }
}

/**
 * Opens the core for one command and always closes it (which also stops a sandbox it started).
 * It runs beside a server or app that owns the data directory, recovering nothing of theirs.
 */
export function withSession<T>(io: CliIo, run: (s: Session) => Promise<T>): Promise<T> {
  return sessionFor(io, null, run);
}

/**
 * For a command that starts work outliving one call (serving, a benchmark, a plan, a deployment,
 * the sandbox): it owns the data directory while it runs, and refuses beside another owner.
 */
export function withOwnerSession<T>(
  io: CliIo,
  purpose: string,
  run: (s: Session) => Promise<T>,
): Promise<T> {
  return sessionFor(io, purpose, run);
}

async function sessionFor<T>(
  io: CliIo,
  owner: string | null,
  run: (s: Session) => Promise<T>,
): Promise<T> {
  const session = await openSession(io, owner);
  try {
    return await run(session);
  } catch (err) {
    if (err instanceof CliFailure) throw err;
    session.logger.error('cli command failed', err);
    throw new CliFailure(
      `Benchphant hit an unexpected error; the log at ${session.core.paths.log} has the details.`,
    );
  } finally {
    await session.core.close();
  }
}
