import { describe, expect, it } from 'vitest';
import { compileRoutes, matchRoute } from '../../../main/server/routes';
import { METHODS, operations } from '../../../shared/contract';

const routes = compileRoutes();
const ID = '5f0c3a4e-8a8b-4c1e-9d5e-0b3c2a1f9e7d';

describe('compileRoutes', () => {
  it('has one route per contract operation that declares one', () => {
    const declared = METHODS.filter((m) => operations[m].rest);
    expect(routes.map((r) => r.method).sort()).toEqual([...declared].sort());
  });

  it('never declares the same method and path twice', () => {
    const keys = routes.map(
      (r) => `${r.http} ${r.segments.map((s) => ('param' in s ? '{}' : s.literal)).join('/')}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('matchRoute', () => {
  it('maps the spec paths to operations with path parameters', () => {
    const get = matchRoute(routes, 'GET', `/api/v1/connections/${ID}`);
    expect(get).toMatchObject({
      kind: 'found',
      route: { method: 'connections.get' },
      params: { id: ID },
    });
    expect(matchRoute(routes, 'POST', '/api/v1/connections')).toMatchObject({
      kind: 'found',
      route: { method: 'connections.create', status: 201 },
    });
    expect(matchRoute(routes, 'POST', `/api/v1/connections/${ID}/test`)).toMatchObject({
      kind: 'found',
      route: { method: 'connections.testSaved' },
    });
  });

  it("maps tenantsdb-api.md's workspace settings and VM callback", () => {
    for (const [http, method] of [
      ['GET', 'workspaces.settings'],
      ['POST', 'workspaces.configure'],
    ] as const)
      expect(matchRoute(routes, http, '/api/v1/workspaces/myapp/settings')).toMatchObject({
        kind: 'found',
        route: { method },
        params: { id: 'myapp' },
      });
    expect(matchRoute(routes, 'POST', '/api/v1/webhooks/vm-ready')).toMatchObject({
      kind: 'found',
      route: { method: 'webhooks.vmReady' },
    });
  });

  it('prefers literal segments over placeholders', () => {
    expect(matchRoute(routes, 'POST', '/api/v1/connections/test')).toMatchObject({
      kind: 'found',
      route: { method: 'connections.test' },
    });
    expect(matchRoute(routes, 'POST', '/api/v1/connections/from-url')).toMatchObject({
      kind: 'found',
      route: { method: 'connections.createFromUrl' },
    });
  });

  it('ignores one trailing slash and decodes parameters', () => {
    expect(matchRoute(routes, 'GET', '/api/v1/connections/')).toMatchObject({
      kind: 'found',
      route: { method: 'connections.list' },
    });
    expect(matchRoute(routes, 'GET', '/api/v1/connections/a%20b')).toMatchObject({
      params: { id: 'a b' },
    });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(matchRoute(routes, 'PATCH', '/api/v1/connections')).toEqual({
      kind: 'wrong-method',
      allowed: ['GET', 'POST'],
    });
    expect(matchRoute(routes, 'GET', '/api/v1/nothing')).toEqual({ kind: 'none' });
    expect(matchRoute(routes, 'GET', '/api/v1/connections//test')).toEqual({ kind: 'none' });
    expect(matchRoute(routes, 'GET', '/api/v1/connections/%E0%A4%A')).toEqual({ kind: 'none' });
  });
});
