// Runs wherever a driver connects. The sentences a failed connect ends in, shared by every
// engine's classifier so that the same cause reads the same on every engine.
import { AppError } from '../../../shared/errors';
import type { EngineParams } from '../../../shared/model/connection';

const where = (p: EngineParams) => `${p.host}:${p.port}`;

export const authFailed = (p: EngineParams, hint = 'Check the username and password.') =>
  new AppError(
    'AUTH_FAILED',
    `Authentication failed for user '${p.username}' on ${where(p)}. ${hint}`,
  );

export const databaseMissing = (p: EngineParams) =>
  new AppError(
    'DATABASE_NOT_FOUND',
    `Database '${p.database}' does not exist on ${where(p)}. Create it or pick another one.`,
  );
