// Test helper. A plain Redis session on a loopback port, as a user or the default one, that fails
// at once rather than retrying (a refused login or a killed session is what tests look for), and
// every key a SCAN MATCH finds.
import { Redis } from 'ioredis';

export async function redisSession(
  port: number,
  login: { user?: string; password?: string } = {},
): Promise<Redis> {
  const c = new Redis({
    host: '127.0.0.1',
    port,
    ...(login.user ? { username: login.user } : {}),
    ...(login.password ? { password: login.password } : {}),
    lazyConnect: true,
    retryStrategy: () => null,
    enableReadyCheck: false,
    protocol: 2,
    disableClientInfo: true,
  });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/** The distinct keys matching `match`, sorted. */
export async function scanAll(c: Redis, match: string): Promise<string[]> {
  const out = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await c.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    for (const k of keys) out.add(k);
  } while (cursor !== '0');
  return [...out].sort();
}
