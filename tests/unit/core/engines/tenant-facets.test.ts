// The tenant facets of each engine: the SQL engines' text where they differ, and Redis's answer
// until it has tenants (a BAD_INPUT naming the engine, never an SQL statement sent to it).
import { describe, expect, it } from 'vitest';
import { UnsupportedEngine } from '../../../../shared/model/connection';
import { jsonTableSchema } from '../../../../shared/contract/tenants';
import { engineOf, sqlEngineOf } from '../../../../main/core/engines/registry';
import { tableStatements } from '../../../../main/core/tenants/ddl/from-json';

describe('SQL engines', () => {
  it('quote identifiers and drop databases in their own dialect', () => {
    const pg = sqlEngineOf('postgresql').tenants.sql;
    const my = sqlEngineOf('mysql').tenants.sql;
    expect(pg.quoter.ident('a"b')).toBe('"a""b"');
    expect(my.quoter.ident('a`b')).toBe('`a``b`');
    expect(pg.dropDatabase('t1')).toBe('DROP DATABASE IF EXISTS "t1" WITH (FORCE)');
    expect(my.dropDatabase('t1')).toBe('DROP DATABASE IF EXISTS `t1`');
  });

  it('tell how a migration applies and where a tenant benchmark runs', () => {
    expect(sqlEngineOf('postgresql').tenants.schema.transactionalDdl).toBe(true);
    expect(sqlEngineOf('mysql').tenants.schema.transactionalDdl).toBe(false);
    expect(sqlEngineOf('postgresql').tenants.schema.tenantSchema('acme__t1')).toBe('public');
    expect(sqlEngineOf('mysql').tenants.schema.tenantSchema('acme__t1')).toBe('acme__t1');
  });

  it('spell the portable types of JSON tables their own way, and pass any other as typed', () => {
    const table = jsonTableSchema.parse({
      name: 'items',
      columns: [
        { name: 'id', type: 'serial', primary_key: true },
        { name: 'doc', type: 'json' },
        { name: 'at', type: 'timestamp' },
        { name: 'n', type: 'numeric(10,2)' },
      ],
    });
    const [pg] = tableStatements([table], 'postgresql');
    const [my] = tableStatements([table], 'mysql');
    expect(pg).toContain('"id" serial NOT NULL');
    expect(pg).toContain('"doc" jsonb');
    expect(pg).toContain('"at" timestamptz');
    expect(my).toContain('`id` int AUTO_INCREMENT NOT NULL');
    expect(my).toContain('`doc` json');
    expect(my).toContain('`at` datetime(6)');
    expect(pg).toContain('"n" numeric(10,2)');
    expect(my).toContain('`n` numeric(10,2)');
  });

  it('bind within PostgreSQL’s parameter limit, and not below one row', () => {
    expect(sqlEngineOf('postgresql').tenants.imports.rowsPerInsert(100, 5000)).toBe(600);
    expect(sqlEngineOf('postgresql').tenants.imports.rowsPerInsert(100_000, 5000)).toBe(1);
    expect(sqlEngineOf('mysql').tenants.imports.rowsPerInsert(100, 5000)).toBe(5000);
  });
});

describe('Redis before it has tenants', () => {
  const tenants = engineOf('redis').tenants;
  const refusal = /^Tenants are not supported for Redis yet\.$/;

  it('answers every facet with the not-supported error', async () => {
    expect(() => tenants.sql.quoter).toThrow(UnsupportedEngine);
    expect(() => tenants.sql.dropDatabase('x')).toThrow(refusal);
    expect(() => tenants.schema.transactionalDdl).toThrow(refusal);
    expect(() => tenants.imports.routingFilter('tenant_id', 'a')).toThrow(refusal);
    expect(() => tenants.backups.fileExtension).toThrow(refusal);
    await expect((async () => tenants.access.databaseExists({} as never, 'x'))()).rejects.toThrow(
      refusal,
    );
  });
});
