import { describe, expect, it } from 'vitest';
import { guessImportSource } from '../../../../main/core/connections/import/guess-source';

describe('guessImportSource', () => {
  it.each([
    ['/home/me/.pgpass', 'x', 'pgpass'],
    ['pg_service.conf', 'x', 'pg_service'],
    ['/etc/mysql/my.cnf', 'x', 'my_cnf'],
    [
      'export.json',
      '{"format":"benchphant-connections","version":1,"connections":[]}',
      'benchphant',
    ],
    ['whatever.json', '{"Servers":{}}', 'pgadmin'],
    ['whatever.json', '{"folders":{},"connections":{}}', 'dbeaver'],
    ['list.txt', '# mine\npostgres://a@b/c\n', 'urls'],
    ['services', '# x\n[prod]\nhost=a\n', 'pg_service'],
    ['client-options', '[client]\nuser=a\n', 'my_cnf'],
    ['passwords', 'db:5432:app:me:pa\\:ss\n', 'pgpass'],
  ] as const)('reads %s as %s', (name, text, expected) => {
    expect(guessImportSource(name, text)).toBe(expected);
  });

  it('says when it cannot tell', () => {
    expect(guessImportSource('notes.txt', 'hello world')).toBeNull();
    expect(guessImportSource('x.json', '{"other": 1}')).toBeNull();
    expect(guessImportSource('x.json', '{not json')).toBeNull();
  });
});
