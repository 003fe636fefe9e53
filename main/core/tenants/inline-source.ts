// Runs in the main process, server and CLI. The spec's inline `connection` object (a schema
// import's `source: database`): reached for one call with the password it carries, which is never
// stored, logged or put in a message.
import type { ImportConnection } from '../../../shared/contract/tenants';
import { AppError } from '../../../shared/errors';
import { type ConnectionParams, DEFAULT_PORTS } from '../../../shared/model/connection';
import { classifyConnectError } from '../connections/classify-error';
import { DEFAULT_CONNECT_TIMEOUT_MS, type DbClient, openClient } from '../db/client';

export function inlineParams(c: ImportConnection): ConnectionParams {
  return {
    type: c.type,
    host: c.host,
    port: c.port ?? DEFAULT_PORTS[c.type],
    database: c.database,
    username: c.user,
    ...(c.password !== undefined ? { password: c.password } : {}),
    ...(c.tls ? { tls: c.tls } : {}),
  };
}

/** One session on the inline source, closed afterwards; a refused login is the caller's to fix. */
export async function withInlineSource<T>(
  c: ImportConnection,
  fn: (client: DbClient) => Promise<T>,
): Promise<T> {
  const params = inlineParams(c);
  let client: DbClient;
  try {
    client = await openClient(params);
  } catch (err) {
    const why = classifyConnectError(err, params, DEFAULT_CONNECT_TIMEOUT_MS);
    throw new AppError(
      why.code === 'AUTH_FAILED' ? 'BAD_INPUT' : why.code,
      `The source database ${params.database} on ${params.host}:${params.port}: ${why.message}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}
