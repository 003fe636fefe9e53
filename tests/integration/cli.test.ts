import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionSchema, testResultSchema } from '../../shared/model/connection';
import { sandboxStatusSchema } from '../../shared/contract/sandbox';
import { freeLoopbackPort } from '../../main/core/sandbox/service';
import { type CliResult, runCli, spawnServe } from '../support/cli';
import { listFiles } from '../support/secret-scan';
import { makeTempDir, type TempDir } from '../support/temp-dir';
import { TEST_MYSQL_URL, testPg } from '../support/test-databases';

const PASSWORD = 'Zq9-cli-S3cret';

/** An error is exactly one line on stderr, with no stack. */
function expectOneErrorLine(r: CliResult, code: number, text: string | RegExp) {
  expect(r.code).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(text);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('the benchphant CLI', () => {
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(args, { env });
  const ids = new Map<string, string>();

  beforeAll(() => {
    dir = makeTempDir('benchphant-cli-');
    env = { BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'memory' };
  });
  afterAll(() => dir.remove());

  it('prints help for every command, exit 0', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage: benchphant');
    for (const command of ['serve', 'connections', 'sandbox'])
      expect(top.stdout).toContain(command);

    const add = await cli('connections', 'add', '--help');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('BENCHPHANT_PASSWORD');
    expect(add.stdout).toContain('--password-prompt');
    expect(add.stdout).not.toMatch(/--password </);

    for (const args of [
      ['serve', '--help'],
      ['connections', 'list', '--help'],
      ['connections', 'test', '--help'],
      ['connections', 'rm', '--help'],
      ['sandbox', '--help'],
      ['sandbox', 'start', '--help'],
      ['sandbox', 'stop', '--help'],
      ['sandbox', 'status', '--help'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain(`Usage: benchphant ${args.slice(0, -1).join(' ')}`);
    }
  });

  it('adds a connection from flags, with the password from BENCHPHANT_PASSWORD', async () => {
    const pg = testPg();
    const r = await runCli(
      [
        'connections',
        'add',
        '--name',
        'cli-pg',
        '--type',
        'postgresql',
        '--host',
        pg.host,
        '--port',
        String(pg.port),
        '--database',
        pg.database,
        '--user',
        pg.username,
        '--environment',
        'test',
        '--tags',
        'a, b',
        '--tls-mode',
        'disable',
        '--json',
      ],
      { env: { ...env, BENCHPHANT_PASSWORD: PASSWORD } },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const saved = connectionSchema.parse(JSON.parse(r.stdout));
    expect(saved).toMatchObject({
      name: 'cli-pg',
      type: 'postgresql',
      environment: 'test',
      tags: ['a', 'b'],
      tls: { mode: 'disable' },
      has_password: true,
    });
    expect(r.stdout).not.toContain(PASSWORD);
    ids.set('pg', saved.id);
  });

  it('adds a connection from --url, and says what it saved', async () => {
    const r = await cli('connections', 'add', '--url', TEST_MYSQL_URL, '--name', 'cli-mysql');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Saved connection 'cli-mysql' \([0-9a-f-]{36}\): mysql .*, development, no password\.\n$/,
    );
  });

  it('lists connections as the contract outputs them (--json) and as a table', async () => {
    const json = await cli('connections', 'list', '--json');
    expect(json.code).toBe(0);
    const list = z.array(connectionSchema).parse(JSON.parse(json.stdout));
    expect(list.map((c) => c.name).sort()).toEqual(['cli-mysql', 'cli-pg']);
    for (const c of list) ids.set(c.name, c.id);
    expect(json.stdout).not.toContain('"password"');

    const table = await cli('connections', 'list');
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+TYPE\s+ADDRESS\s+ENVIRONMENT\s+PASSWORD\s+TAGS$/);
    expect(rows).toHaveLength(2);
    expect(table.stdout).toContain(ids.get('cli-mysql'));
  });

  it('tests a connection by name and by id (exit 0)', async () => {
    // The memory store forgot the first one's password with its process: save one without.
    const pg = testPg();
    await cli(
      'connections',
      'add',
      '--name',
      'cli-pg-open',
      '--type',
      'postgresql',
      '--host',
      pg.host,
      '--port',
      String(pg.port),
      '--database',
      pg.database,
      '--user',
      pg.username,
    );
    const byName = await cli('connections', 'test', 'cli-pg-open');
    expect(byName.code).toBe(0);
    expect(byName.stdout).toMatch(/^cli-pg-open: Connected to PostgreSQL \d+/);

    const byId = await cli('connections', 'test', ids.get('cli-mysql') ?? '', '--json');
    expect(byId.code).toBe(0);
    expect(testResultSchema.parse(JSON.parse(byId.stdout))).toMatchObject({ success: true });
  });

  it('exits 1 when a test fails, with one clear line (or the result as JSON)', async () => {
    const port = await freeLoopbackPort();
    const add = await cli(
      'connections',
      'add',
      '--name',
      'cli-refused',
      '--type',
      'postgresql',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--database',
      'x',
      '--user',
      'x',
    );
    expect(add.code).toBe(0);
    expectOneErrorLine(
      await cli('connections', 'test', 'cli-refused'),
      1,
      `Connection refused by 127.0.0.1:${port}`,
    );

    const json = await cli('connections', 'test', 'cli-refused', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ success: false, code: 'CONNECTION_REFUSED' });

    expectOneErrorLine(
      await cli('connections', 'test', 'no-such-connection'),
      1,
      "No connection is named 'no-such-connection'",
    );
    expectOneErrorLine(
      await cli('connections', 'test', '6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f'),
      1,
      'No connection with id 6f1c1d2e',
    );
    expectOneErrorLine(
      await cli('connections', 'test', 'cli-pg'),
      1,
      "The password of 'cli-pg' is missing from the",
    );
  });

  it('rm refuses without --yes when stdin is not a terminal, and deletes with it', async () => {
    expectOneErrorLine(
      await cli('connections', 'rm', 'cli-refused'),
      2,
      'stdin is not a terminal. Pass --yes',
    );
    expect((await cli('connections', 'list')).stdout).toContain('cli-refused');

    const rm = await cli('connections', 'rm', 'cli-refused', '--yes');
    expect(rm.code).toBe(0);
    expect(rm.stdout).toBe("Connection 'cli-refused' deleted.\n");
    expect((await cli('connections', 'list')).stdout).not.toContain('cli-refused');
    expectOneErrorLine(
      await cli('connections', 'rm', 'cli-refused', '--yes'),
      1,
      "No connection is named 'cli-refused'",
    );
  });

  it.each([
    ['port 70000', ['--port', '70000'], 'port must be between 1 and 65535'],
    ['a port that is not a number', ['--port', 'many'], 'port must be a number'],
    ['an unknown type', ['--type', 'oracle'], 'type must be one of: postgresql, mysql'],
    ['an empty name', ['--name', ''], 'name must not be empty'],
    [
      'a 10 000-character name',
      ['--name', 'n'.repeat(10_000)],
      'name must be at most 200 characters',
    ],
    [
      'an unknown environment',
      ['--environment', 'prod'],
      'environment must be one of: production, staging, development, test',
    ],
    ['an unknown TLS mode', ['--tls-mode', 'always'], 'tls.mode must be one of'],
  ])('exits 2 on %s with one clear line, saving nothing', async (_label, change, message) => {
    const flags: Record<string, string> = {
      '--name': 'bad',
      '--type': 'postgresql',
      '--host': 'h',
      '--port': '5432',
      '--database': 'd',
      '--user': 'u',
    };
    for (let i = 0; i < change.length; i += 2) flags[change[i] ?? ''] = change[i + 1] ?? '';
    const r = await cli('connections', 'add', ...Object.entries(flags).flat());
    expectOneErrorLine(r, 2, message);
    expect(r.stderr.length).toBeLessThan(300);
  });

  it('exits 2 on a malformed URL without repeating it, and on usage mistakes', async () => {
    const bad = await cli('connections', 'add', '--url', `postgres://u:${PASSWORD}@h:70000/db`);
    expectOneErrorLine(
      bad,
      2,
      'The connection URL is not valid: the port must be between 1 and 65535.',
    );
    expect(bad.stderr).not.toContain(PASSWORD);
    expectOneErrorLine(
      await cli('connections', 'add', '--url', 'nonsense'),
      2,
      'expected a form like',
    );
    expectOneErrorLine(
      await cli('connections', 'add', '--url', 'mysql://u@h/db', '--host', 'x'),
      2,
      '--url cannot be combined with --host',
    );
    expectOneErrorLine(
      await cli('connections', 'add', '--password', PASSWORD),
      2,
      "unknown option '--password'",
    );
    expectOneErrorLine(await cli('frobnicate'), 2, "unknown command 'frobnicate'");
    expectOneErrorLine(
      await cli('connections', 'test'),
      2,
      "missing required argument 'connection'",
    );
    expect(
      z
        .array(connectionSchema)
        .parse(JSON.parse((await cli('connections', 'list', '--json')).stdout)),
    ).toHaveLength(3);
  });

  it('reads the password from stdin with --password-prompt when stdin is a pipe, and never prints it', async () => {
    const r = await runCli(
      [
        'connections',
        'add',
        '--url',
        'postgres://postgres@127.0.0.1:5432/test',
        '--name',
        'cli-prompt',
        '--password-prompt',
      ],
      {
        env,
        input: `${PASSWORD}\n`,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('password kept in the in-memory store');
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
    for (const file of listFiles(dir.path))
      expect(readFileSync(file).includes(PASSWORD), file).toBe(false);
  });

  it('reports the sandbox state (--json is the contract output)', async () => {
    const r = await cli('sandbox', 'status', '--json');
    expect(r.code).toBe(0);
    expect(sandboxStatusSchema.parse(JSON.parse(r.stdout))).toMatchObject({
      state: 'stopped',
      connection_id: null,
    });
    const human = await cli('sandbox', 'status');
    expect(human.stdout).toContain('Sandbox PostgreSQL has never been started here');
  });

  it('serve prints the URL with the token once, answers with it, and stops cleanly on SIGTERM', async () => {
    const token = `cli-test-token-${Date.now()}`;
    const serve = await spawnServe(['--port', '0'], { env: { ...env, BENCHPHANT_TOKEN: token } });
    const { child, url, exited } = serve;
    const stdout = serve.stdout();
    const stderr = serve.stderr();
    try {
      expect(url.hostname).toBe('127.0.0.1');
      expect(url.searchParams.get('token')).toBe(token);
      expect(stdout.split(token)).toHaveLength(2);
      expect(stdout).toContain(`Data directory: ${dir.path}`);
      expect(stdout).toContain('Passwords:      memory only');
      expect(stderr).not.toContain('WARNING');

      const api = `http://127.0.0.1:${url.port}/api/v1/connections`;
      const ok = await fetch(api, { headers: { Authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(
        z
          .array(connectionSchema)
          .parse(await ok.json())
          .map((c) => c.name),
      ).toContain('cli-mysql');
      expect((await fetch(api)).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    for (const file of listFiles(dir.path))
      expect(readFileSync(file).includes(token), file).toBe(false);
  });
});
