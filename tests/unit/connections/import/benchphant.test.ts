import { describe, expect, it } from 'vitest';
import { exportConnections } from '../../../../main/core/connections/export';
import { parseBenchphantExport } from '../../../../main/core/connections/import/benchphant';
import { parseUrlList } from '../../../../main/core/connections/import/urls';
import type { Connection } from '../../../../shared/model/connection';
import { thrownAppError } from '../../../support/app-error';

const saved = (over: Partial<Connection>): Connection => ({
  id: '5b0f2f7e-7d37-4d0e-9a53-0f0c2f3a1e11',
  name: 'Shop primary',
  type: 'postgresql',
  host: 'pg.example',
  port: 5432,
  database: 'shop',
  username: 'app user',
  environment: 'staging',
  description: 'the main one',
  tags: ['shop'],
  is_active: true,
  tls: { mode: 'verify-full', ca_file: '/certs/ca.pem' },
  has_password: true,
  secret_ref: 'memory:benchphant/connection/x',
  is_sandbox: false,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  ...over,
});

const CONNECTIONS = [
  saved({}),
  saved({
    name: 'Inventory',
    type: 'mysql',
    host: '::1',
    port: 3307,
    database: 'inv',
    tls: { mode: 'prefer' },
  }),
];
const NOW = new Date('2026-11-22T10:00:00Z');

describe('export and re-import', () => {
  it('writes the versioned JSON without secret references and reads it back whole', () => {
    const out = exportConnections(CONNECTIONS, 'json', NOW);
    expect(out.filename).toBe('benchphant-connections-2026-11-22.json');
    expect(out.count).toBe(2);
    expect(out.content).not.toMatch(/secret|password|memory:/);
    const back = parseBenchphantExport(out.content);
    expect(back.problems).toEqual([]);
    expect(back.entries[0]).toMatchObject({
      name: 'Shop primary',
      username: 'app user',
      environment: 'staging',
      description: 'the main one',
      tags: ['shop'],
      tls: { mode: 'verify-full', ca_file: '/certs/ca.pem' },
    });
    expect(back.entries[1]).toMatchObject({ type: 'mysql', host: '::1', port: 3307 });
  });

  it('writes a URL list without passwords that the URL importer reads back', () => {
    const out = exportConnections(CONNECTIONS, 'urls', NOW);
    expect(out.content).toBe(
      [
        '# Shop primary',
        'postgresql://app%20user@pg.example:5432/shop?sslmode=verify-full&sslrootcert=%2Fcerts%2Fca.pem',
        '# Inventory',
        'mysql://app%20user@[::1]:3307/inv',
        '',
      ].join('\n'),
    );
    const back = parseUrlList(out.content);
    expect(back.problems).toEqual([]);
    expect(back.entries.map((e) => [e.username, e.host, e.port, e.database, e.tls])).toEqual([
      ['app user', 'pg.example', 5432, 'shop', { mode: 'verify-full', ca_file: '/certs/ca.pem' }],
      ['app user', '::1', 3307, 'inv', undefined],
    ]);
  });

  it('reports a bad entry and keeps the others; refuses other formats and newer versions', () => {
    const file = JSON.parse(exportConnections(CONNECTIONS, 'json', NOW).content) as {
      connections: unknown[];
    };
    file.connections.splice(1, 0, { name: 'broken', type: 'oracle' });
    const back = parseBenchphantExport(JSON.stringify(file));
    expect(back.entries.map((e) => e.name)).toEqual(['Shop primary', 'Inventory']);
    expect(back.problems).toEqual([
      { origin: 'connection 2', reason: expect.any(String) as string },
    ]);
    expect(thrownAppError(() => parseBenchphantExport('{"format":"other"}')).code).toBe(
      'BAD_INPUT',
    );
    expect(
      thrownAppError(() =>
        parseBenchphantExport('{"format":"benchphant-connections","version":2,"connections":[]}'),
      ).message,
    ).toMatch(/version 2/);
  });
});
