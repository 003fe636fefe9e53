// Connection tests name the real cause when another kind of service answers the port: MariaDB on
// a PostgreSQL connection, PostgreSQL on a MySQL one, an HTTP server, a TLS-only listener.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../shared/model/connection';
import { testConnection } from '../../../main/core/connections/tester';
import { identifyService } from '../../../main/core/connections/service-probe';
import { freeLoopbackPort } from '../../../main/core/sandbox/service';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { makeCa, makeCert } from '../../support/tls-certs';

const pg = (port: number): ConnectionParams => ({
  type: 'postgresql',
  host: '127.0.0.1',
  port,
  database: 'test',
  username: 'postgres',
  tls: { mode: 'prefer' },
});
const my = (port: number): ConnectionParams => ({
  type: 'mysql',
  host: '127.0.0.1',
  port,
  database: 'test',
  username: 'root',
  tls: { mode: 'disable' },
});

let dir: TempDir;
let http: Server;
let tls: TlsServer;
const portOf = (s: Server | TlsServer) => (s.address() as AddressInfo).port;
const listening = (s: Server | TlsServer) =>
  new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));

beforeAll(async () => {
  dir = makeTempDir('benchphant-wrong-service-');
  const ca = await makeCa(dir.path);
  const cert = await makeCert(dir.path, ca, {
    name: 'server',
    cn: 'localhost',
    days: 30,
    altNames: 'IP:127.0.0.1,DNS:localhost',
  });
  http = createHttpServer((_req, res) => res.end('hello'));
  tls = createTlsServer(
    { key: readFileSync(cert.keyFile), cert: readFileSync(cert.certFile) },
    (socket) => socket.end('hello over TLS'),
  );
  await Promise.all([listening(http), listening(tls)]);
});

afterAll(() => {
  http?.close();
  tls?.close();
  dir?.remove();
});

describe('what answers a port', () => {
  it('tells the loopback services apart by their first bytes', async () => {
    expect(await identifyService('127.0.0.1', 3306)).toBe('mariadb');
    expect(await identifyService('127.0.0.1', 5432)).toBe('postgresql');
    expect(await identifyService('127.0.0.1', portOf(http))).toBe('http');
    expect(await identifyService('127.0.0.1', portOf(tls))).toBe('tls');
    expect(await identifyService('127.0.0.1', await freeLoopbackPort())).toBeNull();
  });
});

describe('a connection test on the wrong kind of service', () => {
  it('says MariaDB answers a PostgreSQL connection', async () => {
    const r = await testConnection(pg(3306), 3000);
    expect(r).toMatchObject({
      success: false,
      code: 'WRONG_SERVICE',
      message: '127.0.0.1:3306 answers as MariaDB, not PostgreSQL: check the port or the type.',
    });
    // The same without TLS, where the driver's own error is another one.
    const plain = await testConnection({ ...pg(3306), tls: { mode: 'disable' } }, 3000);
    expect(plain.message).toBe(r.message);
  });

  it('says PostgreSQL answers a MySQL connection', async () => {
    const r = await testConnection(my(5432), 1500);
    expect(r).toMatchObject({
      success: false,
      code: 'WRONG_SERVICE',
      message:
        '127.0.0.1:5432 answers as PostgreSQL, not MySQL/MariaDB: check the port or the type.',
    });
  });

  it.each([
    ['postgresql', pg, 'PostgreSQL'],
    ['mysql', my, 'MySQL/MariaDB'],
  ] as const)(
    'says an HTTP server and a TLS-only listener answer a %s connection',
    async (_n, make, want) => {
      const web = await testConnection(make(portOf(http)), 1500);
      expect(web.code).toBe('WRONG_SERVICE');
      expect(web.message).toBe(
        `127.0.0.1:${portOf(http)} answers as an HTTP server, not ${want}: check the port or the type.`,
      );
      const secure = await testConnection(make(portOf(tls)), 1500);
      expect(secure.code).toBe('WRONG_SERVICE');
      expect(secure.message).toBe(
        `127.0.0.1:${portOf(tls)} answers as a TLS-only service (such as HTTPS), not ${want}: check the port or the type.`,
      );
    },
  );

  it('keeps the driver’s own cause when the right kind of server answers or nothing does', async () => {
    const refused = await testConnection(pg(await freeLoopbackPort()), 1500);
    expect(refused.code).toBe('CONNECTION_REFUSED');
    const noDb = await testConnection({ ...my(3306), database: 'bp_no_such_db_13' }, 3000);
    expect(noDb.code).toBe('DATABASE_NOT_FOUND');
    const ok = await testConnection({ ...pg(5432), tls: { mode: 'disable' } }, 3000);
    expect(ok.success).toBe(true);
  });
});
