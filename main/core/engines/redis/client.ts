// Runs in the main process, server and CLI. One Redis session through ioredis, for the connection
// test: connect (TLS by mode), authenticate (ACL user or the default one), select the database
// index. Every step's reply error reaches the caller as it came, for the engine's classifier.
import { Redis } from 'ioredis';
import type { EngineParams } from '../../../../shared/model/connection';
import { tlsDetailsOf, tlsOptions } from '../../db/tls';

export interface RedisSession {
  readonly client: Redis;
  readonly tls: boolean;
  close(): Promise<void>;
}

/**
 * Redis has no in-band TLS negotiation (TLS is a property of the port), so `prefer` connects
 * without TLS, as for a server that does not offer it; `require` and `verify-full` use TLS.
 */
async function tlsFor(params: EngineParams) {
  const mode = params.tls?.mode ?? 'prefer';
  if (mode === 'disable' || mode === 'prefer') return false;
  return tlsOptions(params.tls, params.host, params.tls_key_passphrase);
}

export async function openRedis(params: EngineParams, timeoutMs: number): Promise<RedisSession> {
  const tls = await tlsFor(params);
  const client = new Redis({
    host: params.host,
    port: params.port,
    ...(tls === false ? {} : { tls }),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    // A test fails once, with its cause: no retries, no queue that hides a dead socket.
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    // RESP2 and no CLIENT SETINFO: ioredis would otherwise send HELLO and SETINFO before our
    // AUTH, and a server with a password answers those with a NOAUTH of their own.
    protocol: 2,
    disableClientInfo: true,
  });
  let lastError: unknown;
  client.on('error', (err: unknown) => {
    lastError = err;
  });
  const close = async () => {
    client.disconnect();
    await Promise.resolve();
  };
  try {
    await client.connect();
    // AUTH and SELECT are sent here rather than by ioredis, so their replies are errors we see.
    if (params.password) {
      const user = params.username.trim() || 'default';
      await client.call('AUTH', user, params.password);
    }
    const db = Number(params.database);
    if (db !== 0) await client.select(db);
  } catch (err) {
    await close();
    // ioredis may reject with "Connection is closed." after the error event that says why.
    const closed = err instanceof Error && /connection is closed/i.test(err.message);
    throw closed ? (lastError ?? err) : err;
  }
  return { client, tls: tls !== false, close };
}

export { tlsDetailsOf };
