// The SQL reading the tenants service relies on: statement splitting that respects quotes and
// comments, conservative write detection, DDL kinds, and inverses quoted by each driver.
import { describe, expect, it } from 'vitest';
import { classify, inverseOf } from '../../../main/core/tenants/sql/classify';
import { singleStatement, splitStatements } from '../../../main/core/tenants/sql/lexer';

describe('splitStatements', () => {
  it('splits on top-level semicolons only', () => {
    expect(splitStatements("SELECT ';'; SELECT 2 -- ; x\n; /* ; */", 'postgresql')).toEqual([
      "SELECT ';'",
      'SELECT 2 -- ; x',
    ]);
    expect(splitStatements('DO $f$ BEGIN PERFORM 1; END $f$; SELECT 1', 'postgresql')).toHaveLength(
      2,
    );
    expect(splitStatements("SELECT 'a\\';b'; SELECT 2", 'mysql')).toHaveLength(2);
    expect(splitStatements("SELECT E'a\\';b'", 'postgresql')).toHaveLength(1);
  });

  it('refuses more than one statement for the console', () => {
    expect(() => singleStatement('SELECT 1; SELECT 2', 'postgresql')).toThrow(/2 statements/);
    expect(() => singleStatement('  -- nothing\n', 'mysql')).toThrow(/no statement/);
  });
});

describe('classify', () => {
  it.each([
    ['SELECT * FROM t', true],
    ['  select 1', true],
    ['SHOW TABLES', true],
    ['EXPLAIN SELECT 1', true],
    ['EXPLAIN ANALYZE DELETE FROM t', false],
    ['WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x', false],
    ['SELECT * FROM t FOR UPDATE', false],
    ['SELECT 1 INTO @x', false],
    ["SELECT 'DELETE' AS word", true],
    ["SELECT nextval('s')", false],
    ['INSERT INTO t VALUES (1)', false],
    ['VACUUM', false],
  ])('%s → read %s', (sql, read) => {
    expect(classify(sql, 'postgresql').read).toBe(read);
  });

  it('names DDL kinds', () => {
    expect(classify('CREATE UNIQUE INDEX i ON t (a)', 'postgresql').kind).toBe('CREATE INDEX');
    expect(classify('alter table t add column c int', 'mysql').kind).toBe('ALTER TABLE ADD COLUMN');
    expect(classify('ALTER TABLE t ADD CONSTRAINT k CHECK (a > 0)', 'postgresql').kind).toBe(
      'ALTER TABLE ADD CONSTRAINT',
    );
    expect(classify('DROP TABLE t', 'mysql')).toMatchObject({ ddl: true, kind: 'DROP TABLE' });
    expect(classify('UPDATE t SET a = 1', 'mysql').ddl).toBe(false);
  });
});

describe('inverseOf', () => {
  it('undoes CREATE TABLE, ADD COLUMN and CREATE INDEX with quoted names', () => {
    expect(inverseOf('CREATE TABLE IF NOT EXISTS Accounts (id int)', 'postgresql').inverse).toBe(
      'DROP TABLE "accounts"',
    );
    expect(inverseOf('CREATE TABLE `My Table` (id int)', 'mysql').inverse).toBe(
      'DROP TABLE `My Table`',
    );
    expect(inverseOf('CREATE TABLE public."Odd""Name" (id int)', 'postgresql').inverse).toBe(
      'DROP TABLE "public"."Odd""Name"',
    );
    expect(inverseOf('ALTER TABLE t ADD COLUMN IF NOT EXISTS c int', 'postgresql').inverse).toBe(
      'ALTER TABLE "t" DROP COLUMN "c"',
    );
    expect(inverseOf('ALTER TABLE Orders ADD Note text', 'mysql').inverse).toBe(
      'ALTER TABLE `Orders` DROP COLUMN `Note`',
    );
    expect(inverseOf('CREATE INDEX CONCURRENTLY ix ON t (a)', 'postgresql').inverse).toBe(
      'DROP INDEX "ix"',
    );
    expect(inverseOf('CREATE UNIQUE INDEX ix ON t (a)', 'mysql').inverse).toBe(
      'DROP INDEX `ix` ON `t`',
    );
  });

  it('says why where no inverse exists', () => {
    const drop = inverseOf('DROP TABLE t', 'postgresql');
    expect(drop.inverse).toBeNull();
    expect(drop.note).toMatch(/cannot be reverted/);
    expect(inverseOf('CREATE INDEX ON t (a)', 'postgresql').note).toMatch(/no name/);
    expect(
      inverseOf('ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int', 'postgresql').note,
    ).toMatch(/several things/);
    expect(inverseOf('ALTER TABLE t RENAME TO u', 'mysql').note).toMatch(/No automatic inverse/);
  });
});
