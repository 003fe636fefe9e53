// Tenant ACL users outlive a Redis restart where the server has an ACL file: a private
// redis-server with one (port 15463) keeps a tenant made, suspended or dropped through the engine
// module across a restart, also when the connection's user may not run CONFIG. The machine's
// Redis on 6379 has no ACL file, and saving there is a no-op rather than an error.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persistAcl, userEnabled } from '../../../main/core/engines/redis/tenants/acl';
import {
  createTenantKeyspace,
  dropTenantKeyspace,
  suspendTenant,
} from '../../../main/core/engines/redis/tenants/tenant';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-redis';

const PORT = 15463;
const ROOT_PW = randomBytes(9).toString('hex');
const LIMITED_PW = randomBytes(9).toString('hex');
let server: PrivateRedis;
const opened: Redis[] = [];

function client(username: string, password: string, port = PORT): Redis {
  const c = new Redis({
    host: '127.0.0.1',
    port,
    username,
    password,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    protocol: 2,
    disableClientInfo: true,
    enableReadyCheck: false,
  });
  c.on('error', () => undefined);
  opened.push(c);
  return c;
}

const tenant = (id: string) => ({
  prefix: `acme__${id}:`,
  user: `tdb_${id}`,
  password: randomBytes(12).toString('base64url'),
});

beforeAll(async () => {
  server = await startPrivateRedis(PORT, {
    requirepass: ROOT_PW,
    // An admin that may manage users but not read or change the server's configuration.
    acl: [`bpadmin on >${LIMITED_PW} ~* &* +@all -config`],
    aclfile: true,
  });
});
afterAll(async () => {
  for (const c of opened) c.disconnect();
  await server?.stop();
});

describe('ACL persistence', () => {
  it('saves tenant users to the ACL file, so they survive a restart of the server', async () => {
    const admin = client('default', ROOT_PW);
    const limited = client('bpadmin', LIMITED_PW);
    const a = tenant('a');
    const b = tenant('b');
    const gone = tenant('gone');
    await createTenantKeyspace(admin, a, a.password);
    // CONFIG GET aclfile is refused to this user: the save is tried all the same.
    await expect(limited.call('CONFIG', 'GET', 'aclfile')).rejects.toThrow(/NOPERM/);
    await createTenantKeyspace(limited, b, b.password);
    await suspendTenant(limited, b);
    await createTenantKeyspace(admin, gone, gone.password);
    await dropTenantKeyspace(admin, gone);
    const file = readFileSync(server.aclfile ?? '', 'utf8');
    expect(file).toContain('user tdb_a on');
    expect(file).toContain('user tdb_b off');
    expect(file).not.toContain('tdb_gone');

    for (const c of opened.splice(0)) c.disconnect();
    await server.restart();
    const after = client('default', ROOT_PW);
    expect(await userEnabled(after, 'tdb_a')).toBe(true);
    expect(await userEnabled(after, 'tdb_b')).toBe(false);
    expect(await userEnabled(after, 'tdb_gone')).toBeNull();
    const asA = client(a.user, a.password);
    await asA.set(`${a.prefix}k`, 'v');
    await expect(asA.set('acme__b:k', 'v')).rejects.toThrow(/NOPERM/);
  });

  it('does nothing (and fails nothing) on a server without an ACL file', async () => {
    const shared = client('default', '', 6379);
    expect(await persistAcl(shared)).toBe(false);
  });
});
