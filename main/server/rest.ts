// Runs in the headless server. Serves the contract's REST routes through the one dispatcher; it
// must never answer with anything but the envelope's value or `{error, code}`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallContext, Handlers } from '../../shared/contract';
import { HTTP_STATUS } from '../../shared/errors';
import type { Logger } from '../core/logging/logger';
import { dispatch } from '../rpc/dispatch';
import { readJsonBody } from './body';
import { HttpError, sendJson, sendJsonError } from './http-util';
import { type CompiledRoute, matchRoute } from './routes';

export interface RestContext {
  handlers: Handlers;
  routes: readonly CompiledRoute[];
  logger: Logger;
  /** Who calls; identity null means no credential was sent or none proved anything. */
  call: CallContext;
}

export const BASIC_CHALLENGE = 'Basic realm="benchphant"';

/** The 401 every route answers without credentials, inviting HTTP Basic as the spec names it. */
export function unauthorized(
  message = 'Missing or wrong credentials: send Authorization: Bearer <access token, login token or API key>, or HTTP Basic',
): HttpError {
  return new HttpError(401, message, { 'WWW-Authenticate': BASIC_CHALLENGE });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Repeated keys become lists; a single key stays a string for the schema to read. */
function queryInput(query: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    input[key] = values.length === 1 ? values[0] : values;
  }
  return input;
}

async function requestInput(
  req: IncomingMessage,
  route: CompiledRoute,
  query: URLSearchParams,
  params: Record<string, string>,
): Promise<unknown> {
  if (route.http === 'GET' || route.http === 'DELETE') return { ...queryInput(query), ...params };
  const body = await readJsonBody(req, route.maxBodyBytes);
  if (!isPlainObject(body)) throw new HttpError(400, 'Request body must be a JSON object');
  // Path parameters win: the URL names the resource, the body cannot redirect the call.
  return { ...body, ...params };
}

export async function handleRest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: RestContext,
): Promise<void> {
  const match = matchRoute(ctx.routes, req.method ?? 'GET', url.pathname);
  // Without credentials only public routes answer; nothing else, not even which routes exist.
  if (ctx.call.identity === null && (match.kind !== 'found' || !match.route.public))
    throw unauthorized();
  if (match.kind === 'none') {
    sendJsonError(res, 404, `No API route ${req.method ?? ''} ${url.pathname.slice(0, 200)}`);
    return;
  }
  if (match.kind === 'wrong-method') {
    res.setHeader('Allow', match.allowed.join(', '));
    sendJsonError(
      res,
      405,
      `Method ${req.method ?? ''} is not allowed here; use ${match.allowed.join(' or ')}`,
    );
    return;
  }
  const { route, params } = match;
  const input = await requestInput(req, route, url.searchParams, params);
  const envelope = await dispatch(ctx.handlers, route.method, input, ctx.logger, ctx.call);
  if (envelope.ok) {
    sendJson(res, route.status, envelope.value);
    return;
  }
  if (envelope.error.retry_after !== undefined)
    res.setHeader('Retry-After', String(envelope.error.retry_after));
  if (envelope.error.code === 'UNAUTHORIZED') res.setHeader('WWW-Authenticate', BASIC_CHALLENGE);
  sendJsonError(
    res,
    HTTP_STATUS[envelope.error.code],
    envelope.error.message,
    envelope.error.code,
    envelope.error.error_id,
  );
}
