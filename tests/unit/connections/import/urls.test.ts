import { describe, expect, it } from 'vitest';
import { parseUrlList } from '../../../../main/core/connections/import/urls';

describe('parseUrlList', () => {
  it('reads one or many URLs per line, skips comments, and reports bad ones by line', () => {
    const result = parseUrlList(
      [
        '# staging',
        'postgres://app:Zq9-hidden@pg.example:5433/shop?sslmode=require',
        '  mysql://root@my.example/inventory   mariadb://ro@maria.example:3307/stats',
        'postgres://nobody@pg.example:99999/x',
        'ftp://files.example/x',
        '',
      ].join('\n'),
    );
    expect(result.entries.map((e) => [e.origin, e.type, e.host, e.port, e.database])).toEqual([
      ['line 2', 'postgresql', 'pg.example', 5433, 'shop'],
      ['line 3, URL 1', 'mysql', 'my.example', 3306, 'inventory'],
      ['line 3, URL 2', 'mysql', 'maria.example', 3307, 'stats'],
    ]);
    expect(result.entries[0]).toMatchObject({
      name: 'app@pg.example/shop',
      password: 'Zq9-hidden',
      tls: { mode: 'require' },
    });
    expect(result.problems.map((p) => p.origin)).toEqual(['line 4', 'line 5']);
    expect(result.problems[0]?.reason).toMatch(/port must be between 1 and 65535/);
    expect(result.problems[1]?.reason).toMatch(/scheme must be/);
  });
});
