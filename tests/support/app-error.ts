// Test helper. Catches the AppError a call must throw (or a promise must reject with), so tests
// can assert its code and wording; anything else fails the test.
import { AppError } from '../../shared/errors';

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  throw new Error(`expected an AppError, got ${String(err)}`, { cause: err });
}

export function thrownAppError(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    return asAppError(err);
  }
  throw new Error('expected an AppError to be thrown, but the call succeeded');
}

export async function rejectedAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    return asAppError(err);
  }
  throw new Error('expected an AppError rejection, but the promise resolved');
}
