// The restore swap of a Redis tenant locks the tenant's ACL user out, against the machine's
// Redis on 6379: a writer hammering the tenant through the restore has its writes refused while
// the keys are swapped, never acknowledged and then lost; what it wrote before the lock is rolled
// back with the rest, what it wrote after the unlock is kept. A suspended tenant stays off.
// Every key and ACL user here starts with `h18rl`.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEnabled } from '../../../main/core/engines/redis/tenants/acl';
import { dumpKeyspace, restoreKeyspace } from '../../../main/core/engines/redis/tenants/backup';
import { unlinkAll } from '../../../main/core/engines/redis/tenants/keyspace';
import { prefixOf, scratchPrefix } from '../../../main/core/engines/redis/tenants/names';
import {
  createTenantKeyspace,
  dropTenantKeyspace,
  suspendTenant,
} from '../../../main/core/engines/redis/tenants/tenant';
import { makeTempDir, type TempDir } from '../../support/temp-dir';

const RUN = `h18rl${randomBytes(3).toString('hex')}`;
const tenant = (id: string) => ({
  prefix: prefixOf(`${RUN}__${id}`),
  user: `tdb_${RUN}_${id}`,
  password: randomBytes(12).toString('base64url'),
});
type T = ReturnType<typeof tenant>;

let admin: Redis;
let dir: TempDir;
const made: T[] = [];

async function login(t: T): Promise<Redis> {
  const c = new Redis({
    host: '127.0.0.1',
    port: 6379,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    protocol: 2,
    disableClientInfo: true,
    enableReadyCheck: false,
  });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.call('AUTH', t.user, t.password);
  } catch (err) {
    c.disconnect();
    throw err;
  }
  return c;
}

async function withKeys(id: string, n: number): Promise<T> {
  const t = tenant(id);
  await createTenantKeyspace(admin, t, t.password);
  made.push(t);
  const pipe = admin.pipeline();
  for (let i = 0; i < n; i++) pipe.set(`${t.prefix}k:${i}`, `backup-${i}`);
  await pipe.exec();
  return t;
}

const scratchOf = (t: T, tag: string) => ({
  fresh: scratchPrefix(t.prefix, 'restore', tag),
  old: scratchPrefix(t.prefix, 'replaced', tag),
});

beforeAll(() => {
  admin = new Redis({ host: '127.0.0.1', port: 6379, protocol: 2, disableClientInfo: true });
  dir = makeTempDir('h18rl-');
});
afterAll(async () => {
  for (const t of made) await dropTenantKeyspace(admin, t).catch(() => undefined);
  await unlinkAll(admin, RUN);
  admin.disconnect();
  dir.remove();
});

describe('the restore swap with a writer on the tenant', () => {
  it('refuses the writer while it swaps and loses nothing it acknowledged after', async () => {
    const t = await withKeys('hammer', 3_000);
    const file = join(dir.path, 'hammer.keys');
    const manifest = await dumpKeyspace(admin, t.prefix, file);

    // One ordered record of what this process saw: the writer's sends and acknowledgements and
    // the restore's journal steps, so "before the lock" and "after the unlock" are exact.
    const events: string[] = [];
    const sentAt = new Map<number, number>();
    const ackedAt = new Map<number, number>();
    let refused = 0;
    let stop = false;
    let next = 0;
    const writer = (async () => {
      while (!stop) {
        let c: Redis | null = null;
        try {
          c = await login(t);
          while (!stop) {
            const n = next++;
            sentAt.set(n, events.push(`send ${n}`) - 1);
            await c.set(`${t.prefix}w:${n}`, String(n));
            ackedAt.set(n, events.push(`ack ${n}`) - 1);
          }
        } catch {
          refused++;
          await new Promise((r) => setTimeout(r, 2));
        } finally {
          c?.disconnect();
        }
      }
    })();
    while (ackedAt.size < 50) await new Promise((r) => setTimeout(r, 5));

    await restoreKeyspace(admin, {
      prefix: t.prefix,
      user: t.user,
      file,
      manifest,
      scratch: scratchOf(t, 'hammer'),
      log: {
        step: (s) => events.push(`step ${s}`),
        point: (label) => events.push(`point ${label}`),
      },
    });
    const unlockAt = events.indexOf('step unlock');
    const afterUnlock = () => [...ackedAt.values()].filter((i) => i > unlockAt).length;
    while (afterUnlock() < 50) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await writer;

    const lockAt = events.indexOf('step lock');
    const lockedAt = events.indexOf('point locked');
    expect(lockAt).toBeGreaterThan(0);
    expect(lockedAt).toBeGreaterThan(lockAt);
    expect(unlockAt).toBeGreaterThan(lockedAt);
    // The writer was turned away while the keys were swapped…
    expect(refused).toBeGreaterThan(0);
    const duringLock = [...ackedAt.keys()].filter(
      (n) => (sentAt.get(n) ?? -1) > lockedAt && (ackedAt.get(n) ?? Infinity) < unlockAt,
    );
    expect(duringLock).toEqual([]);
    // …what it was told succeeded after the unlock is all there…
    const written = new Map<number, string | null>();
    const ns = [...ackedAt.keys()];
    const values = await admin.mget(...ns.map((n) => `${t.prefix}w:${n}`));
    ns.forEach((n, i) => written.set(n, values[i] ?? null));
    const lost = ns.filter((n) => (ackedAt.get(n) ?? 0) > unlockAt && written.get(n) !== String(n));
    expect(lost).toEqual([]);
    // …what it wrote before the lock went back to the backup, which is whole.
    const kept = ns.filter((n) => (ackedAt.get(n) ?? 0) < lockAt && written.get(n) !== null);
    expect(kept).toEqual([]);
    const backup = await admin.mget(
      ...Array.from({ length: 3_000 }, (_, i) => `${t.prefix}k:${i}`),
    );
    expect(backup.every((v, i) => v === `backup-${i}`)).toBe(true);
    expect(await userEnabled(admin, t.user)).toBe(true);
  }, 60_000);

  it('leaves a suspended tenant suspended after the swap', async () => {
    const t = await withKeys('off', 10);
    const file = join(dir.path, 'off.keys');
    const manifest = await dumpKeyspace(admin, t.prefix, file);
    await admin.set(`${t.prefix}k:0`, 'changed');
    await suspendTenant(admin, t);
    await restoreKeyspace(admin, {
      prefix: t.prefix,
      user: t.user,
      file,
      manifest,
      scratch: scratchOf(t, 'off'),
    });
    expect(await admin.get(`${t.prefix}k:0`)).toBe('backup-0');
    expect(await userEnabled(admin, t.user)).toBe(false);
    await expect(login(t)).rejects.toThrow(/WRONGPASS/);
  });
});
