// Schema import on each engine against the real servers: from an existing database (read and
// turned into DDL that rebuilds the same tables, columns, indexes and foreign keys) and from JSON
// table definitions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspect } from '../../../main/core/tenants/introspect';
import { quoter } from '../../../main/core/tenants/sql/quote';
import {
  addConnection,
  admin,
  call,
  callError,
  dropEverything,
  ENGINES,
  makeTestCore,
  runPrefix,
  type TestCore,
} from './harness';

const SOURCE: Record<'postgresql' | 'mysql', string[]> = {
  postgresql: [
    `CREATE TABLE parent (id serial PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'x', code char(3) UNIQUE, created timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE child (id bigint PRIMARY KEY, parent_id int NOT NULL REFERENCES parent (id) ON DELETE CASCADE, note varchar(200), amount numeric(10,2) DEFAULT 0)`,
    'CREATE INDEX child_note_idx ON child (note, amount)',
  ],
  mysql: [
    `CREATE TABLE parent (id int AUTO_INCREMENT PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'x', code char(3) UNIQUE, created datetime NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
    `CREATE TABLE child (id bigint PRIMARY KEY, parent_id int NOT NULL, note varchar(200), amount decimal(10,2) DEFAULT 0, FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE)`,
    'CREATE INDEX child_note_idx ON child (note, amount)',
  ],
};

describe.each(ENGINES)('schema import on %s', (type) => {
  const prefix = runPrefix();
  const source = `${prefix}_src`;
  let core: TestCore;
  let connectionId: string;

  beforeAll(async () => {
    core = makeTestCore();
    connectionId = await addConnection(core, type);
    const c = await admin(type);
    await c.query(`CREATE DATABASE ${quoter(type).ident(source)}`);
    await c.close();
    const s = await admin(type, source);
    for (const sql of SOURCE[type]) await s.query(sql);
    await s.close();
  });
  afterAll(async () => {
    await core?.dispose();
    await dropEverything(type, prefix);
  });

  it('rebuilds an existing database: the same tables, columns, indexes and foreign keys', async () => {
    const ws = `${prefix}_copy`;
    await call(core, 'workspaces.create', { name: ws, connection_id: connectionId });
    const imported = await call(core, 'workspaces.importSchema', {
      id: ws,
      source: 'database',
      connection_id: connectionId,
      database: source,
    });
    expect(imported.changes.length).toBeGreaterThanOrEqual(3);
    const s = await admin(type, source);
    const expected = await introspect(s);
    await s.close();
    expect(imported.tables).toEqual(expected.tables);
    expect(imported.tables.find((t) => t.name === 'child')?.foreign_keys[0]).toMatchObject({
      ref_table: 'parent',
      columns: ['parent_id'],
      on_delete: 'CASCADE',
    });
    // The copy deploys cleanly: the generated DDL applies to a fresh database.
    expect((await call(core, 'workspaces.deploy', { id: ws })).version).toBe('1.0');
  });

  it('imports JSON tables with references and indexes, and refuses an empty source', async () => {
    const ws = `${prefix}_json`;
    await call(core, 'workspaces.create', { name: ws, connection_id: connectionId });
    const r = await call(core, 'workspaces.importSchema', {
      id: ws,
      source: 'json',
      tables: [
        {
          name: 'authors',
          columns: [
            { name: 'id', type: 'serial', primary_key: true },
            { name: 'name', type: 'varchar(100)', nullable: false, unique: true },
            { name: 'joined', type: 'timestamp', default_current_timestamp: true },
          ],
        },
        {
          name: 'posts',
          columns: [
            { name: 'id', type: 'bigserial', primary_key: true },
            {
              name: 'author_id',
              type: 'int',
              nullable: false,
              references: { table: 'authors', column: 'id', on_delete: 'CASCADE' },
            },
            { name: 'title', type: 'varchar(200)', nullable: false, default: 'untitled' },
            { name: 'published', type: 'boolean', default: false },
          ],
          indexes: [{ columns: ['author_id', 'title'], unique: true }],
        },
      ],
    });
    const posts = r.tables.find((t) => t.name === 'posts');
    expect(posts?.foreign_keys.map((f) => f.ref_table)).toEqual(['authors']);
    expect(posts?.indexes.some((i) => i.unique && i.columns.join() === 'author_id,title')).toBe(
      true,
    );
    expect(r.changes.map((c) => c.kind)).toEqual([
      'CREATE TABLE',
      'CREATE TABLE',
      'CREATE INDEX',
      'ALTER TABLE ADD CONSTRAINT',
    ]);

    const empty = `${prefix}_empty`;
    const c = await admin(type);
    await c.query(`CREATE DATABASE ${quoter(type).ident(empty)}`);
    await c.close();
    const err = await callError(core, 'workspaces.importSchema', {
      id: ws,
      source: 'database',
      connection_id: connectionId,
      database: empty,
    });
    expect(err.message).toMatch(/no tables/);
  });
});
