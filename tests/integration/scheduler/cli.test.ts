// `benchphant schedule …` through the real CLI process: add a task with the schedule in words,
// list it, run it now (exit 0 on success, 1 on failure), pause and resume, show, rm.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { addConnection, makeTestCore } from '../tenants/harness';

let dir: TempDir;
let env: NodeJS.ProcessEnv;
let pgId: string;
const cli = (...args: string[]) => runCli(args, { env });

beforeAll(async () => {
  dir = makeTempDir('benchphant-schedule-cli-');
  env = { BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'memory' };
  const core = makeTestCore({ dataDir: dir.path });
  pgId = await addConnection(core, 'postgresql', 'schedule pg');
  await core.close();
});
afterAll(() => dir?.remove());

it('adds, lists, runs, pauses, resumes, shows and removes a task', async () => {
  const added = await cli(
    'schedule',
    'add',
    'db up',
    '--type',
    'connection_check',
    '--connection',
    pgId,
    '--cron',
    '30 7 * * 1-5',
    '--timezone',
    'Europe/Berlin',
    '--json',
  );
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  const task = JSON.parse(added.stdout) as { id: string; schedule_text: string };
  expect(task.schedule_text).toBe('every weekday (Monday to Friday) at 07:30');

  const list = await cli('schedule', 'list');
  expect(list.stdout).toMatch(
    /db up\s+connection_check\s+every weekday .*\s+Europe\/Berlin\s+active/,
  );

  const run = await cli('schedule', 'run', task.id);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^succeeded: Reachable: .*round trip/);

  expect((await cli('schedule', 'pause', task.id)).stdout).toMatch(/is paused/);
  expect((await cli('schedule', 'resume', task.id)).stdout).toMatch(/is active/);
  const show = await cli('schedule', 'show', task.id);
  expect(show.stdout).toMatch(/succeeded\s+manual/);

  expect((await cli('schedule', 'rm', task.id)).stdout).toMatch(/deleted/);
  expect((await cli('schedule', 'show', task.id)).code).toBe(1);
});

it('refuses a bad cron expression naming the field, with exit 2', async () => {
  const r = await cli(
    'schedule',
    'add',
    'bad',
    '--type',
    'connection_check',
    '--connection',
    pgId,
    '--cron',
    '0 2 * 13 *',
  );
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/month/);
});

it('exits 1 when the run fails', async () => {
  const added = await cli(
    'schedule',
    'add',
    'no stats',
    '--type',
    'log_analysis',
    '--connection',
    pgId,
    '--cron',
    '0 2 * * *',
    '--json',
  );
  const { id } = JSON.parse(added.stdout) as { id: string };
  const r = await cli('schedule', 'run', id);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^failed: pg_stat_statements/);
});
