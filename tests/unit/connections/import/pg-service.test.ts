import { describe, expect, it } from 'vitest';
import { parsePgService } from '../../../../main/core/connections/import/pg-service';

const SAMPLE = `# services
[prod]
host=pg-prod.example
port=6432
dbname=shop
user=app
password=pa;ss#word
sslmode=verify-full
sslrootcert=/etc/ssl/ca.pem

[local]
user=me
this line is broken
[noUser]
host=somewhere
[badport]
user=x
port=abc
[socket]
host=/var/run/postgresql
user=x
[weird
[prod]
application_name=bench
`;

describe('parsePgService', () => {
  const result = parsePgService(SAMPLE);

  it('makes one connection per service with libpq defaults, the value taken as written', () => {
    expect(result.entries).toEqual([
      {
        origin: 'service [prod]',
        name: 'prod',
        type: 'postgresql',
        host: 'pg-prod.example',
        port: 6432,
        database: 'shop',
        username: 'app',
        password: 'pa;ss#word',
        tls: { mode: 'verify-full', ca_file: '/etc/ssl/ca.pem' },
      },
      {
        origin: 'service [local]',
        name: 'local',
        type: 'postgresql',
        host: 'localhost',
        port: 5432,
        database: 'me',
        username: 'me',
      },
    ]);
  });

  it('reports bad lines and unusable services, and keeps the rest', () => {
    expect(result.problems).toEqual([
      { origin: 'line 13', reason: 'expected name=value' },
      { origin: 'line 22', reason: 'a section header without its closing ]' },
      { origin: 'service [noUser]', reason: expect.stringMatching(/names no user/) as string },
      { origin: 'service [badport]', reason: 'the port must be a number' },
      { origin: 'service [socket]', reason: expect.stringMatching(/Unix socket/) as string },
    ]);
  });
});
