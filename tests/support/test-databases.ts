// Test helper. The real servers integration tests use: BENCHPHANT_TEST_PG_URL and
// BENCHPHANT_TEST_MYSQL_URL, defaulting to this machine's trust-auth services on loopback.
import type { ConnectionParams, EngineParams } from '../../shared/model/connection';
import { parseSqlConnectionUrl } from '../../main/core/connections/url';

export const TEST_PG_URL =
  process.env.BENCHPHANT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_MYSQL_URL =
  process.env.BENCHPHANT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export const testPg = (): ConnectionParams => parseSqlConnectionUrl(TEST_PG_URL);
export const testMysql = (): ConnectionParams => parseSqlConnectionUrl(TEST_MYSQL_URL);

/** The machine's Redis 7 as a connection: default user without a password, database 0. */
export const testRedis = (): EngineParams => ({
  type: 'redis',
  host: '127.0.0.1',
  port: 6379,
  database: '0',
  username: 'default',
  tls: { mode: 'disable' },
});
