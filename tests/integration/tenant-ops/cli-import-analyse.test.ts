// `benchphant workspaces import-analyse` through the real CLI process against the real PostgreSQL:
// a shared source analysed against a blueprint that has none of its tables, each mismatch printed
// with the options that resolve it, and the same analysis as JSON.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import {
  addConnection,
  dropEverything,
  makeBlueprint,
  makeTestCore,
  runPrefix,
} from '../tenants/harness';
import { makeSharedSource } from './import-support';

const prefix = runPrefix();
const ws = `${prefix}_shop`;
const source = `${prefix}_shared`;
let dir: TempDir;
let connectionId: string;
const cli = (...args: string[]) =>
  runCli(args, { env: { BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'file' } });

beforeAll(async () => {
  dir = makeTempDir('benchphant-import-analyse-cli-');
  const core = makeTestCore({ dataDir: dir.path });
  connectionId = await addConnection(core, 'postgresql');
  await makeBlueprint(core, connectionId, ws);
  await makeSharedSource('postgresql', source, { bigRows: 0 });
  await core.close();
}, 60_000);
afterAll(async () => {
  dir?.remove();
  await dropEverything('postgresql', prefix);
});

it('prints each mismatch with the blueprint and what resolves it', async () => {
  const out = await cli(
    'workspaces',
    'import-analyse',
    ws,
    '--connection',
    connectionId,
    '--database',
    source,
    '--leave-out',
    'events',
  );
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  expect(out.stdout).toMatch(/^3 tenants in 5 tables with tenant_id/);
  expect(out.stdout).toMatch(/events\s+yes\s+0\s+skip/);
  expect(out.stdout).toMatch(
    new RegExp(
      `- Table notes is not in blueprint '${ws}' 1\\.0\\.\\n  resolve: add notes to leave_out or use import-full\\n`,
    ),
  );
  expect(out.stdout).toContain(
    '- Tenant acme does not exist.\n  resolve: set options.create_tenants\n',
  );
  expect(out.stdout).toContain(
    '  resolve: set drop_routing_column=true or add customers to leave_out or use import-full\n',
  );

  const json = await cli(
    'workspaces',
    'import-analyse',
    ws,
    '--connection',
    connectionId,
    '--database',
    source,
    '--json',
  );
  expect(json.code).toBe(0);
  const a = JSON.parse(json.stdout) as { blueprint_version: string; problems: { kind: string }[] };
  expect(a.blueprint_version).toBe('1.0');
  expect(a.problems.filter((p) => p.kind === 'table_missing')).toHaveLength(4);
}, 120_000);
