// Runs in the main process, server and CLI. The one error a console or admin statement gets when
// it outlives its timeout, whichever engine stopped it (a server-side statement timeout on SQL, a
// client-side deadline on Redis), so callers and the UI read one message.
import { MAX_STATEMENT_TIMEOUT_MS } from '../../../shared/contract/tenants';
import { AppError } from '../../../shared/errors';

export const statementTimedOut = (timeoutMs: number) =>
  new AppError(
    'TIMEOUT',
    `The statement ran longer than its ${timeoutMs / 1000} s timeout and was stopped. If it needs more time, give it a longer timeout (at most ${MAX_STATEMENT_TIMEOUT_MS / 1000} s).`,
  );
