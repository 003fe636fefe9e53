// Runs in the main process, server and CLI. Redis as an engine: connections (ACL user, password,
// TLS, database index), the test (PING, INFO server) and its reply errors, and tenants as key
// spaces with ACL users (tenants/). Benchmarks do not run on it yet; its info says so.
import { AppError } from '../../../../shared/errors';
import { ENGINE_INFO } from '../../../../shared/model/engines';
import { authFailed } from '../causes';
import type { Engine, ProbeSession } from '../engine';
import { openRedis, tlsDetailsOf } from './client';
import { infoField } from './info';
import { redisTenancy } from './tenants';
import { redisTenantsNotYet } from './not-yet';

/** Redis's own limit on SELECT is the server's `databases` setting; 2^31 is the protocol's. */
const MAX_INDEX = 2 ** 31 - 1;

export const redis: Engine<'redis'> = {
  type: 'redis',
  info: ENGINE_INFO.redis,
  paramsProblem(params) {
    const db = params.database.trim();
    if (!/^\d+$/.test(db) || Number(db) > MAX_INDEX)
      return 'The database of a Redis connection is its index: a whole number such as 0.';
    return null;
  },
  async probe(params, opts): Promise<ProbeSession> {
    const session = await openRedis(params, opts.connectTimeoutMs);
    const { client } = session;
    let info: string | undefined;
    const server = async () => (info ??= await client.info('server'));
    return {
      tls: session.tls,
      ...(session.tls ? { tlsDetails: tlsDetailsOf(client.stream) } : {}),
      serverVersion: async () => `Redis ${infoField(await server(), 'redis_version') ?? 'unknown'}`,
      serverMode: async () => infoField(await server(), 'redis_mode'),
      ping: async () => {
        await client.ping();
      },
      close: () => session.close(),
    };
  },
  classifyConnectError(err, p) {
    const text = err instanceof Error ? err.message : '';
    const where = `${p.host}:${p.port}`;
    if (text.startsWith('WRONGPASS')) return authFailed(p);
    if (text.startsWith('NOAUTH'))
      return authFailed(
        p,
        'The server requires a password (NOAUTH): enter it, and the ACL user if it is not default.',
      );
    if (/called without any password configured/i.test(text))
      return authFailed(
        p,
        'The server has no password for this user: leave the password empty, or name the ACL user it belongs to.',
      );
    if (text.startsWith('NOPERM'))
      return new AppError(
        'AUTH_FAILED',
        `User '${p.username}' on ${where} may not run PING or INFO. Grant it +ping and +info (or +@connection).`,
      );
    if (/DB index is out of range/i.test(text))
      return new AppError(
        'DATABASE_NOT_FOUND',
        `Database index ${p.database} does not exist on ${where} (the server's 'databases' setting is lower). Pick a smaller index.`,
      );
    if (text.startsWith('DENIED'))
      return new AppError(
        'REFUSED',
        `${where} refuses connections from this address (protected mode). Set a password or bind the server to this address.`,
      );
    return null;
  },
  answersAs: (kind) => kind === 'redis',
  keyspaces: redisTenancy,
  tenants: redisTenantsNotYet,
};
