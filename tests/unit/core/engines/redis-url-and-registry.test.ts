// Redis through the parts that need no server: URL paste (redis://, rediss://), the registry's
// completeness, the INFO reader, and the engine's reading of Redis reply errors.
import { describe, expect, it } from 'vitest';
import { connectionUrl } from '../../../../main/core/connections/export';
import { parseConnectionUrl } from '../../../../main/core/connections/url';
import {
  allEngines,
  allSqlEngines,
  engineOf,
  isSqlType,
} from '../../../../main/core/engines/registry';
import { infoField } from '../../../../main/core/engines/redis/info';
import { dispatch } from '../../../../main/rpc/dispatch';
import { makeTestCore } from '../../../support/test-core';
import { ENGINE_INFO, ENGINE_TYPES, SQL_TYPES } from '../../../../shared/model/engines';
import { type Connection, requireSql } from '../../../../shared/model/connection';

describe('Redis URLs', () => {
  it('reads redis:// with an ACL user, a password and a database index', () => {
    expect(parseConnectionUrl('redis://app:s%3Acret@cache.example:6380/4')).toEqual({
      type: 'redis',
      host: 'cache.example',
      port: 6380,
      database: '4',
      username: 'app',
      password: 's:cret',
      tls: undefined,
    });
  });

  it('fills the default user, port and database index a Redis URL may leave out', () => {
    expect(parseConnectionUrl('redis://:pw@127.0.0.1')).toMatchObject({
      type: 'redis',
      port: 6379,
      database: '0',
      username: 'default',
      password: 'pw',
    });
  });

  it('reads rediss:// as TLS required, and an sslmode as how to check it', () => {
    expect(parseConnectionUrl('rediss://h/0').tls).toEqual({ mode: 'require' });
    expect(parseConnectionUrl('rediss://h/0?sslmode=verify-full').tls).toEqual({
      mode: 'verify-full',
    });
  });

  it('still asks a PostgreSQL URL for its database and user', () => {
    expect(() => parseConnectionUrl('postgres://u@h')).toThrow(/names no database/);
    expect(() => parseConnectionUrl('postgres://h/db')).toThrow(/names no user/);
  });

  it('lists every engine scheme when the scheme is unknown', () => {
    expect(() => parseConnectionUrl('mongodb://u@h/db')).toThrow(
      /postgresql:\/\/, postgres:\/\/, mysql:\/\/, mariadb:\/\/, redis:\/\/, rediss:\/\//,
    );
    // And those of an engine added later, from its descriptor.
    const message = (() => {
      try {
        parseConnectionUrl('mongodb://u@h/db');
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    for (const t of ENGINE_TYPES)
      for (const s of ENGINE_INFO[t].schemes) expect(message).toContain(`${s}://`);
  });

  it('exports a Redis connection as a redis:// URL that reads back the same', () => {
    const c = {
      type: 'redis',
      host: '10.0.0.5',
      port: 6379,
      username: 'app',
      database: '2',
      tls: { mode: 'prefer' },
    } as Connection;
    expect(connectionUrl(c)).toBe('redis://app@10.0.0.5:6379/2');
    expect(parseConnectionUrl(connectionUrl(c))).toMatchObject({ type: 'redis', database: '2' });
  });
});

describe('the engine registry', () => {
  it('has a module for every engine type and an SQL dialect for every SQL type', () => {
    expect(allEngines().map((e) => e.type)).toEqual([...ENGINE_TYPES]);
    expect(allSqlEngines().map((e) => e.type)).toEqual([...SQL_TYPES]);
    for (const e of allEngines()) expect(e.info).toBe(ENGINE_INFO[e.type]);
    // Only the SQL engines open a DbClient.
    for (const e of allEngines()) expect('open' in e).toBe(isSqlType(e.type));
  });

  it('answers a feature an engine lacks with a sentence naming both', () => {
    expect(() => requireSql({ type: 'redis' }, 'Benchmarks')).toThrow(
      'Benchmarks are not supported for Redis yet.',
    );
    expect(requireSql({ type: 'mysql' }, 'Benchmarks').type).toBe('mysql');
  });

  it('reads the Redis reply errors by cause, never echoing the password', () => {
    const p = {
      type: 'redis' as const,
      host: 'h',
      port: 6379,
      database: '0',
      username: 'default',
      password: 'pw-xyz',
    };
    const code = (message: string) =>
      engineOf('redis').classifyConnectError(new Error(message), p)?.code;
    expect(code('WRONGPASS invalid username-password pair or user is disabled.')).toBe(
      'AUTH_FAILED',
    );
    expect(code('NOAUTH Authentication required.')).toBe('AUTH_FAILED');
    expect(code("NOPERM this user has no permissions to run the 'info' command")).toBe(
      'AUTH_FAILED',
    );
    expect(code('ERR DB index is out of range')).toBe('DATABASE_NOT_FOUND');
    expect(code('DENIED Redis is running in protected mode')).toBe('REFUSED');
    expect(code('Protocol error, got "E" as reply type byte')).toBeUndefined();
    expect(
      engineOf('redis').classifyConnectError(new Error('WRONGPASS pw-xyz'), p)?.message,
    ).not.toContain('pw-xyz');
  });

  it('checks that a Redis database is an index', () => {
    const p = { type: 'redis' as const, host: 'h', port: 1, username: 'u' };
    expect(engineOf('redis').paramsProblem({ ...p, database: '15' })).toBeNull();
    expect(engineOf('redis').paramsProblem({ ...p, database: 'app' })).toMatch(/index/);
  });
});

it('reads one field of INFO text', () => {
  const info = '# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n';
  expect(infoField(info, 'redis_version')).toBe('7.0.15');
  expect(infoField(info, 'redis_mode')).toBe('standalone');
  expect(infoField(info, 'os')).toBeUndefined();
});

describe('saving a Redis connection', () => {
  it('refuses a database that is not an index on create and on update', async () => {
    const core = makeTestCore();
    try {
      const base = { name: 'r', type: 'redis', host: '127.0.0.1', port: 6379, username: 'default' };
      const bad = await dispatch(core.handlers, 'connections.create', { ...base, database: 'app' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      const good = await dispatch(core.handlers, 'connections.create', { ...base, database: '1' });
      expect(good.ok).toBe(true);
      if (!good.ok) return;
      const id = (good.value as { id: string }).id;
      const moved = await dispatch(core.handlers, 'connections.update', { id, database: 'x' });
      expect(moved).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      const pg = await dispatch(core.handlers, 'connections.update', {
        id,
        type: 'postgresql',
        database: 'x',
      });
      expect(pg).toMatchObject({ ok: true, value: { type: 'postgresql', database: 'x' } });
    } finally {
      await core.dispose();
    }
    // A whole core with its store: generous on a loaded machine.
  }, 30_000);
});
