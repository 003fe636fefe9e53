// Runs in the main process, server and CLI. Sessions on the Redis server behind a connection:
// as the connection's own (admin) user, or logged in as a tenant's ACL user, reached the same
// way (TLS, database index). Replies' errors reach the caller as the server sent them.
import type { Redis } from 'ioredis';
import type { EngineParams } from '../../../../../shared/model/connection';
import { openRedis } from '../client';

export interface RedisLogin {
  username: string;
  password: string;
}

const TIMEOUT_MS = 10_000;

export async function withRedis<T>(
  params: EngineParams,
  fn: (client: Redis) => Promise<T>,
  login?: RedisLogin,
): Promise<T> {
  const session = await openRedis({ ...params, ...(login ?? {}) }, TIMEOUT_MS);
  try {
    return await fn(session.client);
  } finally {
    await session.close();
  }
}

export const replyError = (err: unknown) => (err instanceof Error ? err.message : String(err));
