import { describe, expect, it } from 'vitest';
import { parsePgpass, pgpassPasswordFor } from '../../../../main/core/connections/import/pgpass';

const SAMPLE = [
  '# my servers',
  'db1.example:5432:shop:alice:s3cret',
  'db2.example:6543:orders:bob:pa\\:ss\\\\word',
  '',
  '*:*:*:carol:wild-pass',
  'db3.example:*:reports:dave:any-port',
  'broken line without enough fields',
  'db4.example:notaport:x:y:z',
  'db5.example:5432:analytics:erin:',
  'db1.example:5432:shop:alice:second-entry',
].join('\n');

describe('parsePgpass', () => {
  const result = parsePgpass(SAMPLE);

  it('turns every line naming one server into a connection, escapes removed', () => {
    expect(result.entries.map((e) => [e.origin, e.host, e.port, e.database, e.username])).toEqual([
      ['line 2', 'db1.example', 5432, 'shop', 'alice'],
      ['line 3', 'db2.example', 6543, 'orders', 'bob'],
      ['line 9', 'db5.example', 5432, 'analytics', 'erin'],
      ['line 10', 'db1.example', 5432, 'shop', 'alice'],
    ]);
    expect(result.entries[0]?.password).toBe('s3cret');
    expect(result.entries[1]?.password).toBe('pa:ss\\word');
    // Its own line leaves the password empty; no wildcard line matches erin either.
    expect(result.entries[2]?.password).toBeUndefined();
    expect(result.entries.every((e) => e.type === 'postgresql')).toBe(true);
  });

  it('keeps wildcard lines as passwords only, and says so', () => {
    expect(result.entries.some((e) => e.username === 'carol' || e.username === 'dave')).toBe(false);
    expect(result.notices).toEqual([
      expect.stringContaining('2 lines have a * wildcard') as string,
    ]);
    expect(
      pgpassPasswordFor(result.rules, { host: 'x', port: 1, database: 'y', username: 'carol' }),
    ).toBe('wild-pass');
    expect(
      pgpassPasswordFor(result.rules, {
        host: 'db3.example',
        port: 7777,
        database: 'reports',
        username: 'dave',
      }),
    ).toBe('any-port');
    expect(
      pgpassPasswordFor(result.rules, {
        host: 'db3.example',
        port: 7777,
        database: 'other',
        username: 'dave',
      }),
    ).toBeUndefined();
  });

  it('reports malformed lines by number and reason without their text', () => {
    expect(result.problems).toEqual([
      { origin: 'line 7', reason: expect.stringContaining('found 1 field') as string },
      { origin: 'line 8', reason: 'the port must be a number' },
    ]);
    expect(JSON.stringify(result.problems)).not.toContain('broken');
  });

  it('takes the first matching line, as libpq does', () => {
    expect(
      pgpassPasswordFor(result.rules, {
        host: 'db1.example',
        port: 5432,
        database: 'shop',
        username: 'alice',
      }),
    ).toBe('s3cret');
  });
});

describe('parsePgpass with a specific line without a password', () => {
  it('takes the password of a later wildcard line that matches it', () => {
    const r = parsePgpass('db:5432:app:erin:\n*:*:*:erin:from-wildcard\n');
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]?.password).toBe('from-wildcard');
  });
});
