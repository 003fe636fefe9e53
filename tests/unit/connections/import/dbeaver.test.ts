import { describe, expect, it } from 'vitest';
import { parseDbeaver } from '../../../../main/core/connections/import/dbeaver';

const SAMPLE = {
  folders: { Prod: {} },
  connections: {
    'postgres-jdbc-1': {
      provider: 'postgresql',
      driver: 'postgres-jdbc',
      name: 'Orders',
      'save-password': true,
      folder: 'Prod',
      configuration: {
        host: 'pg.example',
        port: '5433',
        database: 'orders',
        user: 'app',
        type: 'prod',
        url: 'jdbc:postgresql://pg.example:5433/orders',
      },
    },
    'mariadb-2': {
      provider: 'mariadb',
      name: 'Maria',
      configuration: { host: 'maria.example', user: 'ro', type: 'dev' },
    },
    'sqlite-3': { provider: 'sqlite', name: 'Local file', configuration: {} },
    'mysql-4': { provider: 'mysql', name: 'No user', configuration: { host: 'h' } },
  },
};

describe('parseDbeaver', () => {
  const result = parseDbeaver(JSON.stringify(SAMPLE));

  it('reads PostgreSQL, MySQL and MariaDB connections, with folder and connection type', () => {
    expect(result.entries).toEqual([
      {
        origin: 'connection Orders',
        name: 'Orders',
        type: 'postgresql',
        host: 'pg.example',
        port: 5433,
        database: 'orders',
        username: 'app',
        environment: 'production',
        tags: ['Prod'],
        needsPassword: true,
      },
      {
        origin: 'connection Maria',
        name: 'Maria',
        type: 'mysql',
        host: 'maria.example',
        port: 3306,
        database: 'mysql',
        username: 'ro',
        environment: 'development',
        needsPassword: false,
      },
    ]);
  });

  it('skips other engines and entries without a user, saying why', () => {
    expect(result.problems).toEqual([
      {
        origin: 'connection Local file',
        reason: expect.stringMatching(/provider 'sqlite'/) as string,
      },
      {
        origin: 'connection No user',
        reason: expect.stringMatching(/credentials-config\.json/) as string,
      },
    ]);
  });
});
