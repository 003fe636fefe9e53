// An import's key pattern on Redis: which patterns are understood, which tenant a key belongs to
// and what it is called inside the tenant, byte for byte (keys are binary).
import { describe, expect, it } from 'vitest';
import { parseKeyPattern, routeKey } from '../../../../main/core/engines/redis/tenants/import';

const route = (pattern: string, key: string | Buffer) => {
  const r = routeKey(parseKeyPattern(pattern), Buffer.isBuffer(key) ? key : Buffer.from(key));
  return r && { tenant: r.tenant, rest: r.rest.toString('latin1') };
};

describe('key patterns of a Redis import', () => {
  it('reads <prefix>{tenant}<separator>*', () => {
    expect(parseKeyPattern('{tenant}:*')).toEqual({ before: '', after: ':' });
    expect(parseKeyPattern('app:{tenant}::*')).toEqual({ before: 'app:', after: '::' });
  });

  it.each(['tenant:*', '{tenant}*', '{tenant}:', 'a*:{tenant}:*', '{tenant}:[x]*', 'x{tenant}?*'])(
    'refuses %s, naming the shape it wants',
    (pattern) => {
      expect(() => parseKeyPattern(pattern)).toThrow(/key_pattern must read <prefix>\{tenant\}/);
    },
  );

  it('routes a key to its tenant and keeps the rest as the key inside the tenant', () => {
    expect(route('app:{tenant}:*', 'app:acme:user:1')).toEqual({ tenant: 'acme', rest: 'user:1' });
    expect(route('{tenant}:*', 'acme:')).toEqual({ tenant: 'acme', rest: '' });
    expect(route('{tenant}.*', 'acme.x.y')).toEqual({ tenant: 'acme', rest: 'x.y' });
  });

  it('leaves out keys outside the pattern, or without a tenant part', () => {
    expect(route('app:{tenant}:*', 'other:acme:1')).toBeNull();
    expect(route('app:{tenant}:*', 'app:acme')).toBeNull();
    expect(route('app:{tenant}:*', 'app::x')).toBeNull();
    expect(route('{tenant}:*', 'plain')).toBeNull();
  });

  it('keeps binary key bytes as they are', () => {
    const key = Buffer.concat([Buffer.from('acme:'), Buffer.from([0xff, 0x00, 0x80])]);
    const r = routeKey(parseKeyPattern('{tenant}:*'), key);
    expect(r?.tenant).toBe('acme');
    expect([...(r?.rest ?? [])]).toEqual([0xff, 0x00, 0x80]);
  });
});
