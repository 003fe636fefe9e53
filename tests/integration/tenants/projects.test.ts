// Projects over the headless server with real PostgreSQL: what an API key creates belongs to its
// project, another project's key cannot see or touch it (404, as if absent), keys reach nothing
// outside the tenants API, the owner sees every project, and a project with tenants is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logging/logger';
import { startServer, type RunningServer } from '../../../main/server/server';
import {
  addConnection,
  dropEverything,
  makeBlueprint,
  makeTestCore,
  runPrefix,
  type TestCore,
} from './harness';

const TOKEN = 'projects-owner-token-93af';
const prefix = runPrefix();
const legacy = `${prefix}_old`;
const shop = `${prefix}_shop`;
const tenant = `${prefix.replace('bpt_', 'p')}acme`;
let core: TestCore;
let server: RunningServer;
let connectionId: string;
let keyA: string;
let keyB: string;
let projectA: string;

async function api(auth: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  core = makeTestCore();
  connectionId = await addConnection(core, 'postgresql');
  // Made before any project: it stays in the default one.
  await makeBlueprint(core, connectionId, legacy);
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
  const signup = await api('', 'POST', '/api/v1/signup', {
    email: `${prefix}@example.com`,
    password: 'yourpassword',
    project_name: 'Shop',
  });
  keyA = String(signup.body.api_key);
  projectA = String(signup.body.project_id);
  const other = await api(TOKEN, 'POST', '/api/v1/projects', { name: 'Other' });
  const made = await api(TOKEN, 'POST', '/api/v1/apikeys', {
    project_name: 'Other key',
    project_id: other.body.project_id,
  });
  keyB = String(made.body.api_key);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await core?.dispose();
  await dropEverything('postgresql', prefix);
});

describe('a project key', () => {
  it('creates a workspace, blueprint and tenant inside its project', async () => {
    expect(
      (await api(keyA, 'POST', '/api/v1/workspaces', { name: shop, connection_id: connectionId }))
        .status,
    ).toBe(201);
    expect(
      (
        await api(keyA, 'POST', `/api/v1/workspaces/${shop}/schema`, {
          source: 'template',
          template: 'ecommerce',
        })
      ).status,
    ).toBe(200);
    expect((await api(keyA, 'POST', `/api/v1/workspaces/${shop}/deploy`)).status).toBe(201);
    const created = await api(keyA, 'POST', '/api/v1/tenants', {
      tenant_id: tenant,
      databases: [{ blueprint: shop }],
    });
    expect(created.status).toBe(201);

    const workspaces = await api(keyA, 'GET', '/api/v1/workspaces');
    expect(workspaces.body).toMatchObject({
      count: 1,
      workspaces: [{ id: shop, project_id: projectA }],
    });
    const tenants = await api(keyA, 'GET', '/api/v1/tenants');
    expect(tenants.body).toMatchObject({ count: 1, tenants: [{ tenant_id: tenant }] });
    expect((await api(keyA, 'GET', `/api/v1/tenants/${tenant}/deployments`)).status).toBe(200);
  }, 120_000);

  it("does not see the default project's blueprint", async () => {
    const blueprints = await api(keyA, 'GET', '/api/v1/blueprints');
    const names = (blueprints.body.blueprints as Array<{ name: string }>).map((b) => b.name);
    expect(names).toEqual([shop]);
    expect((await api(keyA, 'GET', `/api/v1/blueprints/${legacy}`)).status).toBe(404);
  });

  it("answers another project's resources as absent, and refuses what is outside the tenants API", async () => {
    expect((await api(keyB, 'GET', '/api/v1/workspaces')).body).toMatchObject({ count: 0 });
    expect((await api(keyB, 'GET', '/api/v1/tenants')).body).toMatchObject({ count: 0 });
    for (const path of [
      `/api/v1/workspaces/${shop}`,
      `/api/v1/tenants/${tenant}`,
      `/api/v1/tenants/${tenant}/deployments`,
      `/api/v1/blueprints/${shop}`,
    ])
      expect((await api(keyB, 'GET', path)).status, path).toBe(404);
    const steal = await api(keyB, 'POST', '/api/v1/tenants', {
      tenant_id: `${tenant}x`,
      databases: [{ blueprint: shop }],
    });
    expect(steal.status).toBe(404);
    expect(
      (await api(keyB, 'POST', '/api/v1/deployments', { blueprint_name: shop, deploy_all: true }))
        .status,
    ).toBe(404);
    expect((await api(keyB, 'DELETE', `/api/v1/tenants/${tenant}`)).status).toBe(404);
    expect((await api(keyB, 'GET', '/api/v1/connections')).status).toBe(403);
  });

  it('leaves the owner seeing every project, each item labelled', async () => {
    const listed = await api(TOKEN, 'GET', '/api/v1/workspaces');
    const byId = new Map(
      (listed.body.workspaces as Array<{ id: string; project_id: string }>).map((w) => [
        w.id,
        w.project_id,
      ]),
    );
    expect(byId.get(shop)).toBe(projectA);
    expect(byId.get(legacy)).toBe('tdb_default');
  });
});

describe('deleting a project', () => {
  it('is refused while it owns tenants, and after a soft delete only with ?force=true', async () => {
    const refused = await api(keyA, 'DELETE', `/api/v1/projects/${projectA}`);
    expect(refused.status).toBe(409);
    expect(String(refused.body.error)).toMatch(/still owns 1 tenant/);
    expect((await api(keyA, 'DELETE', `/api/v1/tenants/${tenant}`)).status).toBe(200);
    expect((await api(keyA, 'DELETE', `/api/v1/projects/${projectA}`)).status).toBe(409);
    expect((await api(keyA, 'DELETE', `/api/v1/projects/${projectA}?force=true`)).status).toBe(200);
    // Its keys went with it, at once.
    expect((await api(keyA, 'GET', '/api/v1/workspaces')).status).toBe(401);
    const listed = await api(TOKEN, 'GET', '/api/v1/workspaces');
    const mine = (listed.body.workspaces as Array<{ id: string; project_id: string }>).find(
      (w) => w.id === shop,
    );
    expect(mine?.project_id).toBe('tdb_default');
    await api(TOKEN, 'DELETE', `/api/v1/tenants/${tenant}?hard=true&confirm=${tenant}`);
  }, 60_000);

  it('answers the deployments of an unknown tenant with 404', async () => {
    expect((await api(TOKEN, 'GET', `/api/v1/tenants/${prefix}_nobody/deployments`)).status).toBe(
      404,
    );
  });
});

describe('a non-admin account (JWT or Basic)', () => {
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  async function as(authorization: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
      method,
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const lab = `${prefix}_lab`;
  let bobJwt: string;
  let bobProject: string;

  beforeAll(async () => {
    for (const username of [`${prefix}-bob`, `${prefix}-carol`, `${prefix}-root`])
      expect(
        (
          await api(TOKEN, 'POST', '/api/v1/users', {
            username,
            password: 'a long password 1',
            admin: username.endsWith('root'),
          })
        ).status,
      ).toBe(201);
    const login = await api('', 'POST', '/api/v1/auth/login', {
      username: `${prefix}-bob`,
      password: 'a long password 1',
    });
    bobJwt = `Bearer ${String(login.body.access_token)}`;
  });

  it('cannot create a workspace before it owns a project', async () => {
    const refused = await as(bobJwt, 'POST', '/api/v1/workspaces', {
      name: lab,
      connection_id: connectionId,
    });
    expect(refused.status).toBe(403);
    expect(String(refused.body.error)).toMatch(/no project/);
  });

  it('files what it creates under its own project and lists only that', async () => {
    const project = await as(bobJwt, 'POST', '/api/v1/projects', { name: 'Lab' });
    bobProject = String(project.body.project_id);
    const made = await as(bobJwt, 'POST', '/api/v1/workspaces', {
      name: lab,
      connection_id: connectionId,
    });
    expect(made.status).toBe(201);
    const listed = await as(bobJwt, 'GET', '/api/v1/workspaces');
    expect(listed.body).toMatchObject({
      count: 1,
      workspaces: [{ id: lab, project_id: bobProject }],
    });
    // The default project's blueprint is someone else's.
    expect((await as(bobJwt, 'GET', `/api/v1/blueprints/${legacy}`)).status).toBe(404);
    expect((await as(bobJwt, 'GET', `/api/v1/workspaces/${legacy}`)).status).toBe(404);
    // Operations outside projects stay open to a signed-in account.
    expect((await as(bobJwt, 'GET', '/api/v1/connections')).status).toBe(200);
  }, 60_000);

  it("answers another account's project as absent, over Basic too", async () => {
    const carol = basic(`${prefix}-carol`, 'a long password 1');
    expect((await as(carol, 'GET', '/api/v1/workspaces')).body).toMatchObject({ count: 0 });
    expect((await as(carol, 'GET', `/api/v1/workspaces/${lab}`)).status).toBe(404);
    expect((await as(carol, 'DELETE', `/api/v1/workspaces/${lab}`)).status).toBe(404);
    expect((await as(carol, 'GET', '/api/v1/projects')).body).toMatchObject({ count: 0 });
  });

  it('leaves an admin account seeing every project', async () => {
    const root = basic(`${prefix}-root`, 'a long password 1');
    const listed = await as(root, 'GET', '/api/v1/workspaces');
    const ids = (listed.body.workspaces as Array<{ id: string }>).map((w) => w.id);
    expect(ids).toEqual(expect.arrayContaining([lab, legacy]));
    expect((await as(bobJwt, 'DELETE', `/api/v1/workspaces/${lab}`)).status).toBe(200);
  }, 60_000);
});
