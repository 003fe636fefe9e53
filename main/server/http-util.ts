// Runs in the headless server. Small helpers every HTTP route uses to answer; nothing here may
// put a stack, a token or a secret into a response.
import type { ServerResponse } from 'node:http';
import { buildCsp, CSP_HEADER } from '../../shared/csp';

/** A refusal with a status; its message is written for the client and is safe to send. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Headers the refusal needs (WWW-Authenticate, Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const CSP = buildCsp();

/** Headers every answer carries, whatever it is. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader(CSP_HEADER, CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** The code an error answer carries when no operation named one. */
const STATUS_CODES: Record<number, string> = {
  400: 'BAD_INPUT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
};

/**
 * Both spec shapes at once: Benchphant's and TenantsDB's `error`, PerfWatch's `detail`, and a
 * stable `code`; a 500 adds the `error_id` its log line carries.
 */
export function sendJsonError(
  res: ServerResponse,
  status: number,
  message: string,
  code?: string,
  errorId?: string,
): void {
  sendJson(res, status, {
    error: message,
    detail: message,
    code: code ?? STATUS_CODES[status] ?? `HTTP_${status}`,
    ...(errorId === undefined ? {} : { error_id: errorId }),
  });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}
