// Redis tenants through the engine module, against the machine's Redis 7 on 6379: ACL isolation
// between tenants, suspend, versioned migrations (commands and Lua) with a failing one, backup
// and restore with a journaled swap, hard delete, the workspace console and an admin command
// across tenants. Every key and ACL user here starts with `h18rt`, and all are removed after.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedis } from '../../support/test-databases';
import { statementTimedOut } from '../../../main/core/tenants/timeout-error';
import {
  userEnabled,
  userExists,
  userSessions,
} from '../../../main/core/engines/redis/tenants/acl';
import { adminCommand } from '../../../main/core/engines/redis/tenants/admin';
import {
  dumpKeyspace,
  finishRestore,
  restoreKeyspace,
} from '../../../main/core/engines/redis/tenants/backup';
import { runConsoleCommand, runInverse } from '../../../main/core/engines/redis/tenants/console';
import { countKeys, unlinkAll } from '../../../main/core/engines/redis/tenants/keyspace';
import { keyspaceSize } from '../../../main/core/engines/redis/tenants/metrics';
import {
  appliedVersions,
  migrateKeyspace,
  type RedisVersion,
} from '../../../main/core/engines/redis/tenants/migrator';
import {
  prefixOf,
  scratchPrefix,
  versionsKey,
  workspacePrefix,
} from '../../../main/core/engines/redis/tenants/names';
import {
  createTenantKeyspace,
  dropTenantKeyspace,
  keyspaceExists,
  resumeTenant,
  suspendTenant,
} from '../../../main/core/engines/redis/tenants/tenant';

const params = testRedis();
const RUN = `h18rt${randomBytes(3).toString('hex')}`;
const pw = () => randomBytes(12).toString('base64url');

interface T {
  id: string;
  prefix: string;
  user: string;
  password: string;
}
const tenant = (id: string): T => ({
  id,
  prefix: prefixOf(`${RUN}__${id}`),
  user: `tdb_${RUN}_${id}`,
  password: pw(),
});

let admin: Redis;
const made: T[] = [];
const opened: Redis[] = [];

async function login(t: T): Promise<Redis> {
  const c = new Redis({
    host: '127.0.0.1',
    port: 6379,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    protocol: 2,
    disableClientInfo: true,
    enableReadyCheck: false,
  });
  c.on('error', () => undefined);
  opened.push(c);
  await c.connect();
  await c.call('AUTH', t.user, t.password);
  return c;
}

async function makeTenant(id: string): Promise<T> {
  const t = tenant(id);
  await createTenantKeyspace(admin, t, t.password);
  made.push(t);
  return t;
}

beforeAll(async () => {
  admin = new Redis({ host: '127.0.0.1', port: 6379, protocol: 2, disableClientInfo: true });
});
afterAll(async () => {
  for (const c of opened) c.disconnect();
  for (const t of made) await dropTenantKeyspace(admin, t).catch(() => undefined);
  await unlinkAll(admin, RUN);
  const users = (await admin.call('ACL', 'USERS')) as string[];
  for (const u of users.filter((x) => x.includes(RUN))) await admin.call('ACL', 'DELUSER', u);
  admin.disconnect();
});

describe('a tenant ACL user', () => {
  it('reaches only its own prefix: no read, write or SCAN of another tenant, no FLUSHALL or CONFIG', async () => {
    const a = await makeTenant('isoa');
    const b = await makeTenant('isob');
    await admin.set(`${b.prefix}secret`, 'b-data');
    const ca = await login(a);
    await ca.set(`${a.prefix}mine`, '1');
    expect(await ca.get(`${a.prefix}mine`)).toBe('1');
    await expect(ca.get(`${b.prefix}secret`)).rejects.toThrow(/NOPERM/);
    await expect(ca.set(`${b.prefix}secret`, 'x')).rejects.toThrow(/NOPERM/);
    await expect(ca.scan('0', 'MATCH', `${b.prefix}*`)).rejects.toThrow(/NOPERM/);
    await expect(ca.call('KEYS', '*')).rejects.toThrow(/NOPERM/);
    await expect(ca.call('FLUSHALL')).rejects.toThrow(/NOPERM/);
    await expect(ca.call('CONFIG', 'GET', 'maxmemory')).rejects.toThrow(/NOPERM/);
    // A script runs with the caller's rights: it cannot reach B's keys either.
    await expect(
      ca.call('EVAL', "return redis.call('GET', ARGV[1])", '0', `${b.prefix}secret`),
    ).rejects.toThrow(/NOPERM|can't access/i);
    expect(await admin.get(`${b.prefix}secret`)).toBe('b-data');
  });

  it('suspended, refuses logins and loses its sessions; resumed, logs in again', async () => {
    const t = await makeTenant('susp');
    const c = await login(t);
    expect(await c.ping()).toBe('PONG');
    const ended = await suspendTenant(admin, t);
    expect(ended).toBeGreaterThanOrEqual(1);
    await expect(c.ping()).rejects.toThrow();
    await expect(login(t)).rejects.toThrow(/WRONGPASS/);
    await resumeTenant(admin, t);
    const again = await login(t);
    expect(await again.ping()).toBe('PONG');
  });
});

describe('blueprint versions on tenant key spaces', () => {
  const ws = workspacePrefix(`${RUN}ws`);
  const v1: RedisVersion = {
    version: 'v1',
    ordinal: 0,
    statements: [`HSET ${ws}settings plan free seats 3`, `SET ${ws}schema_version 1`],
  };
  const v2: RedisVersion = {
    version: 'v2',
    ordinal: 1,
    statements: [
      `#!lua\nredis.call('HSET', ARGV[1] .. 'settings', 'seats', 10)\nredis.call('SET', ARGV[1] .. 'schema_version', 2)\nreturn 1`,
    ],
  };

  it('deploys two versions to 20 tenants, a canary first, and records them beside each prefix', async () => {
    const tenants = await Promise.all(Array.from({ length: 20 }, (_, i) => makeTenant(`dep${i}`)));
    const [canary, ...rest] = tenants as [T, ...T[]];
    const deploy = (t: T, target: RedisVersion) =>
      migrateKeyspace({ params, prefix: t.prefix, from: ws, versions: [v1, v2], target });
    expect(await deploy(canary, v1)).toEqual({ status: 'completed', from: null, to: 'v1' });
    expect(await admin.hget(`${canary.prefix}settings`, 'plan')).toBe('free');
    const outcomes = await Promise.all(rest.map((t) => deploy(t, v1)));
    expect(outcomes.every((o) => o.status === 'completed')).toBe(true);
    const second = await Promise.all(tenants.map((t) => deploy(t, v2)));
    expect(second.map((o) => o.status === 'completed' && o.from)).toEqual(tenants.map(() => 'v1'));
    for (const t of tenants) {
      expect(await admin.hget(`${t.prefix}settings`, 'seats')).toBe('10');
      expect(await admin.get(`${t.prefix}schema_version`)).toBe('2');
    }
    expect(
      (await appliedVersions(admin, canary.prefix)).map((a) => [a.version, a.complete]),
    ).toEqual([
      ['v1', true],
      ['v2', true],
    ]);
    // The record sits outside the prefix: the tenant's own user cannot touch it.
    const c = await login(canary);
    await expect(c.hgetall(versionsKey(canary.prefix))).rejects.toThrow(/NOPERM/);
    // Nothing was written in the workspace's own key space.
    expect(await countKeys(admin, ws)).toBe(0);
    // Deploying again is a no-op.
    expect(await deploy(canary, v2)).toEqual({ status: 'completed', from: 'v2', to: 'v2' });
  }, 60_000);

  it('stops a failing version at its statement, keeps what ran, and resumes after a fix', async () => {
    const t = await makeTenant('fail');
    const bad: RedisVersion = {
      version: 'v3',
      ordinal: 2,
      statements: [`SET ${ws}a 1`, `SET ${RUN}__other:x 1`, `SET ${ws}b 2`],
    };
    const r = await migrateKeyspace({
      params,
      prefix: t.prefix,
      from: ws,
      versions: [v1, v2, bad],
      target: bad,
    });
    expect(r.status).toBe('failed');
    expect(r.status === 'failed' && r.error).toMatch(/Version v3, statement 2 of 3: .*outside/);
    expect(await admin.get(`${t.prefix}a`)).toBe('1');
    expect(await admin.get(`${t.prefix}b`)).toBeNull();
    expect(await admin.exists(`${RUN}__other:x`)).toBe(0);
    const record = await appliedVersions(admin, t.prefix);
    expect(record.find((a) => a.version === 'v3')).toEqual({
      version: 'v3',
      statements_done: 1,
      complete: false,
    });
    // A script that reaches outside its prefix is stopped by the server (the migration's user).
    const escape: RedisVersion = {
      version: 'v3',
      ordinal: 2,
      statements: [
        `SET ${ws}a 1`,
        `#!lua\nreturn redis.call('SET', '${RUN}__other:y', 1)`,
        `SET ${ws}b 2`,
      ],
    };
    const r2 = await migrateKeyspace({
      params,
      prefix: t.prefix,
      from: ws,
      versions: [v1, v2, escape],
      target: escape,
    });
    expect(r2.status === 'failed' && r2.error).toMatch(
      /statement 2 of 3: .*(NOPERM|can't access)/i,
    );
    expect(await admin.exists(`${RUN}__other:y`)).toBe(0);
    const fixed: RedisVersion = {
      ...bad,
      statements: [`SET ${ws}a 1`, `SET ${ws}c 3`, `SET ${ws}b 2`],
    };
    const r3 = await migrateKeyspace({
      params,
      prefix: t.prefix,
      from: ws,
      versions: [v1, v2, fixed],
      target: fixed,
    });
    expect(r3).toEqual({ status: 'completed', from: 'v2', to: 'v3' });
    expect(await admin.mget(`${t.prefix}c`, `${t.prefix}b`)).toEqual(['3', '2']);
    // No short-lived migration user is left behind.
    const users = (await admin.call('ACL', 'USERS')) as string[];
    expect(users.filter((u) => u.startsWith('bp_mig_'))).toEqual([]);
  }, 30_000);
});

describe('backup and restore', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'h18rt-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restores the keys as they were at the backup, with a key changed and one added in between', async () => {
    const t = await makeTenant('bak');
    await admin.set(`${t.prefix}name`, 'before');
    await admin.hset(`${t.prefix}h`, 'a', '1', 'b', '2');
    await admin.set(`${t.prefix}ttl`, 'x', 'PX', 600_000);
    await admin.set(`${t.prefix}bin`, Buffer.from([0, 255, 10, 13]));
    const file = join(dir, 'bak.keys');
    const manifest = await dumpKeyspace(admin, t.prefix, file);
    expect(manifest.keys).toBe(4);
    expect(manifest.bytes).toBeGreaterThan(0);
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    expect(manifest.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(manifest.bytes).toBe(readFileSync(file).length);
    await admin.set(`${t.prefix}name`, 'after');
    await admin.set(`${t.prefix}added`, 'later');
    const steps: string[] = [];
    const logged: string[] = [];
    await restoreKeyspace(admin, {
      prefix: t.prefix,
      user: t.user,
      file,
      manifest,
      scratch: {
        fresh: scratchPrefix(t.prefix, 'restore', 'tst'),
        old: scratchPrefix(t.prefix, 'replaced', 'tst'),
      },
      log: { step: (s) => logged.push(s), point: () => undefined },
      onStep: (s) => steps.push(s),
    });
    expect(steps).toEqual(['checking', 'restoring', 'verifying', 'swapping', 'done']);
    expect(logged).toEqual(['lock', 'swap-out', 'swap-in', 'drop-old', 'unlock']);
    expect(await userEnabled(admin, t.user)).toBe(true);
    expect(await admin.get(`${t.prefix}name`)).toBe('before');
    expect(await admin.exists(`${t.prefix}added`)).toBe(0);
    expect(await admin.hgetall(`${t.prefix}h`)).toEqual({ a: '1', b: '2' });
    expect(await admin.pttl(`${t.prefix}ttl`)).toBeGreaterThan(500_000);
    expect(await admin.getBuffer(`${t.prefix}bin`)).toEqual(Buffer.from([0, 255, 10, 13]));
    expect(await countKeys(admin, t.prefix)).toBe(4);
    expect(await countKeys(admin, scratchPrefix(t.prefix, 'restore', 'tst'))).toBe(0);
    expect(await countKeys(admin, scratchPrefix(t.prefix, 'replaced', 'tst'))).toBe(0);
  });

  it('refuses a file that no longer matches its manifest, leaving the keys alone', async () => {
    const t = await makeTenant('bak2');
    await admin.set(`${t.prefix}k`, 'v');
    const file = join(dir, 'bak2.keys');
    const manifest = await dumpKeyspace(admin, t.prefix, file);
    await admin.set(`${t.prefix}k`, 'v2');
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file, '\n');
    const scratch = {
      fresh: scratchPrefix(t.prefix, 'restore', 'x'),
      old: scratchPrefix(t.prefix, 'replaced', 'x'),
    };
    await expect(
      restoreKeyspace(admin, { prefix: t.prefix, user: t.user, file, manifest, scratch }),
    ).rejects.toThrow(/checksum/);
    expect(await admin.get(`${t.prefix}k`)).toBe('v2');
  });

  it('completes a swap a crash cut short between its two moves, turning the user back on', async () => {
    const t = await makeTenant('crash');
    await suspendTenant(admin, t);
    const scratch = {
      fresh: scratchPrefix(t.prefix, 'restore', 'c'),
      old: scratchPrefix(t.prefix, 'replaced', 'c'),
    };
    // The state after swap-out finished: the tenant's keys moved away, the fresh copy waiting.
    await admin.set(`${scratch.old}k`, 'old');
    await admin.set(`${scratch.fresh}k`, 'fresh');
    const at = (step: string) => ({
      prefix: t.prefix,
      scratch,
      step,
      user: t.user,
      recorded: { user_was: 'on' as const, keys: 1 },
    });
    expect(await finishRestore(admin, at('swap-in'))).toMatch(
      /swapped the restored keys.* is on again/,
    );
    expect(await admin.get(`${t.prefix}k`)).toBe('fresh');
    expect(await userEnabled(admin, t.user)).toBe(true);
    expect(await countKeys(admin, scratch.old)).toBe(0);
    // Cut short before the swap: the fresh copy goes and the tenant keeps its keys.
    await admin.set(`${scratch.fresh}k`, 'half');
    expect(await finishRestore(admin, at('restoring'))).toMatch(/left as they were/);
    expect(await admin.get(`${t.prefix}k`)).toBe('fresh');
    expect(await countKeys(admin, scratch.fresh)).toBe(0);
  });
});

describe('hard delete', () => {
  it('leaves no key, no versions record and no user, reporting progress', async () => {
    const t = await makeTenant('del');
    const pipe = admin.pipeline();
    for (let i = 0; i < 1_234; i++) pipe.set(`${t.prefix}k${i}`, i);
    await pipe.exec();
    await admin.hset(versionsKey(t.prefix), 'v1', '{}');
    const c = await login(t);
    const progress: number[] = [];
    expect(await dropTenantKeyspace(admin, t, (n) => progress.push(n))).toBe(1_234);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1_234);
    expect(await countKeys(admin, t.prefix)).toBe(0);
    expect(await userExists(admin, t.user)).toBe(false);
    expect(await keyspaceExists(admin, t)).toBe(false);
    await expect(c.ping()).rejects.toThrow();
  });
});

describe('the workspace console', () => {
  const ws = workspacePrefix(`${RUN}con`);

  it('keeps commands inside the prefix, records writes with an inverse and reverts one', async () => {
    await expect(runConsoleCommand(admin, ws, `GET ${RUN}__elsewhere:k`)).rejects.toThrow(
      /outside this key space/,
    );
    await expect(runConsoleCommand(admin, ws, `MSET ${ws}a 1 ${RUN}x 2`)).rejects.toThrow(
      /outside/,
    );
    await expect(runConsoleCommand(admin, ws, 'FLUSHALL')).rejects.toThrow(/beyond the workspace/);
    await expect(runConsoleCommand(admin, ws, 'DBSIZE')).rejects.toThrow(/names no key/);
    await expect(runConsoleCommand(admin, ws, `EVAL "return 1" 0`)).rejects.toThrow(/beyond/);
    const first = await runConsoleCommand(admin, ws, `SET ${ws}greeting "hello world"`);
    expect(first.change).toMatchObject({
      kind: 'SET',
      inverse: `DEL ${ws}greeting`,
      revert_note: null,
    });
    const second = await runConsoleCommand(admin, ws, `SET ${ws}greeting bye`);
    expect(second.change?.inverse).toMatch(/^RESTORE /);
    const read = await runConsoleCommand(admin, ws, `GET ${ws}greeting`);
    expect(read).toEqual({ rows: [{ value: 'bye' }], change: null });
    await runInverse(admin, ws, second.change?.inverse ?? '');
    expect(await admin.get(`${ws}greeting`)).toBe('hello world');
    // A COUNT past the whole key space: other tests' keys on the shared server can fill a page.
    const scan = await runConsoleCommand(admin, ws, 'SCAN 0 COUNT 10000000');
    expect(JSON.stringify(scan.rows)).toContain(`${ws}greeting`);
    await expect(runConsoleCommand(admin, ws, 'SCAN 0 MATCH *')).rejects.toThrow(
      /MATCH must start/,
    );
    await runInverse(admin, ws, first.change?.inverse ?? '');
    expect(await admin.exists(`${ws}greeting`)).toBe(0);
  });
});

describe('admin command across tenants', () => {
  it('runs as each tenant with its prefix, read-only unless writes are allowed', async () => {
    const ts = await Promise.all(['adm1', 'adm2', 'adm3'].map(makeTenant));
    for (const [i, t] of ts.entries()) await admin.set(`${t.prefix}plan`, `plan${i}`);
    const targets = ts.map((t) => ({
      tenant_id: t.id,
      prefix: t.prefix,
      login: { username: t.user, password: t.password },
    }));
    const read = await adminCommand({
      params,
      command: 'GET plan',
      targets,
      allowWrites: false,
      parallelism: 2,
      timeoutMs: 10_000,
    });
    expect(read.map((r) => [r.tenant_id, r.ok, r.rows])).toEqual([
      ['adm1', true, [{ value: 'plan0' }]],
      ['adm2', true, [{ value: 'plan1' }]],
      ['adm3', true, [{ value: 'plan2' }]],
    ]);
    await expect(
      adminCommand({
        params,
        command: 'SET plan x',
        targets,
        allowWrites: false,
        parallelism: 2,
        timeoutMs: 10_000,
      }),
    ).rejects.toThrow(/read-only unless allow_writes/);
    const write = await adminCommand({
      params,
      command: 'SET plan pro',
      targets,
      allowWrites: true,
      parallelism: 2,
      timeoutMs: 10_000,
    });
    expect(write.every((r) => r.ok)).toBe(true);
    for (const t of ts) expect(await admin.get(`${t.prefix}plan`)).toBe('pro');
    // Even allowed writes stay each tenant's: the server refuses what its user may not run.
    const flush = await adminCommand({
      params,
      command: 'FLUSHALL',
      targets,
      allowWrites: true,
      parallelism: 2,
      timeoutMs: 10_000,
    });
    expect(flush.every((r) => !r.ok && /NOPERM/.test(r.error ?? ''))).toBe(true);
    // A suspended tenant's result says so; the others still answer.
    await suspendTenant(admin, ts[1] as T);
    const partial = await adminCommand({
      params,
      command: 'GET plan',
      targets,
      allowWrites: false,
      parallelism: 2,
      timeoutMs: 10_000,
    });
    expect(partial.map((r) => r.ok)).toEqual([true, false, true]);
  });

  it('cuts a blocked command off at timeout_ms, ending its session, as an SQL timeout reads', async () => {
    const [fed, empty] = await Promise.all(['blk1', 'blk2'].map(makeTenant));
    await admin.xadd(`${(fed as T).prefix}events`, '*', 'kind', 'signup');
    const targets = [fed, empty].map((t) => ({
      tenant_id: (t as T).id,
      prefix: (t as T).prefix,
      login: { username: (t as T).user, password: (t as T).password },
    }));
    const started = performance.now();
    const r = await adminCommand({
      params,
      command: 'XREAD BLOCK 0 STREAMS events 0',
      targets,
      allowWrites: false,
      parallelism: 2,
      timeoutMs: 300,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r[0]?.ok).toBe(true);
    expect(r[1]).toMatchObject({ ok: false, error: statementTimedOut(300).message });
    expect(r[1]?.duration_ms).toBeGreaterThanOrEqual(290);
    // The blocked XREAD is not left waiting on the server.
    for (let i = 0; i < 50 && (await userSessions(admin, (empty as T).user)) > 0; i++)
      await new Promise((res) => setTimeout(res, 20));
    expect(await userSessions(admin, (empty as T).user)).toBe(0);
  });

  it('measures a key space: key count and sampled memory', async () => {
    const t = await makeTenant('size');
    const pipe = admin.pipeline();
    for (let i = 0; i < 300; i++) pipe.set(`${t.prefix}k${i}`, 'x'.repeat(100));
    await pipe.exec();
    const size = await keyspaceSize(admin, t.prefix, 50);
    expect(size.keys).toBe(300);
    expect(size.sampled_keys).toBe(50);
    expect(size.memory_bytes).toBeGreaterThan(300 * 100);
    expect(size.memory_bytes).toBeLessThan(300 * 400);
  });
});
