// `benchphant tenants …` through the real CLI process against the real PostgreSQL: create, list,
// the impact a suspend or delete would have, deploy (waiting for the job), query across tenants, the write guard, and a hard delete.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataPaths } from '../../../main/core/paths';
import { selectSecretStore } from '../../../main/core/secrets/select';
import { runCli } from '../../support/cli';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import {
  addConnection,
  call,
  databaseExists,
  dropEverything,
  makeBlueprint,
  makeTestCore,
  runPrefix,
} from './harness';

const prefix = runPrefix();
const bp = `${prefix}_shop`;
const tenant = `${prefix.replace('bpt_', 'c')}one`;
let dir: TempDir;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runCli(args, { env });

beforeAll(async () => {
  dir = makeTempDir('benchphant-tenants-cli-');
  // Secrets outlive each CLI process: admin queries log in as the tenant role that `create` made.
  env = {
    BENCHPHANT_DATA_DIR: dir.path,
    BENCHPHANT_SECRET_STORE: 'file',
    BENCHPHANT_MASTER_KEY: `tenants-cli-${prefix}`,
  };
  const core = makeTestCore({ dataDir: dir.path });
  await makeBlueprint(core, await addConnection(core, 'postgresql'), bp);
  await core.close();
});
afterAll(async () => {
  dir?.remove();
  await dropEverything('postgresql', prefix);
});

it('creates and lists a tenant', async () => {
  const created = await cli('tenants', 'create', tenant, '--blueprint', bp);
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
  expect(created.stdout).toMatch(new RegExp(`${tenant}\\s+ready\\s+${bp}\\s+1\\.0\\s+L1`));
  const list = await cli('tenants', 'list', '--json');
  expect(list.code).toBe(0);
  expect(JSON.parse(list.stdout)).toMatchObject({
    count: 1,
    tenants: [{ tenant_id: tenant, status: 'ready' }],
  });
});

it('says what a suspend or delete would end, as text and JSON, and fails for an unknown tenant', async () => {
  // One open session as the tenant's own role, whose count the impact must include.
  // The CLI's own secret store (the tenant role's password is there), as the CLI opens it.
  const secrets = await selectSecretStore({ secretsFile: dataPaths(dir.path).secretsFile, env });
  const core = makeTestCore({ dataDir: dir.path, secrets: secrets.store });
  const [login, got] = await Promise.all([
    call(core, 'tenants.reveal', { id: tenant, blueprint: bp }),
    call(core, 'tenants.get', { id: tenant }),
  ]).finally(() => core.close());
  const db = got.databases[0];
  const session = new pg.Client({
    host: db?.connection.host,
    port: db?.connection.port,
    database: db?.connection.database,
    user: login.user,
    password: login.password,
  });
  await session.connect();
  try {
    const text = await cli('tenants', 'impact', tenant);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `${tenant} (ready): 1 open session ends; logins to 1 database are blocked.`,
    );
    expect(text.stdout).toMatch(new RegExp(`${bp}\\s+${bp}__${tenant}\\s+1`));
    const asJson = await cli('tenants', 'impact', tenant, '--json');
    expect(asJson.code).toBe(0);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      tenant_id: tenant,
      status: 'ready',
      sessions: 1,
      databases: [{ blueprint: bp, database: `${bp}__${tenant}`, sessions: 1 }],
    });
  } finally {
    await session.end();
  }
  const after = JSON.parse((await cli('tenants', 'impact', tenant, '--json')).stdout) as {
    sessions: number;
  };
  expect(after.sessions).toBe(0);
  const unknown = await cli('tenants', 'impact', `${tenant}_nobody`);
  expect(unknown.code).toBe(1);
  expect(unknown.stdout).toBe('');
  expect(unknown.stderr.trimEnd().split('\n')).toHaveLength(1);
}, 60_000);

it('deploys a new version, waiting for the job, then queries across tenants', async () => {
  const core = makeTestCore({ dataDir: dir.path });
  await call(core, 'workspaces.query', {
    id: bp,
    query: 'ALTER TABLE products ADD COLUMN weight_g int',
  });
  await call(core, 'workspaces.deploy', { id: bp });
  await core.close();

  const deployed = await cli('tenants', 'deploy', bp, '--parallelism', '2');
  expect(deployed.code).toBe(0);
  expect(deployed.stdout).toMatch(/completed — 1 completed, 0 failed, 0 drifted of 1/);
  expect(deployed.stderr).toMatch(/100%/);

  const q = await cli(
    'tenants',
    'query',
    'SELECT COUNT(weight_g) AS n FROM products',
    '--blueprint',
    bp,
  );
  expect(q.code).toBe(0);
  expect(q.stdout).toMatch(new RegExp(`tenant_id\\s+n\\n${tenant}\\s+0`));

  const write = await cli('tenants', 'query', 'DELETE FROM products', '--blueprint', bp);
  expect(write.code).toBe(2);
  expect(write.stderr).toMatch(/allow_writes/);

  const slow = await cli(
    'tenants',
    'query',
    'SELECT pg_sleep(60)',
    '--tenant',
    tenant,
    '--timeout-ms',
    '1000',
  );
  expect(slow.code).toBe(1);
  expect(slow.stderr).toMatch(/longer than its 1 s timeout and was stopped/);
});

it('hard-deletes with the confirmation', async () => {
  const refused = await cli('tenants', 'delete', tenant, '--hard');
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/confirm/);
  const gone = await cli('tenants', 'delete', tenant, '--hard', '--confirm', tenant);
  expect(gone.code).toBe(0);
  expect(await databaseExists('postgresql', `${bp}__${tenant}`)).toBe(false);
});
