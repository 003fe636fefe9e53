// Runs in the main process (or the headless server / CLI). Every transport calls dispatch():
// look up → validate input → call handler → envelope. It must never let a stack or a secret out.
import { randomUUID } from 'node:crypto';
import {
  type CallContext,
  type Handlers,
  OWNER_CONTEXT,
  isMethod,
  type Method,
  operations,
  type Output,
} from '../../shared/contract';
import { AppError, type Envelope } from '../../shared/errors';
import type { Logger } from '../core/logging/logger';
import { formatIssues } from '../core/validation';

export async function dispatch(
  handlers: Handlers,
  method: string,
  rawInput: unknown,
  logger?: Logger,
  /** Who calls; IPC and the in-process CLI are the machine's owner. */
  ctx: CallContext = OWNER_CONTEXT,
): Promise<Envelope<unknown>> {
  if (!isMethod(method)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: `Unknown operation '${method.slice(0, 80)}'.` },
    };
  }
  const input = rawInput ?? {};
  const parsed = operations[method].input.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: { code: 'BAD_INPUT', message: formatIssues(parsed.error, input) } };
  }
  try {
    const handler = handlers[method] as (
      input: unknown,
      ctx: CallContext,
    ) => Promise<Output<Method>>;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AppError) {
      const retry = err.retryAfter === undefined ? {} : { retry_after: err.retryAfter };
      return { ok: false, error: { code: err.code, message: err.message, ...retry } };
    }
    // The id ties the answer to its log line without putting any of the details in the answer.
    const errorId = randomUUID();
    logger?.error(`operation ${method} failed (error_id ${errorId})`, err);
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `Benchphant hit an unexpected error in ${method}; the log has the details.`,
        error_id: errorId,
      },
    };
  }
}
