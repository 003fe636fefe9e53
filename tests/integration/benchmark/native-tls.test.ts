// A benchmark over TLS with a client certificate (its key behind a passphrase) on both engines,
// against a private PostgreSQL whose only way in for the certificate's user is `hostssl … cert`,
// and a private MariaDB whose certificate user is created REQUIRE X509.
import { chmodSync, chownSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../shared/model/connection';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import { BenchmarkEngine } from '../../../main/core/benchmark/engine';
import { testConnection } from '../../../main/core/connections/tester';
import { openClient } from '../../../main/core/db/client';
import { createEventBus } from '../../../main/core/events';
import { silentLogger } from '../../../main/core/logging/logger';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { type PrivateMariadb, startPrivateMariadb } from '../../support/private-mariadb';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { makeCa, makeCert } from '../../support/tls-certs';

const CERT_USER = 'bp_native_cert';
const PASSPHRASE = 'native-client-key-7731';
const PG_CONN = '00000000-0000-4000-8000-0000000000c1';
const MY_CONN = '00000000-0000-4000-8000-0000000000c2';

let pg: PrivatePostgres;
let maria: PrivateMariadb;
let myParams: ConnectionParams;
let dir: TempDir;
let db: Db;
let engine: BenchmarkEngine;
let certParams: ConnectionParams;

function postgresOwns(file: string) {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = entry?.split(':') ?? [];
  if (process.getuid?.() === 0 && uid && gid) chownSync(file, Number(uid), Number(gid));
  chmodSync(file, 0o600);
}

beforeAll(async () => {
  dir = makeTempDir('benchphant-native-tls-');
  const ca = await makeCa(dir.path);
  const server = await makeCert(dir.path, ca, {
    name: 'server',
    cn: 'db.benchphant.test',
    altNames: 'DNS:db.benchphant.test,IP:127.0.0.1',
    days: 30,
  });
  const client = await makeCert(dir.path, ca, {
    name: 'client',
    cn: CERT_USER,
    days: 30,
    client: true,
    passphrase: PASSPHRASE,
  });
  // MariaDB reads its copy of the server key as root; PostgreSQL's must be its own.
  const mariaServer = await makeCert(dir.path, ca, {
    name: 'maria',
    cn: 'maria.benchphant.test',
    altNames: 'DNS:maria.benchphant.test,IP:127.0.0.1',
    days: 30,
  });
  maria = await startPrivateMariadb({
    tls: { certFile: mariaServer.certFile, keyFile: mariaServer.keyFile, caFile: ca.certFile },
  });
  const myAdmin = await openClient(maria.params);
  try {
    await myAdmin.query(`CREATE USER '${CERT_USER}'@'%' REQUIRE X509`);
    await myAdmin.query('CREATE DATABASE bench');
    await myAdmin.query(`GRANT ALL ON bench.* TO '${CERT_USER}'@'%'`);
  } finally {
    await myAdmin.close();
  }
  postgresOwns(server.keyFile);
  postgresOwns(server.certFile);
  pg = await startPrivatePostgres({ password: 'native-tls-admin' });
  const admin = await openClient({ ...pg.params, tls: { mode: 'disable' } });
  try {
    const hba = (await admin.query('SHOW hba_file')).rows[0]?.hba_file as string;
    writeFileSync(hba, `hostssl all ${CERT_USER} 127.0.0.1/32 cert\n${readFileSync(hba, 'utf8')}`);
    for (const sql of [
      `CREATE ROLE ${CERT_USER} LOGIN`,
      `CREATE SCHEMA bench AUTHORIZATION ${CERT_USER}`,
      `GRANT CREATE ON DATABASE ${pg.params.database} TO ${CERT_USER}`,
      `ALTER SYSTEM SET ssl_cert_file = '${server.certFile}'`,
      `ALTER SYSTEM SET ssl_key_file = '${server.keyFile}'`,
      `ALTER SYSTEM SET ssl_ca_file = '${ca.certFile}'`,
      'ALTER SYSTEM SET ssl = on',
      'SELECT pg_reload_conf()',
    ])
      await admin.query(sql);
  } finally {
    await admin.close();
  }
  certParams = {
    ...pg.params,
    username: CERT_USER,
    password: undefined,
    tls: {
      mode: 'verify-full',
      ca_file: ca.certFile,
      cert_file: client.certFile,
      key_file: client.keyFile,
    },
    tls_key_passphrase: PASSPHRASE,
  };
  myParams = {
    ...maria.params,
    database: 'bench',
    username: CERT_USER,
    password: undefined,
    tls: certParams.tls,
    tls_key_passphrase: PASSPHRASE,
  };
  // The reload is asynchronous: wait until the certificate user gets in.
  for (let i = 0; i < 100; i++) {
    if ((await testConnection(certParams)).success) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  db = openDatabase(join(dir.path, 'benchphant.sqlite'));
  engine = new BenchmarkEngine({
    db,
    events: createEventBus(),
    logger: silentLogger,
    connection: (id) => ({
      name: 'tls',
      type: id === PG_CONN ? 'postgresql' : 'mysql',
      environment: 'test',
    }),
    resolveParams: async (id) => (id === PG_CONN ? certParams : myParams),
  });
});

afterAll(async () => {
  await engine?.close();
  db?.close();
  await pg?.stop();
  await maria?.stop();
  dir?.remove();
});

it.each([
  ['PostgreSQL', 'native'],
  ['PostgreSQL', 'node'],
  ['MariaDB', 'native'],
  ['MariaDB', 'node'],
] as const)(
  'runs on %s over TLS with a client certificate on the %s engine',
  async (server, name) => {
    const { id } = await engine.start(
      runStartSchema.parse({
        connection_id: server === 'PostgreSQL' ? PG_CONN : MY_CONN,
        type: server === 'PostgreSQL' ? 'select_only' : 'oltp_point_select',
        engine: name,
        schema: 'bench',
        parameters: { scale: 1, tables: 1, table_size: 1000 },
        threads: 2,
        duration: 1,
        warmup: 0,
      }),
    );
    const summary = await engine.waitFor(id);
    expect(summary.status, summary.message ?? '').toBe('completed');
    expect(summary.engine).toBe(name);
    const r = engine.get(id);
    expect(r.metrics.tps).toBeGreaterThan(0);
    expect(r.detail.errors_by_class.connection).toBe(0);
  },
);
