// A benchmark over TLS with a client certificate (its key behind a passphrase) on both engines,
// against a private PostgreSQL whose only way in for the certificate's user is `hostssl … cert`.
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
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { makeCa, makeCert } from '../../support/tls-certs';

const CERT_USER = 'bp_native_cert';
const PASSPHRASE = 'native-client-key-7731';
const CONN = '00000000-0000-4000-8000-0000000000c1';

let pg: PrivatePostgres;
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
    connection: () => ({ name: 'tls', type: 'postgresql', environment: 'test' }),
    resolveParams: async () => certParams,
  });
});

afterAll(async () => {
  await engine?.close();
  db?.close();
  await pg?.stop();
  dir?.remove();
});

it.each(['native', 'node'] as const)(
  'runs over TLS with a client certificate on the %s engine',
  async (name) => {
    const { id } = await engine.start(
      runStartSchema.parse({
        connection_id: CONN,
        type: 'select_only',
        engine: name,
        schema: 'bench',
        parameters: { scale: 1 },
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
