import { describe, expect, it } from 'vitest';
import { parseMyCnf } from '../../../../main/core/connections/import/my-cnf';

const SAMPLE = `!include /etc/mysql/common.cnf
[client]
user = root
password = "quoted # not a comment"
host = 127.0.0.1

[mysql]
database = shop
no-auto-rehash

[mysqld]
datadir = /var/lib/mysql

[client_replica]
host = replica.example
port = 3307
ssl_mode = VERIFY_IDENTITY
ssl-ca = /etc/ssl/replica-ca.pem

[client_broken]
port = 70000
= orphan value
`;

describe('parseMyCnf', () => {
  const result = parseMyCnf(SAMPLE);

  it('makes [client]+[mysql] one connection and each [client_x] another on top of them', () => {
    expect(result.entries).toEqual([
      {
        origin: 'group [client]',
        name: 'my.cnf [client]',
        type: 'mysql',
        host: '127.0.0.1',
        port: 3306,
        database: 'shop',
        username: 'root',
        password: 'quoted # not a comment',
      },
      {
        origin: 'group [client_replica]',
        name: 'my.cnf [client_replica]',
        type: 'mysql',
        host: 'replica.example',
        port: 3307,
        database: 'shop',
        username: 'root',
        password: 'quoted # not a comment',
        tls: { mode: 'verify-full', ca_file: '/etc/ssl/replica-ca.pem' },
      },
    ]);
  });

  it('ignores !include and server groups with a notice, and reports bad lines and groups', () => {
    expect(result.notices).toEqual([
      'line 1: !include ignored; import that file on its own.',
      '[mysqld] ignored: not client option groups.',
    ]);
    expect(result.problems).toEqual([
      { origin: 'line 22', reason: 'an option with no name before =' },
      { origin: 'group [client_broken]', reason: 'the port must be between 1 and 65535' },
    ]);
  });

  it("falls back to the 'mysql' database and says so", () => {
    const r = parseMyCnf('[client]\nuser=app\n');
    expect(r.entries[0]).toMatchObject({ host: 'localhost', database: 'mysql', username: 'app' });
    expect(r.notices[0]).toMatch(/no database named; 'mysql' is used/);
  });
});
