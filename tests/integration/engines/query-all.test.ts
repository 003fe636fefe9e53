// DbClient.queryAll on the real servers: one result per statement, in order, whether the session
// may batch them (one round trip) or runs them one after another; only a session opened for
// batches takes several statements in one query.
import { afterEach, describe, expect, it } from 'vitest';
import { openClient, type DbClient } from '../../../main/core/db/client';
import { testMysql, testPg } from '../../support/test-databases';

const open: DbClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function client(params: ReturnType<typeof testPg>, batches: boolean): Promise<DbClient> {
  const c = await openClient(params, { batches });
  open.push(c);
  return c;
}

describe('queryAll', () => {
  it.each([
    ['PostgreSQL', testPg, false],
    ['PostgreSQL', testPg, true],
    ['MariaDB', testMysql, false],
    ['MariaDB', testMysql, true],
  ] as const)(
    'on %s (batches %s) answers each statement in order',
    async (_name, params, batches) => {
      const c = await client(params(), batches);
      const [a, b, d] = await c.queryAll([
        'SELECT 1 AS one',
        'SELECT 2 AS two, 3 AS three',
        'SELECT 4 AS four',
      ]);
      expect(a?.rows).toEqual([{ one: 1 }]);
      expect(b?.rows).toEqual([{ two: 2, three: 3 }]);
      expect(d?.rows).toEqual([{ four: 4 }]);
    },
  );

  it('on MariaDB takes several statements in one query only on a session opened for batches', async () => {
    // The multi-statement flag is what lets queryAll send a batch in one round trip.
    const batched = await client(testMysql(), true);
    await expect(batched.query('SELECT 1; SELECT 2')).resolves.toBeDefined();
    const plain = await client(testMysql(), false);
    await expect(plain.query('SELECT 1; SELECT 2')).rejects.toThrow(/syntax/i);
    // Yet queryAll answers the same on both.
    expect(await plain.queryAll(['SELECT 1 AS a', 'SELECT 2 AS b'])).toEqual(
      await batched.queryAll(['SELECT 1 AS a', 'SELECT 2 AS b']),
    );
  });
});
