import { describe, expect, it } from 'vitest';
import { parsePgAdmin } from '../../../../main/core/connections/import/pgadmin';
import { thrownAppError } from '../../../support/app-error';

const SAMPLE = {
  Servers: {
    '1': {
      Name: 'Production',
      Group: 'Shop',
      Host: 'pg.example',
      Port: 5432,
      MaintenanceDB: 'postgres',
      Username: 'dba',
      SSLMode: 'verify-ca',
      SSLRootCert: '/certs/ca.pem',
      Comment: 'primary',
    },
    '2': { Name: 'Replica', Group: 'Shop', Host: 'replica.example', Port: '6543', Username: 'ro' },
    '3': { Name: 'Via service', Service: 'prod', Username: 'x' },
    '4': { Name: 'No user', Host: 'h.example' },
    '5': 'not an object',
    '6': { Name: 'Bad TLS', Host: 'h.example', Username: 'u', SSLMode: 'sometimes' },
  },
};

describe('parsePgAdmin', () => {
  const result = parsePgAdmin(JSON.stringify(SAMPLE));

  it('reads each server with its group as a tag, asking for the password pgAdmin does not export', () => {
    expect(result.entries).toEqual([
      {
        origin: 'server 1 (Production)',
        name: 'Production',
        type: 'postgresql',
        host: 'pg.example',
        port: 5432,
        database: 'postgres',
        username: 'dba',
        tls: { mode: 'verify-full', ca_file: '/certs/ca.pem' },
        tags: ['Shop'],
        description: 'primary',
        needsPassword: true,
      },
      expect.objectContaining({ name: 'Replica', port: 6543, database: 'postgres' }),
    ]);
  });

  it('reports the servers it cannot use and why', () => {
    expect(result.problems).toEqual([
      { origin: 'server 3 (Via service)', reason: expect.stringMatching(/pg_service/) as string },
      { origin: 'server 4 (No user)', reason: expect.stringMatching(/no user/) as string },
      { origin: 'server 5', reason: 'not an object' },
      {
        origin: 'server 6 (Bad TLS)',
        reason: expect.stringMatching(/SSLMode must be one of/) as string,
      },
    ]);
  });

  it('refuses a file that is not a servers.json, without quoting it', () => {
    const err = thrownAppError(() => parsePgAdmin('{"password": "Zq9-leak'));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).not.toContain('Zq9');
    expect(thrownAppError(() => parsePgAdmin('{"servers": {}}')).message).toMatch(/"Servers"/);
  });
});
