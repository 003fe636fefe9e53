// Runs in every process (main, preload, renderer). Stable error codes that cross the wire;
// a message must never carry a stack, a secret or a connection string.

export const ERROR_CODES = [
  'BAD_INPUT',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'CONFLICT',
  'UNKNOWN_METHOD',
  'SECRET_STORE_UNAVAILABLE',
  'HOST_NOT_FOUND',
  'CONNECTION_REFUSED',
  'TIMEOUT',
  'AUTH_FAILED',
  'DATABASE_NOT_FOUND',
  'TLS_FAILED',
  'DB_UNREACHABLE',
  /** Another kind of service (another database, HTTP, TLS) answers the connection's port. */
  'WRONG_SERVICE',
  'SANDBOX_FAILED',
  'REFUSED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  /** Seconds until a RATE_LIMITED call may be tried again. */
  retry_after?: number;
  /** An INTERNAL error's id, also in the log line that has the details. */
  error_id?: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** HTTP status for each wire code; the REST server and the CLI exit codes both read this. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  UNKNOWN_METHOD: 404,
  SECRET_STORE_UNAVAILABLE: 503,
  HOST_NOT_FOUND: 502,
  CONNECTION_REFUSED: 502,
  TIMEOUT: 504,
  AUTH_FAILED: 502,
  DATABASE_NOT_FOUND: 502,
  TLS_FAILED: 502,
  DB_UNREACHABLE: 502,
  WRONG_SERVICE: 502,
  SANDBOX_FAILED: 500,
  REFUSED: 409,
  INTERNAL: 500,
};

/** An error a service throws on purpose; its message is written for the user. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Seconds until the call may be tried again (RATE_LIMITED). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.message === 'string' &&
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code)
  );
}
