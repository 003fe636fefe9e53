// Import and export of connections through the real dispatcher over a real core and store: the
// preview writes nothing, apply puts passwords in the secret store (never the SQLite file), an
// export reads back whole, and a pgpass entry reaches a real password-protected PostgreSQL.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Method, Output } from '../../shared/contract';
import type { Connection } from '../../shared/model/connection';
import { createMemorySecretStore, type SecretStore } from '../../main/core/secrets/secret-store';
import { dispatch } from '../../main/rpc/dispatch';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { scanDirectory, secretForms } from '../support/secret-scan';
import { makeTempDir, type TempDir } from '../support/temp-dir';
import { makeTestCore, type TestCore } from '../support/test-core';

const secret = (label: string) => `Zq9-${label}-${randomBytes(5).toString('hex')}-@:/%`;

let core: TestCore;
let secrets: SecretStore<'memory'>;
let files: TempDir;

async function call<M extends Method>(c: TestCore, method: M, input: unknown): Promise<Output<M>> {
  const envelope = await dispatch(c.handlers, method, input, c.logger);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as Output<M>;
}

async function failure(c: TestCore, method: Method, input: unknown) {
  const envelope = await dispatch(c.handlers, method, input, c.logger);
  if (envelope.ok) throw new Error(`${method} succeeded but should have failed`);
  return envelope.error;
}

const file = (name: string, text: string) => {
  const path = join(files.path, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
};

beforeEach(() => {
  secrets = createMemorySecretStore();
  core = makeTestCore({ secrets });
  files = makeTempDir('bp-transfer-');
});

afterEach(async () => {
  await core.dispose();
  files.remove();
});

describe('import preview and apply', () => {
  it('previews URLs with duplicates and a bad line, writes nothing, then creates the chosen ones', async () => {
    const pw = secret('url');
    await call(core, 'connections.createFromUrl', { url: 'postgres://app@saved.example/shop' });
    const preview = await call(core, 'connections.importPreview', {
      source: 'urls',
      text: [
        `postgres://app:${encodeURIComponent(pw)}@new.example:5433/shop`,
        'postgres://app@SAVED.example:5432/shop',
        'mysql://ro@maria.example/stats',
        'postgres://app@new.example:5433/shop',
        'postgres://app@bad.example:notaport/x',
      ].join('\n'),
    });
    expect(preview.candidates.map((c) => [c.origin, c.host, c.has_password])).toEqual([
      ['line 1', 'new.example', true],
      ['line 3', 'maria.example', false],
    ]);
    expect(preview.skipped).toEqual([
      { origin: 'line 5', reason: expect.stringMatching(/port must be a number/) as string },
      {
        origin: 'line 2',
        address: 'app@SAVED.example:5432/shop',
        reason: "already saved as 'app@saved.example/shop'",
      },
      {
        origin: 'line 4',
        address: 'app@new.example:5433/shop',
        reason: 'same as line 1 in this import',
      },
    ]);
    expect(JSON.stringify(preview)).not.toContain(pw);
    expect(core.connections.list()).toHaveLength(1);

    const typed = secret('typed');
    const done = await call(core, 'connections.importApply', {
      token: preview.token,
      items: [
        { key: preview.candidates[0]?.key },
        { key: preview.candidates[1]?.key, password: typed },
      ],
    });
    expect(done.failed).toEqual([]);
    expect(done.created.map((c) => [c.host, c.has_password])).toEqual([
      ['new.example', true],
      ['maria.example', true],
    ]);
    expect(JSON.stringify(done)).not.toContain(pw);
    expect(await secrets.get(`connection/${done.created[0]?.id}`)).toBe(pw);
    expect(await secrets.get(`connection/${done.created[1]?.id}`)).toBe(typed);
    expect(core.connections.list()).toHaveLength(3);

    // The store holds metadata only, whatever form a careless program would write a password in.
    const { hits } = scanDirectory(core.dataDir, [...secretForms(pw), ...secretForms(typed)]);
    expect(hits).toEqual([]);

    // A preview works once.
    const again = await failure(core, 'connections.importApply', { token: preview.token });
    expect(again.code).toBe('NOT_FOUND');
    expect(again.message).toMatch(/preview the source again/);
  });

  it('applies only the chosen candidates and treats a connection saved meanwhile as a duplicate', async () => {
    const preview = await call(core, 'connections.importPreview', {
      source: 'urls',
      text: 'postgres://a@one.example/db postgres://b@two.example/db postgres://c@three.example/db',
    });
    await call(core, 'connections.createFromUrl', { url: 'postgres://b@two.example/db' });
    const done = await call(core, 'connections.importApply', {
      token: preview.token,
      items: preview.candidates.slice(1).map((c) => ({ key: c.key })),
    });
    expect(done.created.map((c) => c.host)).toEqual(['three.example']);
    expect(done.failed).toEqual([
      { key: 'c2', name: 'b@two.example/db', reason: "already saved as 'b@two.example/db'" },
    ]);
    expect(
      core.connections
        .list()
        .map((c) => c.host)
        .sort(),
    ).toEqual(['three.example', 'two.example']);
  });

  it('reads pg_service.conf from a path and takes missing passwords from PGPASSFILE, as libpq does', async () => {
    const pw = secret('service');
    const pgpass = file('pgpass', `*:*:*:report:${pw.replaceAll(':', '\\:')}\n`);
    const before = process.env.PGPASSFILE;
    process.env.PGPASSFILE = pgpass;
    try {
      const path = file(
        'pg_service.conf',
        '[reports]\nhost=pg.example\nuser=report\ndbname=stats\n[other]\nhost=x.example\nuser=nobody\n',
      );
      const preview = await call(core, 'connections.importPreview', { source: 'pg_service', path });
      expect(preview.file).toBe(path);
      expect(preview.candidates.map((c) => [c.name, c.has_password])).toEqual([
        ['reports', true],
        ['other', false],
      ]);
      expect(preview.notices).toEqual([`1 password taken from ${pgpass}, as libpq would.`]);
      const done = await call(core, 'connections.importApply', { token: preview.token });
      expect(await secrets.get(`connection/${done.created[0]?.id}`)).toBe(pw);
    } finally {
      if (before === undefined) delete process.env.PGPASSFILE;
      else process.env.PGPASSFILE = before;
    }
  });

  it('asks for the password DBeaver kept to itself, and stores the one typed', async () => {
    const text = JSON.stringify({
      connections: {
        'pg-1': {
          provider: 'postgresql',
          name: 'Orders',
          'save-password': true,
          configuration: { host: 'pg.example', database: 'orders', user: 'app' },
        },
      },
    });
    const preview = await call(core, 'connections.importPreview', { source: 'dbeaver', text });
    expect(preview.candidates[0]).toMatchObject({ has_password: false, needs_password: true });
    const typed = secret('dbeaver');
    const done = await call(core, 'connections.importApply', {
      token: preview.token,
      items: [{ key: 'c1', password: typed }],
    });
    expect(done.created[0]?.has_password).toBe(true);
    expect(await secrets.get(`connection/${done.created[0]?.id}`)).toBe(typed);
  });

  it('says which file is missing, and that a source without a default needs text or a path', async () => {
    const missing = await failure(core, 'connections.importPreview', {
      source: 'pgpass',
      path: join(files.path, 'nope'),
    });
    expect(missing).toEqual({
      code: 'NOT_FOUND',
      message: `There is no file at ${join(files.path, 'nope')}.`,
    });
    const noDefault = await failure(core, 'connections.importPreview', { source: 'pgadmin' });
    expect(noDefault.code).toBe('BAD_INPUT');
    const badSource = await failure(core, 'connections.importPreview', {
      source: 'toad',
      text: '',
    });
    expect(badSource.message).toMatch(/source must be one of/);
  });
});

describe('export', () => {
  it('round-trips through JSON into another core, and counts as duplicates in the same one', async () => {
    const pw = secret('export');
    await call(core, 'connections.create', {
      name: 'Shop',
      type: 'postgresql',
      host: 'pg.example',
      port: 5432,
      database: 'shop',
      username: 'app',
      password: pw,
      environment: 'production',
      tags: ['shop', 'eu'],
      description: 'primary',
      tls: { mode: 'verify-full', ca_file: '/certs/ca.pem' },
    });
    await call(core, 'connections.createFromUrl', { url: 'mysql://ro@maria.example:3307/stats' });
    const exported = await call(core, 'connections.export', {});
    expect(exported.count).toBe(2);
    expect(exported.content).not.toContain(pw);
    expect(exported.content).not.toMatch(/secret_ref|has_password|"id"/);

    const same = await call(core, 'connections.importPreview', {
      source: 'benchphant',
      text: exported.content,
    });
    expect(same.candidates).toEqual([]);
    expect(same.skipped.map((s) => s.reason).sort()).toEqual([
      "already saved as 'Shop'",
      "already saved as 'ro@maria.example/stats'",
    ]);

    const other = makeTestCore();
    try {
      const preview = await call(other, 'connections.importPreview', {
        source: 'benchphant',
        text: exported.content,
      });
      await call(other, 'connections.importApply', { token: preview.token });
      const strip = (list: Connection[]) =>
        list
          .map(
            ({
              name,
              type,
              host,
              port,
              database,
              username,
              environment,
              tags,
              description,
              tls,
            }) => ({
              name,
              type,
              host,
              port,
              database,
              username,
              environment,
              tags,
              description,
              tls,
            }),
          )
          .sort((a, b) => a.name.localeCompare(b.name));
      expect(strip(other.connections.list())).toEqual(strip(core.connections.list()));
      expect(other.connections.list().every((c) => !c.has_password)).toBe(true);
    } finally {
      await other.dispose();
    }
  });

  it('exports the chosen connections as a URL list without passwords', async () => {
    const pw = secret('urls');
    const a = await call(core, 'connections.createFromUrl', {
      url: `postgres://app:${encodeURIComponent(pw)}@pg.example/shop`,
      name: 'A',
    });
    await call(core, 'connections.createFromUrl', { url: 'postgres://app@other.example/shop' });
    const out = await call(core, 'connections.export', { ids: [a.id], format: 'urls' });
    expect(out.content).toBe('# A\npostgresql://app@pg.example:5432/shop\n');
    expect(out.filename).toMatch(/^benchphant-connections-\d{4}-\d{2}-\d{2}\.txt$/);
    const unknown = await failure(core, 'connections.export', {
      ids: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.code).toBe('NOT_FOUND');
  });
});

describe('a pgpass entry for a real PostgreSQL', () => {
  const password = secret('pgpass');
  let pg: PrivatePostgres;

  beforeAll(async () => {
    pg = await startPrivatePostgres({ password });
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('is imported with its password into the secret store and then tests OK', async () => {
    const { host, port, database, username } = pg.params;
    const escaped = password.replaceAll('\\', '\\\\').replaceAll(':', '\\:');
    const path = file(
      'pgpass',
      [
        `# the private server`,
        `${host}:${port}:${database}:${username}:${escaped}`,
        `${host}:${port}:${database}:nobody:wrong`,
        'not a pgpass line',
      ].join('\n'),
    );
    const preview = await call(core, 'connections.importPreview', { source: 'pgpass', path });
    expect(preview.candidates.map((c) => [c.username, c.has_password])).toEqual([
      [username, true],
      ['nobody', true],
    ]);
    expect(preview.skipped).toEqual([
      { origin: 'line 4', reason: expect.stringMatching(/expected hostname:port/) as string },
    ]);
    const done = await call(core, 'connections.importApply', { token: preview.token });
    const [good, bad] = done.created;
    const ok = await call(core, 'connections.testSaved', { id: good?.id });
    expect(ok).toMatchObject({ success: true });
    const refused = await call(core, 'connections.testSaved', { id: bad?.id });
    expect(refused).toMatchObject({ success: false, code: 'AUTH_FAILED' });
    expect(scanDirectory(core.dataDir, secretForms(password)).hits).toEqual([]);
  });
});
