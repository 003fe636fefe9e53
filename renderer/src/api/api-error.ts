// Runs in the renderer. The one error type the client throws: a wire error from the core, or a
// failure of the link itself. Its message is always written for the user.
import type { ErrorCode } from '../../../shared/errors';
import { errorText, uiText } from './error-words';

/** DISCONNECTED: the link dropped before an answer; BAD_RESPONSE: an answer this version cannot read. */
export type ApiErrorCode = ErrorCode | 'DISCONNECTED' | 'BAD_RESPONSE';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A readable sentence for anything a store catches, in the UI's words; never a raw object. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return errorText(err.code, err.message);
  if (err instanceof Error && err.message) return uiText(err.message);
  return errorText('INTERNAL', undefined);
}
